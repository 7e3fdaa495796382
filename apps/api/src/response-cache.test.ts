import { describe, expect, it } from 'vitest';
import { ResponseCache } from './response-cache';

describe('ResponseCache', () => {
  it('answers an entry until its time is up, then drops expired entries as new ones arrive', () => {
    const cache = new ResponseCache(1000);
    cache.set('/a', 'A', 0);
    cache.set('/b', 'B', 500);
    expect(cache.get('/a', 999)).toBe('A');
    cache.set('/c', 'C', 1200);
    expect(cache.size).toBe(2);
    expect(cache.get('/a', 1200)).toBeUndefined();
    expect(cache.get('/b', 1200)).toBe('B');
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const cache = new ResponseCache(60_000, undefined, 2);
    cache.set('/a', 'A', 0);
    cache.set('/b', 'B', 1);
    cache.set('/c', 'C', 2);
    expect([cache.get('/a', 3), cache.get('/b', 3), cache.get('/c', 3)]).toEqual([undefined, 'B', 'C']);
  });
});
