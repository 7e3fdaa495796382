export type { CacheOptions } from './cache-aside';
export { Cache, lockKeyOf } from './cache-aside';
export type { CacheMetrics } from './cache-metrics';
export { cacheMetrics } from './cache-metrics';
export { catalogCacheKeys } from './catalog-keys';
export { invalidateEventCaches } from './invalidate-event-caches';
