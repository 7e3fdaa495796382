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
