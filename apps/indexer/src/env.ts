import { databaseEnv, parseEnv, redisEnv, searchEnv, serverEnv } from '@boxoffice/config';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** The indexer's own knobs; database, Redis and OpenSearch settings come from the shared schemas. */
export const cdcEnv = z.object({
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:59092')
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .describe('Comma-separated Kafka bootstrap servers (infra/lib/kafka.mjs starts one on 59092).'),
  KAFKA_CONNECT_URL: z
    .url()
    .default('http://127.0.0.1:58083')
    .describe('Kafka Connect REST API the Debezium connector is registered with.'),
  CDC_DATABASE_URL: z
    .url()
    .optional()
    .describe('The catalog database as Kafka Connect reaches it (default DATABASE_URL; differs in Docker).'),
  CDC_REGISTER_CONNECTOR: bool
    .default(true)
    .describe('Register (PUT) the Debezium connector of this catalog database at start-up; idempotent.'),
  INDEXER_GROUP_ID: z
    .string()
    .min(1)
    .optional()
    .describe('Kafka consumer group; default boxoffice-indexer-<database>-<index prefix>.'),
  INDEXER_HOST: z.string().default('127.0.0.1').describe('Interface /healthz and /metrics bind to.'),
  INDEXER_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(59400)
    .describe('Port of /healthz and /metrics (0 = any free port, logged at start).'),
  INDEXER_REFRESH_INTERVAL: z
    .string()
    .regex(/^\d+(ms|s)$/, 'an OpenSearch time value such as 200ms or 1s')
    .default('200ms')
    .describe(
      'refresh_interval the indexer sets on the events index: a write is searchable within it (CDC target < 1 s).',
    ),
  INDEXER_FROM_BEGINNING: bool
    .default(false)
    .describe(
      'A new consumer group starts at the oldest change kept (default: the newest; the bulk reindex covers the past).',
    ),
});

export const indexerEnv = databaseEnv
  .extend(redisEnv.shape)
  .extend(searchEnv.shape)
  .extend(serverEnv.pick({ NODE_ENV: true, LOG_LEVEL: true }).shape)
  .extend(cdcEnv.shape);
export type IndexerEnv = z.infer<typeof indexerEnv>;

export function parseIndexerEnv(source: Record<string, string | undefined> = process.env): IndexerEnv {
  return parseEnv(indexerEnv, source);
}
