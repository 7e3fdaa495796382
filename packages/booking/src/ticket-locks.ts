import { LuaScript } from '@boxoffice/queue';
import type { Redis } from 'ioredis';

// All-or-none: either every ticket key is set to this reservation (with a TTL) or none is.
// Keys this owner already holds (a retried job) count as its own.
// One round trip; MSETNX would be atomic too but cannot carry a TTL.
const acquireScript = new LuaScript(`
local taken = {}
for i, key in ipairs(KEYS) do
  local owner = redis.call('GET', key)
  if owner and owner ~= ARGV[1] then taken[#taken + 1] = i end
end
if #taken > 0 then return taken end
for i, key in ipairs(KEYS) do
  redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
end
return taken
`);

// Release only what we still own: a lock that expired and was taken by someone else stays theirs.
const releaseScript = new LuaScript(`
local released = 0
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    redis.call('DEL', key)
    released = released + 1
  end
end
return released
`);

export interface TicketLocks {
  /** Returns the ids that were already locked; an empty list means every lock is ours. */
  acquire(ticketIds: readonly string[], owner: string, ttlMs: number): Promise<string[]>;
  release(ticketIds: readonly string[], owner: string): Promise<number>;
}

export function createTicketLocks(redis: Redis, keyOf: (ticketId: string) => string): TicketLocks {
  return {
    async acquire(ticketIds, owner, ttlMs) {
      const taken = (await acquireScript.run(redis, ticketIds.map(keyOf), [owner, ttlMs])) as number[];
      return taken.map((index) => ticketIds[index - 1] as string);
    },
    async release(ticketIds, owner) {
      return (await releaseScript.run(redis, ticketIds.map(keyOf), [owner])) as number;
    },
  };
}
