import { keys, seatStateTtlSeconds } from '@boxoffice/queue';

/** Where the booking workers keep live seat state (written by publishSeatChanges in packages/booking). */
export const seatKeys = {
  channel: keys.seatsChannel,
  sequence: keys.seatsSequence,
  status: keys.seatsStatus,
  log: keys.seatsLog,
  ttlSeconds: seatStateTtlSeconds,
};
