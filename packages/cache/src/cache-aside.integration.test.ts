import { randomUUID } from 'node:crypto';
import { parseEnv, redisEnv } from '@boxoffice/config';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cache, type CacheOptions } from './cache-aside';
import { catalogCacheKeys } from './catalog-keys';
import { invalidateEventCaches } from './invalidate-event-caches';

const env = parseEnv(redisEnv);
const connections: Redis[] = [];
const connect = () => {
  const redis = new Redis(env.REDIS_URL);
  connections.push(redis);
  return redis;
};
let redis: Redis;

beforeAll(() => {
  redis = connect();
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.quit()));
});

const asNumber = (value: unknown) => {
  if (typeof value !== 'number') throw new TypeError('not a number');
  return value;
};
const key = () => `test:cache:${randomUUID()}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function makeCache(options: Partial<CacheOptions<number>> = {}) {
  const registry = options.registry ?? new Registry();
  const cache = new Cache<number>({
    redis,
    name: 'test',
    ttlSeconds: 60,
    jitterSeconds: 30,
    parse: asNumber,
    registry,
    ...options,
  });
  const counter = async (name: string, labels: Record<string, string>) => {
    const metric = await registry.getSingleMetric(name)?.get();
    return (
      metric?.values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value))
        ?.value ?? 0
    );
  };
  return {
    cache,
    hits: () => counter('cache_requests_total', { result: 'hit' }),
    misses: () => counter('cache_requests_total', { result: 'miss' }),
    loads: () => counter('cache_loads_total', {}),
  };
}

/** A loader that counts its calls and takes `ms` to answer. */
function slowLoader(value: number, ms = 50) {
  const loader = Object.assign(
    async () => {
      loader.calls++;
      await sleep(ms);
      return value;
    },
    { calls: 0 },
  );
  return loader;
}

describe('Cache', () => {
  it('loads on a miss, answers from Redis after, and counts both', async () => {
    const { cache, hits, misses, loads } = makeCache();
    const k = key();
    const loader = slowLoader(42, 1);
    expect(await cache.get(k, loader)).toBe(42);
    expect(await cache.get(k, loader)).toBe(42);
    expect(loader.calls).toBe(1);
    expect([await hits(), await misses(), await loads()]).toEqual([1, 1, 1]);
    expect(JSON.parse((await redis.get(k)) ?? 'null')).toEqual({ g: null, v: 42 });
  });

  it('sets a TTL between the base and the base plus jitter', async () => {
    const { cache } = makeCache({ ttlSeconds: 300, jitterSeconds: 60 });
    const ttls: number[] = [];
    for (let i = 0; i < 20; i++) {
      const k = key();
      await cache.get(k, async () => i);
      ttls.push(await redis.ttl(k));
    }
    for (const ttl of ttls) expect(ttl).toBeGreaterThanOrEqual(299);
    for (const ttl of ttls) expect(ttl).toBeLessThanOrEqual(360);
    expect(new Set(ttls).size).toBeGreaterThan(1);
  });

  it('1,000 concurrent misses in one process make one loader call', async () => {
    const { cache, misses } = makeCache();
    const k = key();
    const loader = slowLoader(7);
    const values = await Promise.all(Array.from({ length: 1000 }, () => cache.get(k, loader)));
    expect(values.every((v) => v === 7)).toBe(true);
    expect(loader.calls).toBe(1);
    expect(await misses()).toBe(1000);
  });

  it('1,000 concurrent misses spread over five processes make one loader call', async () => {
    const k = key();
    const loader = slowLoader(9, 100);
    // Separate connections and in-process maps: only the Redis lock coordinates them.
    const caches = Array.from(
      { length: 5 },
      () =>
        new Cache<number>({
          redis: connect(),
          name: 'test',
          ttlSeconds: 60,
          jitterSeconds: 0,
          parse: asNumber,
          registry: new Registry(),
        }),
    );
    const values = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => (caches[i % 5] as Cache<number>).get(k, loader)),
    );
    expect(values.every((v) => v === 9)).toBe(true);
    expect(loader.calls).toBe(1);
  });

  it('an explicit delete makes the next read load again', async () => {
    const { cache } = makeCache();
    const k = key();
    await cache.get(k, async () => 1);
    await cache.delete(k);
    expect(await redis.exists(k)).toBe(0);
    expect(await cache.get(k, async () => 2)).toBe(2);
  });

  it('a delete during a load keeps that load from storing its stale value', async () => {
    const { cache } = makeCache();
    const k = key();
    const loading = cache.get(k, slowLoader(1, 100));
    await sleep(30);
    await cache.delete(k);
    expect(await loading).toBe(1);
    expect(await redis.exists(k)).toBe(0);
    expect(await cache.get(k, async () => 2)).toBe(2);
  });

  it('retires every entry when its generation is bumped, even one loaded during the bump', async () => {
    const generationKey = key();
    const { cache } = makeCache({ generationKey });
    const a = key();
    expect(await cache.get(a, async () => 1)).toBe(1);
    expect(await cache.get(a, async () => 99)).toBe(1);
    await redis.incr(generationKey);
    expect(await cache.get(a, async () => 2)).toBe(2);
    const b = key();
    const loading = cache.get(b, slowLoader(3, 80));
    await sleep(20);
    await redis.incr(generationKey);
    await loading;
    expect(await cache.get(b, async () => 4)).toBe(4);
  });

  it('treats a value that fails its parse as a miss', async () => {
    const { cache } = makeCache();
    const k = key();
    await redis.set(k, JSON.stringify({ g: null, v: 'not a number' }));
    expect(await cache.get(k, async () => 5)).toBe(5);
  });

  it('passes a loader error on, releases the lock, and loads again next time', async () => {
    const { cache } = makeCache();
    const k = key();
    await expect(cache.get(k, async () => Promise.reject(new Error('database down')))).rejects.toThrow(
      'database down',
    );
    expect(await redis.exists(`${k}:lock`)).toBe(0);
    expect(await cache.get(k, async () => 6)).toBe(6);
  });

  it('loads (single-flighted) when Redis is unreachable, instead of failing', async () => {
    const down = new Redis({
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    down.on('error', () => {});
    const cache = new Cache<number>({
      redis: down,
      name: 'down',
      ttlSeconds: 60,
      jitterSeconds: 0,
      parse: asNumber,
      registry: new Registry(),
    });
    const loader = slowLoader(8, 20);
    const values = await Promise.all(Array.from({ length: 50 }, () => cache.get('k', loader)));
    expect(values.every((v) => v === 8)).toBe(true);
    expect(loader.calls).toBe(1);
    down.disconnect();
  });
});

describe('invalidateEventCaches', () => {
  it('drops the event pages with their locks and retires cached searches', async () => {
    const id = randomUUID();
    const page = catalogCacheKeys.eventPage(id);
    await redis.set(page, '{}');
    await redis.set(`${page}:lock`, 'someone');
    const before = Number((await redis.get(catalogCacheKeys.searchGeneration)) ?? 0);
    await invalidateEventCaches(redis, [id]);
    expect(await redis.exists(page, `${page}:lock`)).toBe(0);
    expect(Number(await redis.get(catalogCacheKeys.searchGeneration))).toBeGreaterThan(before);
  });

  it('names search entries by the SHA-256 of the normalised query', () => {
    expect(catalogCacheKeys.search('q=taylor')).toMatch(/^cache:search:[0-9a-f]{64}$/);
  });
});
