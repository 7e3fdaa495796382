import { Counter, type Registry, register } from 'prom-client';

export interface CacheMetrics {
  /** Reads answered from Redis, and reads that had to load. */
  requests: Counter<'cache' | 'result'>;
  /** Loader calls: with single-flight, far fewer than misses under a stampede. */
  loads: Counter<'cache'>;
}

const metricsByRegistry = new WeakMap<Registry, CacheMetrics>();

/** One set of counters per registry, shared by every cache on it (told apart by the `cache` label). */
export function cacheMetrics(registry: Registry = register): CacheMetrics {
  const existing = metricsByRegistry.get(registry);
  if (existing) return existing;
  const metrics: CacheMetrics = {
    requests: new Counter({
      name: 'cache_requests_total',
      help: 'Cache reads by cache and result (hit or miss)',
      labelNames: ['cache', 'result'] as const,
      registers: [registry],
    }),
    loads: new Counter({
      name: 'cache_loads_total',
      help: 'Loader calls by cache',
      labelNames: ['cache'] as const,
      registers: [registry],
    }),
  };
  metricsByRegistry.set(registry, metrics);
  return metrics;
}
