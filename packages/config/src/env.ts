import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The checkout's root: where pnpm-workspace.yaml is. Local data lives in its `.data/`. */
export const repoRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
})();

const isProduction = process.env.NODE_ENV === 'production';

/**
 * Secrets are never in the repository. Outside production a missing one is generated once
 * into `.data/secrets.json`, so every local process (api, worker, tests) shares the same value.
 */
function localSecret(name: string): string | undefined {
  if (isProduction) return undefined;
  const file = resolve(repoRoot, '.data', 'secrets.json');
  const read = (): Record<string, string> => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {});
  const current = read();
  if (current[name]) return current[name];
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ ...current, [name]: randomBytes(32).toString('base64url') }, null, 2), {
    mode: 0o600,
  });
  return read()[name];
}

const csv = z
  .string()
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean));

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

/** Each schema piece documents its knobs; apps compose the pieces they use. */
export const databaseEnv = z.object({
  DATABASE_URL: z
    .url()
    .default('postgres://boxoffice@127.0.0.1:55432/boxoffice')
    .describe('Catalog database (events, venues, performers, users). Inventory shards default to <db>_shard_<n> on the same server.'),
  SHARD_URLS: csv.optional().describe('Comma-separated inventory shard URLs; overrides SHARD_COUNT.'),
  SHARD_COUNT: z.coerce.number().int().min(1).max(256).default(1).describe('Inventory shards derived from DATABASE_URL.'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20).describe('Connections per database pool.'),
});

export const redisEnv = z.object({
  REDIS_URL: z
    .string()
    .refine((value) => /^rediss?:\/\/[^/]/.test(value) || /^\/[^?]+(\?db=\d+)?$/.test(value), 'a redis:// or rediss:// URL, or a Unix socket path such as /path/redis.sock?db=2')
    .default('redis://127.0.0.1:56379/0')
    .describe('Redis for locks, queues, cache and pub/sub: a redis:// URL, or the path of its Unix socket with an optional ?db=N.'),
});

export const authEnv = z.object({
  JWT_SECRET: z
    .string()
    .min(32, 'JWT_SECRET must be at least 32 characters')
    .default(() => localSecret('JWT_SECRET') ?? '')
    .describe('HMAC key for access tokens. Generated into .data/secrets.json outside production.'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).default(3600).describe('Access token lifetime.'),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).default(30).describe('Refresh token lifetime.'),
});

export const serverEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1').describe('Interface the API binds to.'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('API port.'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: csv
    .default(['http://127.0.0.1:5173', 'http://localhost:5173', 'http://127.0.0.1:5174', 'http://localhost:5174'])
    .describe('Browser origins allowed to call the API (web and admin).'),
  API_PROCESSES: z.coerce.number().int().min(1).max(64).default(1).describe('API processes sharing the port (node:cluster); use the cores you can spare.'),
  RATE_LIMIT_DISABLED: bool.default(false).describe('Turn the rate limiter off (benchmarks of the raw path only).'),
  RESPONSE_CACHE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(1000)
    .default(1000)
    .describe('Per-process microcache of public read answers (search, event page, availability); at most 1 s, the lag the event page may have on seat status; 0 turns it off.'),
});

export const demoEnv = z.object({
  DEMO_ADMIN_EMAIL: z.email().default('admin@boxoffice.example').describe('Demo admin account created by `npm start`.'),
  DEMO_ADMIN_PASSWORD: z
    .string()
    .min(12)
    .default(() => localSecret('DEMO_ADMIN_PASSWORD') ?? '')
    .describe('Its password; generated into .data/secrets.json outside production.'),
});

export const bookingEnv = z.object({
  HOLD_SECONDS: z.coerce.number().int().min(1).max(3600).default(900).describe('How long a hold lasts (the seed: 15 minutes).'),
  PAYMENT_HOLD_CAP_SECONDS: z.coerce.number().int().min(1).max(3600).default(600).describe('How long a hold stays frozen while its payment is in flight.'),
  TICKET_LOCK_TTL_MS: z.coerce.number().int().min(100).max(60_000).default(5_000).describe('TTL of the Redis ticket locks taken while reserving.'),
  RESERVE_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(5_000).describe('How long POST /reserve waits for the worker before answering 202.'),
  RESERVE_BATCH_MAX: z.coerce
    .number()
    .int()
    .min(1)
    .max(256)
    .default(128)
    .describe('Most reservation requests one reserve job carries (an API process batches what arrives while its previous add is in flight); 1 turns batching off.'),
  RESERVE_BATCH_SPACING_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(200)
    .default(30)
    .describe('Under load (the last batch carried 8 or more requests), the next reserve job of an event leaves at least this long after the previous one; 0 sends as soon as the previous add is done.'),
  CONFIRM_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(3_000).describe('How long POST /confirm waits for the payment webhook before answering pending.'),
});

export const paymentsEnv = z.object({
  STRIPE_SECRET_KEY: z.string().startsWith('sk_').optional().describe('Use Stripe; without it the local gateway serves Stripe test payment methods.'),
  STRIPE_API_BASE: z.url().optional().describe('Point the Stripe SDK elsewhere (stripe-mock in tests).'),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .min(16)
    .default(() => localSecret('STRIPE_WEBHOOK_SECRET') ?? '')
    .describe('Signing secret of the webhook endpoint. Generated into .data/secrets.json outside production.'),
  PAYMENTS_WEBHOOK_URL: z.url().default('http://127.0.0.1:3000/webhooks/stripe').describe('Where the local gateway delivers its signed webhooks.'),
  LOCAL_GATEWAY_WEBHOOK_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(300).describe('Delay before the local gateway delivers a webhook.'),
});

export const workerEnv = z.object({
  RESERVE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16).describe('Reservation jobs one worker runs at once per event queue.'),
  WORKER_EVENTS: csv.optional().describe('Serve only these events\' reserve queues (pin a hot event to its own workers).'),
  WORKER_SERVES: csv.default(['reserve', 'expiry', 'payments', 'admission']).describe('Which job kinds this worker process runs (admission: the waiting rooms\' admission loops).'),
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(30_000).describe('How often the expired-hold sweep runs.'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0).describe('Port for the worker\'s /metrics (0 = off).'),
  METRICS_HOST: z.string().default('127.0.0.1').describe('Interface the worker\'s /metrics binds to (0.0.0.0 in a container Prometheus scrapes).'),
});

export const searchEnv = z.object({
  SEARCH_BACKEND: z.enum(['postgres', 'opensearch']).default('postgres').describe('Search served by PostgreSQL (embedded) or OpenSearch (full profile).'),
  OPENSEARCH_URL: z
    .url()
    .default('http://127.0.0.1:59200')
    .describe('OpenSearch HTTP endpoint (plain HTTP; infra/lib/opensearch.mjs starts one on 59200).'),
  OPENSEARCH_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, - and _')
    .default('boxoffice')
    .describe('Index names start with this; the events index is <prefix>-events.'),
  OPENSEARCH_REFRESH_INTERVAL: z
    .string()
    .regex(/^(-1|\d+(ms|s|m))$/, 'an OpenSearch time value such as 200ms or 1s')
    .default('1s')
    .describe('refresh_interval of a newly created events index; CDC (<1 s lag) wants 200ms.'),
});

export const waitingRoomEnv = z.object({
  WAITING_ROOM_ACCESS_SECONDS: z.coerce.number().int().min(10).max(3600).default(600).describe('How long an admitted fan has to reserve (the access token\'s life) before the slot goes to the next fan.'),
  WAITING_ROOM_GRACE_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60).describe('How long a queued fan may be gone (stream closed, no status call) before losing the place.'),
  WAITING_ROOM_TICK_MS: z.coerce.number().int().min(10).max(5000).default(100).describe('How often each admission loop admits fans (the rate does not depend on it).'),
  WAITING_ROOM_STREAM_MS: z.coerce.number().int().min(100).max(10_000).default(500).describe('How often queue SSE streams get fresh positions.'),
});

export const apiEnv = databaseEnv
  .extend(searchEnv.shape)
  .extend(redisEnv.shape)
  .extend(authEnv.shape)
  .extend(serverEnv.shape)
  .extend(bookingEnv.shape)
  .extend(paymentsEnv.shape)
  .extend(waitingRoomEnv.shape);
export const workerAppEnv = databaseEnv
  .extend(redisEnv.shape)
  .extend(serverEnv.pick({ NODE_ENV: true, LOG_LEVEL: true }).shape)
  .extend(bookingEnv.shape)
  .extend(paymentsEnv.shape)
  .extend(workerEnv.shape)
  .extend(waitingRoomEnv.shape);
export type WorkerAppEnv = z.infer<typeof workerAppEnv>;
export type ApiEnv = z.infer<typeof apiEnv>;
export type DatabaseEnv = z.infer<typeof databaseEnv>;

export class EnvError extends Error {}

/** Parse once at boot; a bad value stops the process with every problem named. */
export function parseEnv<T extends z.ZodType>(schema: T, source: Record<string, string | undefined> = process.env): z.infer<T> {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Inventory shard URLs: explicit SHARD_URLS, or SHARD_COUNT databases named after the catalog's. */
export function shardUrls(env: DatabaseEnv): string[] {
  if (env.SHARD_URLS?.length) return env.SHARD_URLS;
  const base = new URL(env.DATABASE_URL);
  const name = base.pathname.replace(/^\//, '') || 'boxoffice';
  return Array.from({ length: env.SHARD_COUNT }, (_, i) => {
    const url = new URL(base);
    url.pathname = `/${name}_shard_${i}`;
    return url.toString();
  });
}
