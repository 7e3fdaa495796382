import type { Redis } from 'ioredis';
import { lockKeyOf } from './cache-aside';
import { catalogCacheKeys } from './catalog-keys';

/**
 * Call after any change to an event or the rows its pages come from (venue, performers, price tiers,
 * tickets added or removed). Drops those event pages, fences loads of them already in flight, bumps
 * their generations (so copies built in API processes stop being served), and retires every cached
 * search (and tells API processes to drop their microcaches): results are cheap to recompute and a
 * renamed or rescheduled event may belong in searches that never listed it. Live seat status is not a
 * cache and is left alone.
 */
export async function invalidateEventCaches(redis: Redis, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  const keys = eventIds.flatMap((id) => [
    catalogCacheKeys.eventPage(id),
    lockKeyOf(catalogCacheKeys.eventPage(id)),
  ]);
  const step = redis.multi().del(...keys);
  // A day outlives any in-process copy many times over; a lost counter only makes copies rebuild.
  for (const id of eventIds) step.incr(catalogCacheKeys.eventGeneration(id)).expire(catalogCacheKeys.eventGeneration(id), 86_400);
  await step
    .incr(catalogCacheKeys.searchGeneration)
    .publish(catalogCacheKeys.invalidated, JSON.stringify(eventIds))
    .exec();
}
