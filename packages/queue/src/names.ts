/**
 * Queue names. Reservations get one queue per on-sale event so a hot event can have workers of
 * its own; BullMQ's maintainers advise dozens of queues, not hundreds, so only events on sale now
 * are registered (see registry.ts) and idle ones are closed by the worker.
 */
export const RESERVE_QUEUE_PREFIX = 'reserve-';
export const reserveQueueName = (eventId: string) => `${RESERVE_QUEUE_PREFIX}${eventId}`;
export const eventIdOfReserveQueue = (name: string) => (name.startsWith(RESERVE_QUEUE_PREFIX) ? name.slice(RESERVE_QUEUE_PREFIX.length) : null);

export const HOLD_EXPIRY_QUEUE = 'hold-expiry';
export const PAYMENT_EVENTS_QUEUE = 'payment-events';

/** Redis keys and channels shared by the API and the workers. */
export const keys = {
  activeReserveQueues: 'booking:active-events',
  activeReserveQueuesChanged: 'booking:active-events:changed',
  reply: (processId: string) => `booking:reply:${processId}`,
  reservationChannel: (reservationId: string) => `reservation:${reservationId}`,
  seatsChannel: (eventId: string) => `seats:${eventId}`,
  seatsSequence: (eventId: string) => `seats:seq:${eventId}`,
  /** Hash ticketId -> status, the live overlay on cached event pages. */
  seatsStatus: (eventId: string) => `seats:status:${eventId}`,
  /** The last messages of `seats:{eventId}`, oldest first, so a stream resumes from a sequence. */
  seatsLog: (eventId: string) => `seats:log:${eventId}`,
  ticketLock: (ticketId: string) => `lock:ticket:${ticketId}`,
};

/** Idle events' live seat structures expire; readers rebuild them from the shard on next use. */
export const seatStateTtlSeconds = 86_400;
