import { describe, expect, it } from 'vitest';
import { eventIdOfReserveQueue, reserveQueueName } from './names';
import { reserveJob } from './payloads';

const id = '0190f3a0-0000-7000-8000-000000000001';

describe('reserve jobs', () => {
  it('parse a seat selection and refuse too many seats', () => {
    const base = { reservationId: id, eventId: id, userId: id, idempotencyKey: null, replyTo: null, requestedAt: 1 };
    expect(reserveJob.parse({ ...base, selection: { kind: 'seats', ticketIds: [id] } }).selection.kind).toBe('seats');
    expect(reserveJob.safeParse({ ...base, selection: { kind: 'seats', ticketIds: Array(9).fill(id) } }).success).toBe(false);
    expect(reserveJob.safeParse({ ...base, selection: { kind: 'best', quantity: 0 } }).success).toBe(false);
  });

  it('name one queue per event and read the event back', () => {
    expect(eventIdOfReserveQueue(reserveQueueName(id))).toBe(id);
    expect(eventIdOfReserveQueue('hold-expiry')).toBeNull();
  });
});
