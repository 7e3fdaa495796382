// The project's own loopback ports, chosen to stay clear of system PostgreSQL (5432) and Redis (6379).
// DATABASE_URL / REDIS_URL point the apps elsewhere and make the scripts skip starting that engine.
export const ports = {
  postgres: Number(process.env.BOXOFFICE_PG_PORT ?? 55432),
  redis: Number(process.env.BOXOFFICE_REDIS_PORT ?? 56379),
  api: Number(process.env.PORT ?? 3000),
  web: 5173,
  admin: 5174,
};
