import { keys, LuaScript, seatStateTtlSeconds } from '@boxoffice/queue';
import type { Redis } from 'ioredis';

export type SeatStatus = 'available' | 'reserved' | 'sold';
export interface SeatChange {
  ticketID: string;
  status: SeatStatus;
}

/** The replay log keeps this many messages per event (keys.seatsLog). */
const seatLogLength = 10_000;

// One atomic step, so the sequence, the hash, the log and the message can never disagree or reorder:
// two publishers' messages reach the log and the channel in sequence order.
// KEYS: sequence, status hash, log. ARGV: channel, message JSON without seq, log length, ttl, then
// ticketId/status pairs.
const publishScript = new LuaScript(`
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
`);

/**
 * Seat changes, after their transaction committed: the statuses go into `seats:status:{eventId}`,
 * the message `{seq, eventID, changes}` into the replay log and out on `seats:{eventId}`, with a
 * per-event sequence so listeners can resume.
 */
export async function publishSeatChanges(redis: Redis, eventId: string, changes: readonly SeatChange[]): Promise<void> {
  if (changes.length === 0) return;
  await publishScript.run(
    redis,
    [keys.seatsSequence(eventId), keys.seatsStatus(eventId), keys.seatsLog(eventId)],
    [
      keys.seatsChannel(eventId),
      JSON.stringify({ eventID: eventId, changes }),
      seatLogLength,
      seatStateTtlSeconds,
      ...changes.flatMap((change) => [change.ticketID, change.status]),
    ],
  );
}

export type ReservationUpdate =
  | { status: 'held'; expiresAt: string }
  | { status: 'payment_pending' }
  | { status: 'confirmed'; orderID: string }
  | { status: 'payment_failed'; code: string; message: string }
  | { status: 'expired' | 'cancelled' }
  | { status: 'refunded'; reason: string };

/** The channel and message that announce a reservation's update. */
const reservationMessage = (reservationId: string, update: ReservationUpdate): [string, string] => [
  keys.reservationChannel(reservationId),
  JSON.stringify({ reservationID: reservationId, ...update }),
];

/** What a fan waiting on a reservation (SSE or the confirm call) hears. */
export async function publishReservationUpdate(redis: Redis, reservationId: string, update: ReservationUpdate): Promise<void> {
  await redis.publish(...reservationMessage(reservationId, update));
}

// ARGV: channel and message pairs.
const publishManyScript = new LuaScript(`
for i = 1, #ARGV, 2 do
  redis.call('PUBLISH', ARGV[i], ARGV[i + 1])
end
return #ARGV / 2
`);

/**
 * Many reservations' updates in one command: a reserve batch announces ~50 holds, and as separate
 * PUBLISHes they were most of the worker's Redis commands (each its own object, promise and reply).
 */
export async function publishReservationUpdates(redis: Redis, updates: readonly { reservationId: string; update: ReservationUpdate }[]): Promise<void> {
  if (updates.length === 0) return;
  if (updates.length === 1) {
    const [only] = updates as [{ reservationId: string; update: ReservationUpdate }];
    return publishReservationUpdate(redis, only.reservationId, only.update);
  }
  await publishManyScript.run(
    redis,
    [],
    updates.flatMap(({ reservationId, update }) => reservationMessage(reservationId, update)),
  );
}
