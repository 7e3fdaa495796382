import type { Databases } from '@boxoffice/db';
import type { CatalogDb, ShardRouter } from '@boxoffice/db';
import type { Redis } from 'ioredis';

export interface BookingDeps {
  catalog: CatalogDb;
  shards: ShardRouter;
  redis: Redis;
  /** How long a hold lasts (900 s by default). */
  holdSeconds: number;
  /** How long a hold may stay frozen while its payment is in flight. */
  paymentCapSeconds: number;
  /** Redis ticket locks only filter contention; the version check in PostgreSQL is the fence. */
  lockTtlMs: number;
  /** Test seam: runs after versions are read and before the conditional write. */
  beforeWrite?: () => Promise<void>;
}

/** The booking settings every process reads the same way (packages/config's bookingEnv). */
export interface BookingSettings {
  HOLD_SECONDS: number;
  PAYMENT_HOLD_CAP_SECONDS: number;
  TICKET_LOCK_TTL_MS: number;
}

export function bookingDeps(env: BookingSettings, db: Databases, redis: Redis): BookingDeps {
  return {
    catalog: db.catalog,
    shards: db.shards,
    redis,
    holdSeconds: env.HOLD_SECONDS,
    paymentCapSeconds: env.PAYMENT_HOLD_CAP_SECONDS,
    lockTtlMs: env.TICKET_LOCK_TTL_MS,
  };
}
