import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Inventory ids (tickets, reservations, orders, payments) are UUIDv7 values that carry their shard
 * in byte 9 (the first byte of `rand_b`), so a reservation or order id alone finds its database.
 * Time-ordered ids also keep the shard's primary-key index appends local.
 */
export function newInventoryId(shard: number): string {
  if (!Number.isInteger(shard) || shard < 0 || shard > 255) throw new RangeError(`shard ${shard} out of range 0..255`);
  const bytes = randomBytes(16);
  const now = Date.now();
  bytes[0] = Math.floor(now / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(now / 2 ** 32) & 0xff;
  bytes[2] = (now >>> 24) & 0xff;
  bytes[3] = (now >>> 16) & 0xff;
  bytes[4] = (now >>> 8) & 0xff;
  bytes[5] = now & 0xff;
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  bytes[9] = shard;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The shard an inventory id was minted for, or null when the id is not one of ours. */
export function shardOfId(id: string): number | null {
  if (!isUuid(id) || id[14] !== '7') return null;
  return Number.parseInt(id.slice(21, 23), 16);
}

/** Catalog ids (events, venues, performers, users) are plain random UUIDs. */
export const newCatalogId = (): string => randomUUID();

/** FNV-1a over the id's text: stable across processes and languages, cheap on the hot path. */
export function shardOfEvent(eventId: string, shardCount: number): number {
  let hash = 0x811c9dc5;
  const text = eventId.toLowerCase();
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shardCount;
}
