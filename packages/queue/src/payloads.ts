import { z } from 'zod';

/** Every job payload is parsed at the worker's edge: a malformed job fails without retrying. */
export const reserveJob = z.object({
  reservationId: z.uuid(),
  eventId: z.uuid(),
  userId: z.uuid(),
  selection: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('seats'), ticketIds: z.array(z.uuid()).min(1).max(8) }),
    z.object({ kind: z.literal('best'), quantity: z.number().int().min(1).max(8), section: z.string().max(40).optional() }),
  ]),
  idempotencyKey: z.string().max(200).nullable(),
  /** Redis channel of the API process waiting for the answer. */
  replyTo: z.string().nullable(),
  requestedAt: z.number().int(),
});
export type ReserveJob = z.infer<typeof reserveJob>;

/**
 * What a reserve queue carries: the reservation requests that reached one API process while its
 * previous add to that queue was in flight (one, when the event is quiet).
 */
export const reserveBatchJob = z.object({ requests: z.array(reserveJob).min(1).max(256) });
export type ReserveBatchJob = z.infer<typeof reserveBatchJob>;

/** The holds of one reserve batch share their expiry time, and so one delayed job. */
export const holdExpiryJob = z.union([z.object({ reservationId: z.uuid() }), z.object({ reservationIds: z.array(z.uuid()).min(1) })]);
export type HoldExpiryJob = z.infer<typeof holdExpiryJob>;

export const paymentEventJob = z.object({
  eventId: z.string().min(1),
  type: z.string(),
  providerPaymentId: z.string().nullable(),
  reservationId: z.uuid().nullable(),
  paymentId: z.uuid().nullable(),
  failureCode: z.string().nullable(),
  failureMessage: z.string().nullable(),
});
export type PaymentEventJob = z.infer<typeof paymentEventJob>;

/** What the worker answers on the reply channel. */
export const reserveReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), reservationId: z.uuid(), expiresAt: z.string(), ticketIds: z.array(z.uuid()) }),
  z.object({
    ok: z.literal(false),
    reservationId: z.uuid(),
    code: z.string(),
    message: z.string(),
    details: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
  }),
]);
export type ReserveReply = z.infer<typeof reserveReply>;
