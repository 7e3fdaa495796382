import { createHash } from 'node:crypto';

/**
 * A UUIDv5-style id (SHA-1 of a namespace and a name): the same seed row gets the same id on every
 * run and every machine, which is what makes `ON CONFLICT DO NOTHING` re-runs idempotent.
 */
export function nameUuid(namespace: string, name: string): string {
  const bytes = createHash('sha1').update(namespace).update('\u0000').update(name).digest().subarray(0, 16);
  bytes[6] = 0x50 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
