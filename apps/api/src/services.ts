import { createTokenSigner } from '@boxoffice/auth';
import type { ApiEnv } from '@boxoffice/config';
import { connectDatabases } from '@boxoffice/db';
import { createRateLimits, type Services } from '@boxoffice/trpc';
import { Redis } from 'ioredis';

/** Connect everything the API needs. Producers fail fast when Redis is down (BullMQ's advice). */
export async function createServices(env: ApiEnv): Promise<Services> {
  const redis = new Redis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => {}); // reconnects on its own; health and requests report the outage
  await redis.connect();
  return {
    db: connectDatabases(env),
    redis,
    signer: createTokenSigner(env.JWT_SECRET, env.ACCESS_TOKEN_TTL_SECONDS),
    rateLimits: createRateLimits(redis, { disabled: env.RATE_LIMIT_DISABLED }),
    config: { refreshTtlDays: env.REFRESH_TOKEN_TTL_DAYS },
  };
}

export async function closeServices(services: Services): Promise<void> {
  await services.redis.quit().catch(() => services.redis.disconnect());
  await services.db.destroy();
}
