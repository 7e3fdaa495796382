import type { Counter } from 'prom-client';

interface Entry {
  body: string;
  expiresAt: number;
}

/**
 * A per-process microcache of whole JSON answers for the public read routes (search, event page,
 * availability), in front of the Redis caches: for up to `ttlMs` (a second by default) the same
 * URL is answered with the bytes already serialised, without Redis, tRPC or zod. A second is what
 * the event page may lag behind live seat status (the seat stream carries every change after the
 * page's `seq`); any catalog change (invalidateEventCaches publishes it) empties the cache at once.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly requests?: Counter<'cache' | 'result'>,
    private readonly maxEntries = 10_000,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  get(key: string, now = Date.now()): string | undefined {
    const entry = this.entries.get(key);
    const hit = entry !== undefined && entry.expiresAt > now;
    this.requests?.inc({ cache: 'response', result: hit ? 'hit' : 'miss' });
    if (hit) return entry.body;
    if (entry) this.entries.delete(key);
    return undefined;
  }

  set(key: string, body: string, now = Date.now()): void {
    if (!this.enabled) return;
    // Oldest first: a Map iterates in insertion order and every entry lives ttlMs, so expired entries
    // lead. Dropping them here keeps about a second of answers, not up to maxEntries of them (~70 MB
    // of distinct searches that the garbage collector kept walking).
    for (const [oldKey, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(oldKey);
    }
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.delete(key);
    this.entries.set(key, { body, expiresAt: now + this.ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
