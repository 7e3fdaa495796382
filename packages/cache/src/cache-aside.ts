import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { type CacheMetrics, cacheMetrics } from './cache-metrics';
import { LuaScript } from '@boxoffice/queue';

/** The lock that guards the load of `key`; deleting it with the key fences an in-flight load. */
export const lockKeyOf = (key: string) => `${key}:lock`;

// Store the value only if our lock is still there: an invalidation deletes key and lock together, so a
// load that read the database before the change cannot put its stale answer back afterwards.
const storeScript = new LuaScript(`
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
redis.call('DEL', KEYS[2])
return 1
`);

// The read of a key (and of its generation counter), taking the key's lock in the same round trip when
// the key is absent: a miss then costs two round trips (this and storeScript), not three.
const readScript = new LuaScript(`
local generation = false
if #KEYS > 2 then generation = redis.call('GET', KEYS[3]) end
local value = redis.call('GET', KEYS[1])
local locked = 0
if not value and redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2], 'NX') then locked = 1 end
return {generation, value, locked}
`);

const releaseScript = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

type Lookup<T> =
  | { found: true; value: T; generation: string | null }
  | { found: false; generation: string | null };

/** A read: the lookup, and whether it took the key's lock (it tries only when the key is absent). */
type Read<T> = Lookup<T> & { locked: boolean };

export interface CacheOptions<T> {
  redis: Redis;
  /** The `cache` label in metrics. */
  name: string;
  ttlSeconds: number;
  /** A random 0..jitterSeconds is added to each TTL so entries written together do not expire together. */
  jitterSeconds: number;
  /** Checks a value read back from Redis (e.g. a zod schema's parse); a value that fails is a miss. */
  parse: (value: unknown) => T;
  /**
   * A counter that invalidates every entry of this cache at once when incremented (for keys that
   * cannot be enumerated, like hashes of search queries). Read in the same round trip as the entry.
   */
  generationKey?: string;
  registry?: Registry;
  /** How long one process may hold the load of a key before another may take over. */
  lockTtlMs?: number;
  /** How long a reader waits for another process's load before loading itself. */
  waitMs?: number;
  /** How often a waiting reader looks for the value. */
  pollMs?: number;
}

/**
 * Cache-aside over Redis with JSON values, TTL jitter and single-flight: concurrent misses of one
 * key in one process share one promise; across processes a short Redis lock lets one load while the
 * others poll for its result. Redis being down makes every read a load, never an error.
 */
export class Cache<T> {
  private readonly redis: Redis;
  private readonly inFlight = new Map<string, Promise<T>>();
  private readonly metrics: CacheMetrics;
  private readonly lockTtlMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;
  /** Lock tokens: unique to this instance, then a counter (cheaper than random bytes per read). */
  private readonly tokenPrefix = randomBytes(9).toString('base64url');
  private tokens = 0;

  constructor(private readonly options: CacheOptions<T>) {
    this.redis = options.redis;
    this.metrics = cacheMetrics(options.registry);
    this.lockTtlMs = options.lockTtlMs ?? 5_000;
    this.waitMs = options.waitMs ?? 3_000;
    this.pollMs = options.pollMs ?? 10;
  }

  async get(key: string, load: () => Promise<T>): Promise<T> {
    const token = `${this.tokenPrefix}:${++this.tokens}`;
    const cached = await this.read(key, token);
    if (cached.found) {
      this.count('hit');
      return cached.value;
    }
    this.count('miss');
    const pending = this.inFlight.get(key);
    if (pending) {
      // Our read took a lock that this process's load in flight had let expire: give it back.
      if (cached.locked) await releaseScript.run(this.redis, [lockKeyOf(key)], [token]).catch(() => 0);
      return pending;
    }
    const loading = this.loadOnce(key, cached.generation, load, token, cached.locked).finally(() =>
      this.inFlight.delete(key),
    );
    this.inFlight.set(key, loading);
    return loading;
  }

  /** Forget keys now, and fence any load of them already running (see storeScript). */
  async delete(...keys: string[]): Promise<void> {
    if (keys.length) await this.redis.del(...keys.flatMap((key) => [key, lockKeyOf(key)]));
  }

  private count(result: 'hit' | 'miss') {
    this.metrics.requests.inc({ cache: this.options.name, result });
  }

  private async read(key: string, token: string): Promise<Read<T>> {
    try {
      const generationKey = this.options.generationKey;
      const keys = generationKey ? [key, lockKeyOf(key), generationKey] : [key, lockKeyOf(key)];
      const [generation, raw, locked] = (await readScript.run(this.redis, keys, [token, this.lockTtlMs])) as [
        string | null,
        string | null,
        number,
      ];
      return { ...this.decode(raw, generationKey ? (generation ?? '0') : null), locked: locked === 1 };
    } catch {
      return { found: false, generation: null, locked: false };
    }
  }

  /** Stored values are {g, v}: the generation they were loaded under, and the value. */
  private decode(raw: string | null, generation: string | null): Lookup<T> {
    if (raw === null) return { found: false, generation };
    try {
      const stored = JSON.parse(raw) as { g?: unknown; v?: unknown };
      if (stored.g !== generation) return { found: false, generation };
      return { found: true, value: this.options.parse(stored.v), generation };
    } catch {
      return { found: false, generation };
    }
  }

  private ttl(): number {
    return this.options.ttlSeconds + Math.floor(Math.random() * (this.options.jitterSeconds + 1));
  }

  private async loadOnce(
    key: string,
    generation: string | null,
    load: () => Promise<T>,
    token: string,
    locked: boolean,
  ): Promise<T> {
    const lock = lockKeyOf(key);
    if (locked) return this.loadAndStore(key, lock, token, generation, load);
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const acquired = await this.redis
        .set(lock, token, 'PX', this.lockTtlMs, 'NX')
        .catch(() => 'unavailable' as const);
      if (acquired === 'unavailable') return this.loadDirect(load);
      if (acquired === 'OK') return this.loadAndStore(key, lock, token, generation, load);
      const settled = await this.waitForOther(key, lock, generation, deadline);
      if (settled.found) return settled.value;
      // The other load gave up (lock gone, no value) or took too long: try the lock again, or load.
      if (Date.now() >= deadline) return this.loadDirect(load);
    }
  }

  private async loadDirect(load: () => Promise<T>): Promise<T> {
    this.metrics.loads.inc({ cache: this.options.name });
    return load();
  }

  private async loadAndStore(
    key: string,
    lock: string,
    token: string,
    generation: string | null,
    load: () => Promise<T>,
  ): Promise<T> {
    let value: T;
    try {
      value = await this.loadDirect(load);
    } catch (error) {
      await releaseScript.run(this.redis, [lock], [token]).catch(() => 0);
      throw error;
    }
    // Tagged with the generation read before loading: a bump during the load leaves it already stale.
    await storeScript
      .run(this.redis, [key, lock], [token, JSON.stringify({ g: generation, v: value }), this.ttl()])
      .catch(() => 0);
    return value;
  }

  /** Poll until the lock holder stores the value, the lock disappears, or the deadline passes. */
  private async waitForOther(
    key: string,
    lock: string,
    generation: string | null,
    deadline: number,
  ): Promise<Lookup<T>> {
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      const replies = await this.redis
        .pipeline()
        .get(key)
        .exists(lock)
        .exec()
        .catch(() => null);
      if (!replies) return { found: false, generation };
      const [[, raw], [, locked]] = replies as [[Error | null, string | null], [Error | null, number]];
      if (raw !== null) return this.decode(raw, generation);
      if (!locked) return { found: false, generation };
    }
    return { found: false, generation };
  }
}
