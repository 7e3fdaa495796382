import { createHash } from 'node:crypto';
import { keys } from '@boxoffice/queue';
import type { Redis } from 'ioredis';

export type SeatStatus = 'available' | 'reserved' | 'sold';
export interface SeatChange {
  ticketID: string;
  status: SeatStatus;
}

/**
 * Live seat state beside the pub/sub channel. Readers in apps/api (catalog/seat-keys.ts) use the same
 * key names; they belong in @boxoffice/queue's `keys` with the channel and sequence.
 *   seats:status:{eventId}  hash ticketId -> status, the live overlay on cached event pages
 *   seats:log:{eventId}     the last `seatLogLength` messages, so a stream resumes from a sequence
 */
const seatStatusKey = (eventId: string) => `seats:status:${eventId}`;
const seatLogKey = (eventId: string) => `seats:log:${eventId}`;
const seatLogLength = 10_000;
/** Idle events' structures expire; a reader rebuilds the hash from the shard on next use. */
const seatStateTtlSeconds = 86_400;

// One atomic step, so the sequence, the hash, the log and the message can never disagree or reorder:
// two publishers' messages reach the log and the channel in sequence order.
// KEYS: sequence, status hash, log. ARGV: channel, message JSON without seq, log length, ttl, then
// ticketId/status pairs.
const publishScript = `
local seq = redis.call('INCR', KEYS[1])
for i = 5, #ARGV, 2 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
end
local message = '{"seq":' .. seq .. ',' .. string.sub(ARGV[2], 2)
redis.call('RPUSH', KEYS[3], message)
redis.call('LTRIM', KEYS[3], -tonumber(ARGV[3]), -1)
redis.call('EXPIRE', KEYS[2], ARGV[4])
redis.call('EXPIRE', KEYS[3], ARGV[4])
redis.call('PUBLISH', ARGV[1], message)
return seq
`;
const publishScriptSha = createHash('sha1').update(publishScript).digest('hex');

/**
 * Seat changes, after their transaction committed: the statuses go into `seats:status:{eventId}`,
 * the message `{seq, eventID, changes}` into the replay log and out on `seats:{eventId}`, with a
 * per-event sequence so listeners can resume.
 */
export async function publishSeatChanges(redis: Redis, eventId: string, changes: readonly SeatChange[]): Promise<void> {
  if (changes.length === 0) return;
  const args = [
    keys.seatsSequence(eventId),
    seatStatusKey(eventId),
    seatLogKey(eventId),
    keys.seatsChannel(eventId),
    JSON.stringify({ eventID: eventId, changes }),
    seatLogLength,
    seatStateTtlSeconds,
    ...changes.flatMap((change) => [change.ticketID, change.status]),
  ];
  // EVALSHA rather than defineCommand: a command defined after an auto-pipeline of this tick exists is
  // missing from that pipeline (ioredis with enableAutoPipelining).
  try {
    await redis.evalsha(publishScriptSha, 3, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    await redis.eval(publishScript, 3, ...args);
  }
}

export type ReservationUpdate =
  | { status: 'held'; expiresAt: string }
  | { status: 'payment_pending' }
  | { status: 'confirmed'; orderID: string }
  | { status: 'payment_failed'; code: string; message: string }
  | { status: 'expired' | 'cancelled' }
  | { status: 'refunded'; reason: string };

/** What a fan waiting on a reservation (SSE or the confirm call) hears. */
export async function publishReservationUpdate(redis: Redis, reservationId: string, update: ReservationUpdate): Promise<void> {
  await redis.publish(keys.reservationChannel(reservationId), JSON.stringify({ reservationID: reservationId, ...update }));
}
