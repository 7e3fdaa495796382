import { LuaScript } from '@boxoffice/queue';
import type { Redis } from 'ioredis';

// For each owner in turn, all-or-none: either every one of its ticket keys is set to it (with a
// TTL) or none is. Keys an owner already holds (a retried job) count as its own; an owner later in
// the same call sees the keys an earlier one just took. One round trip for a whole batch; MSETNX
// would be atomic too but cannot carry a TTL.
// KEYS: every owner's ticket keys, in order. ARGV: ttl ms, then owner and key count per owner.
// Returns, per owner, the 1-based positions (within its keys) that someone else holds.
const acquireScript = new LuaScript(`
local result = {}
local first = 1
for g = 2, #ARGV, 2 do
  local owner = ARGV[g]
  local last = first + tonumber(ARGV[g + 1]) - 1
  local taken = {}
  for i = first, last do
    local current = redis.call('GET', KEYS[i])
    if current and current ~= owner then taken[#taken + 1] = i - first + 1 end
  end
  if #taken == 0 then
    for i = first, last do redis.call('SET', KEYS[i], owner, 'PX', ARGV[1]) end
  end
  result[#result + 1] = taken
  first = last + 1
end
return result
`);

// Release only what each owner still holds: a lock that expired and was taken by someone else stays theirs.
// KEYS as above; ARGV: owner and key count per owner. Returns how many keys were released.
const releaseScript = new LuaScript(`
local released = 0
local first = 1
for g = 1, #ARGV, 2 do
  local last = first + tonumber(ARGV[g + 1]) - 1
  for i = first, last do
    if redis.call('GET', KEYS[i]) == ARGV[g] then
      redis.call('DEL', KEYS[i])
      released = released + 1
    end
  end
  first = last + 1
end
return released
`);

export interface LockRequest {
  owner: string;
  ticketIds: readonly string[];
}

export interface TicketLocks {
  /** Returns the ids that were already locked; an empty list means every lock is ours. */
  acquire(ticketIds: readonly string[], owner: string, ttlMs: number): Promise<string[]>;
  release(ticketIds: readonly string[], owner: string): Promise<number>;
  /** acquire for several owners in one round trip: per request, the ids someone else holds. */
  acquireMany(requests: readonly LockRequest[], ttlMs: number): Promise<string[][]>;
  releaseMany(requests: readonly LockRequest[]): Promise<number>;
}

export function createTicketLocks(redis: Redis, keyOf: (ticketId: string) => string): TicketLocks {
  const keysOf = (requests: readonly LockRequest[]) => requests.flatMap((r) => r.ticketIds.map(keyOf));
  const counts = (requests: readonly LockRequest[]) => requests.flatMap((r) => [r.owner, r.ticketIds.length]);
  const locks: TicketLocks = {
    async acquireMany(requests, ttlMs) {
      if (requests.length === 0) return [];
      const taken = (await acquireScript.run(redis, keysOf(requests), [ttlMs, ...counts(requests)])) as number[][];
      return requests.map((request, i) => (taken[i] ?? []).map((position) => request.ticketIds[position - 1] as string));
    },
    async releaseMany(requests) {
      if (requests.length === 0) return 0;
      return (await releaseScript.run(redis, keysOf(requests), counts(requests))) as number;
    },
    async acquire(ticketIds, owner, ttlMs) {
      return (await locks.acquireMany([{ owner, ticketIds }], ttlMs))[0] ?? [];
    },
    release: (ticketIds, owner) => locks.releaseMany([{ owner, ticketIds }]),
  };
  return locks;
}
