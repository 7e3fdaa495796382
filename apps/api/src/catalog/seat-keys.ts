import { keys } from '@boxoffice/queue';

/**
 * Where the booking workers keep live seat state (written by publishSeatChanges in
 * packages/booking/src/events.ts, which must use the same names).
 */
export const seatKeys = {
  channel: keys.seatsChannel,
  sequence: keys.seatsSequence,
  /** Hash ticketId -> status. */
  status: (eventId: string) => `seats:status:${eventId}`,
  /** List of the last messages, oldest first, for resuming streams. */
  log: (eventId: string) => `seats:log:${eventId}`,
  /** How long an idle event's hash lives; the same as the writers' TTL. */
  ttlSeconds: 86_400,
};
