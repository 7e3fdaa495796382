// The project's own loopback ports, chosen to stay clear of system PostgreSQL (5432) and Redis (6379).
// DATABASE_URL / REDIS_URL point the apps elsewhere and make the scripts skip starting that engine.
export const ports = {
  postgres: Number(process.env.BOXOFFICE_PG_PORT ?? 55432),
  redis: Number(process.env.BOXOFFICE_REDIS_PORT ?? 56379),
  // Kafka (KRaft): clients on kafka, the controller quorum on kafkaController; Kafka Connect's REST API.
  kafka: Number(process.env.BOXOFFICE_KAFKA_PORT ?? 59092),
  kafkaController: Number(process.env.BOXOFFICE_KAFKA_CONTROLLER_PORT ?? 59093),
  kafkaConnect: Number(process.env.BOXOFFICE_KAFKA_CONNECT_PORT ?? 58083),
  // The CDC indexer's /healthz and /metrics (npm start -- --full; the test stack uses the next one).
  indexer: Number(process.env.BOXOFFICE_INDEXER_PORT ?? 59400),
  api: Number(process.env.PORT ?? 3000),
  web: 5173,
  admin: 5174,
};
