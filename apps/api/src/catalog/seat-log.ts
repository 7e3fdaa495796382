import { LuaScript } from '@boxoffice/queue';
import type { Redis } from 'ioredis';
import { seatKeys } from './seat-keys';
import { parseSeatMessage, type SeatMessage } from './seat-message';

export type Missed =
  /** Every message after `since` up to `seq`, oldest first (empty when nothing was missed). */
  | { kind: 'messages'; messages: SeatMessage[]; seq: number }
  /** The gap is older than the log (or the client's sequence is from another life of Redis). */
  | { kind: 'reset'; seq: number };

// The log holds consecutive sequences, so what a client missed is its last (current - since) entries;
// read with the current sequence in one atomic step. Returns {current} alone when nothing is missed.
const tailScript = new LuaScript(`
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local missed = current - tonumber(ARGV[1])
if missed <= 0 or missed > tonumber(ARGV[2]) then return {current} end
return {current, redis.call('LRANGE', KEYS[2], -missed, -1)}
`);

/** More than this many missed messages is answered with a reset without reading the log. */
const maxReplay = 10_000;

/** What a client that last saw `since` missed, from the replay log the booking workers append to. */
export async function missedSince(redis: Redis, eventId: string, since: number): Promise<Missed> {
  const [current, raw] = (await tailScript.run(
    redis,
    [seatKeys.sequence(eventId), seatKeys.log(eventId)],
    [since, maxReplay],
  )) as [number, string[]?];
  if (since === current) return { kind: 'messages', messages: [], seq: current };
  if (!raw) return { kind: 'reset', seq: current };
  const messages = raw.map(parseSeatMessage).filter((m): m is SeatMessage => m !== null);
  const complete = messages.length === current - since && messages.every((m, i) => m.seq === since + 1 + i);
  return complete ? { kind: 'messages', messages, seq: current } : { kind: 'reset', seq: current };
}
