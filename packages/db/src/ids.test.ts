import { describe, expect, it } from 'vitest';
import { isUuid, newCatalogId, newInventoryId, shardOfEvent, shardOfId } from './ids';

describe('inventory ids', () => {
  it('carry their shard and are valid UUIDv7', () => {
    for (const shard of [0, 1, 7, 255]) {
      const id = newInventoryId(shard);
      expect(isUuid(id)).toBe(true);
      expect(id[14]).toBe('7');
      expect(['8', '9', 'a', 'b']).toContain(id[19]);
      expect(shardOfId(id)).toBe(shard);
    }
  });

  it('are time-ordered', () => {
    const a = newInventoryId(0);
    const later = new Promise((r) => setTimeout(r, 2)).then(() => newInventoryId(0));
    return later.then((b) => expect(a < b).toBe(true));
  });

  it('refuse shards outside one byte', () => {
    expect(() => newInventoryId(256)).toThrow(RangeError);
  });

  it('reject ids that are not ours', () => {
    expect(shardOfId('not-a-uuid')).toBeNull();
    expect(shardOfId(newCatalogId())).toBeNull();
  });
});

describe('event shard routing', () => {
  it('is stable and spreads events over shards', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const id = newCatalogId();
      const shard = shardOfEvent(id, 4);
      expect(shardOfEvent(id.toUpperCase(), 4)).toBe(shard);
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });
});
