import { keys } from '@boxoffice/queue';
import type { Redis } from 'ioredis';

export type SeatStatus = 'available' | 'reserved' | 'sold';
export interface SeatChange {
  ticketID: string;
  status: SeatStatus;
}

/** Seat changes go out on `seats:{eventId}` with a per-event sequence so listeners can resume. */
export async function publishSeatChanges(redis: Redis, eventId: string, changes: readonly SeatChange[]): Promise<void> {
  if (changes.length === 0) return;
  const seq = await redis.incr(keys.seatsSequence(eventId));
  await redis.publish(keys.seatsChannel(eventId), JSON.stringify({ seq, eventID: eventId, changes }));
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
