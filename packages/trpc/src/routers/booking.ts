import {
  cancelHold,
  findOwnReservation,
  listOrders,
  payReservation,
  type PaymentStart,
  type ReservationUpdate,
  requestReservation,
} from '@boxoffice/booking';
import { AppError } from '@boxoffice/domain';
import { containsCardData } from '@boxoffice/payments';
import { keys } from '@boxoffice/queue';
import { z } from 'zod';
import type { Context } from '../context';
import { authedProcedure, rateLimited, router } from '../trpc';

const uuid = z.uuid('must be a UUID');

/** POST /reserve's body; the direct REST route in apps/api parses with the same schema. */
export const reserveInput = z
  .object({
    eventID: uuid,
    userID: uuid,
    ticketIDs: z.array(uuid).min(1, 'must name at least one ticket').max(8, 'at most 8 tickets per reservation').optional(),
    quantity: z.number().int().min(1).max(8, 'at most 8 tickets per reservation').optional(),
    section: z.string().trim().min(1).max(40).optional(),
    /** From the waiting room (queue.join / its stream), required when the event's queue is on. */
    accessToken: z.string().min(1).max(2048).optional(),
  })
  .superRefine((input, ctx) => {
    if (!input.ticketIDs === !input.quantity) {
      ctx.addIssue({ code: 'custom', path: ['ticketIDs'], message: 'give either ticketIDs or quantity (best available)' });
    }
    if (input.ticketIDs && new Set(input.ticketIDs).size !== input.ticketIDs.length) {
      ctx.addIssue({ code: 'custom', path: ['ticketIDs'], message: 'must not repeat a ticket' });
    }
  });

const reservationView = z.object({
  reservationID: uuid,
  eventID: uuid,
  status: z.enum(['pending', 'held', 'payment_pending', 'confirmed', 'expired', 'cancelled']),
  expiresAt: z.string(),
  expiresIn: z.number().int(),
  total: z.object({ amount: z.number().int(), currency: z.string() }),
  tickets: z.array(z.object({ ticketID: uuid, seatNumber: z.string(), price: z.number().int(), status: z.string() })),
  orderID: uuid.nullable(),
  paymentID: uuid.nullable(),
  paymentStatus: z.string().nullable(),
  version: z.number().int(),
});

/** Raw card data is refused before anything else looks at it, and never logged or stored. */
const paymentDetails = z.record(z.string(), z.unknown()).transform((details, ctx) => {
  if (containsCardData(details)) {
    ctx.addIssue({
      code: 'custom',
      message: 'card numbers are never accepted: tokenize the card with Stripe (Elements) and send its paymentMethodId',
    });
    return z.NEVER;
  }
  const id = details.paymentMethodId;
  if (typeof id !== 'string' || !/^pm_[A-Za-z0-9_]{1,200}$/.test(id)) {
    ctx.addIssue({ code: 'custom', path: ['paymentMethodId'], message: 'must be a Stripe payment method id (pm_...)' });
    return z.NEVER;
  }
  return { paymentMethodId: id };
});

/** The Idempotency-Key header, checked: null when absent. */
export const idempotencyKey = (headers: Context['headers']) => {
  const raw = headers['idempotency-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined) return null;
  if (!/^[\w\-:.]{1,200}$/.test(key)) {
    throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1-200 letters, digits or -_:.', { details: [{ field: 'Idempotency-Key', reason: 'invalid' }] });
  }
  return key;
};

const statusUrl = (reservationId: string) => `/reservations/${reservationId}`;

/** Pay, then wait (bounded) for the webhook's verdict so most fans get their answer in one call. */
async function payAndWait(ctx: Context & { user: { id: string } }, reservationId: string, paymentMethodId: string) {
  const { hub, deps, confirmWaitMs } = ctx.booking;
  let heard: (update: ReservationUpdate) => void = () => {};
  const verdict = new Promise<ReservationUpdate>((resolve) => {
    heard = resolve;
  });
  const unsubscribe = await hub.subscribe(keys.reservationChannel(reservationId), (message) => {
    const update = JSON.parse(message) as ReservationUpdate;
    if (update.status === 'confirmed' || update.status === 'payment_failed' || update.status === 'refunded') heard(update);
  });
  try {
    const started: PaymentStart = await payReservation(deps, { reservationId, userId: ctx.user.id, paymentMethodId });
    if (started.status === 'confirmed') return { ...started, statusUrl: statusUrl(reservationId) };
    const update = await Promise.race([verdict, new Promise<null>((resolve) => setTimeout(() => resolve(null), confirmWaitMs))]);
    if (update?.status === 'confirmed') return { status: 'confirmed' as const, reservationID: reservationId, orderID: update.orderID, statusUrl: statusUrl(reservationId) };
    if (update?.status === 'payment_failed') {
      throw new AppError('PAYMENT_FAILED', update.message, { details: [{ reservationID: reservationId, code: update.code }] });
    }
    if (update?.status === 'refunded') throw new AppError('HOLD_EXPIRED', update.reason, { details: [{ reservationID: reservationId, status: 'refunded' }] });
    return { ...started, statusUrl: statusUrl(reservationId) };
  } finally {
    await unsubscribe();
  }
}

export type ReserveInput = z.infer<typeof reserveInput>;

/**
 * The reserve use-case behind both the tRPC procedure and the API's direct POST /reserve route:
 * the caller has authenticated, rate-limited and parsed the input already.
 */
export async function reserveSeatsFor(
  ctx: Pick<Context, 'booking' | 'waitingRoom'>,
  user: { id: string },
  input: ReserveInput,
  key: string | null,
) {
  if (input.userID !== user.id) {
    throw new AppError('FORBIDDEN', 'userID must be the signed-in user', { details: [{ field: 'userID', reason: 'does not match the access token' }] });
  }
  const queued = await ctx.waitingRoom.requireAccess(input.eventID, user.id, input.accessToken);
  const selection = input.ticketIDs
    ? { kind: 'seats' as const, ticketIds: input.ticketIDs }
    : { kind: 'best' as const, quantity: input.quantity ?? 1, ...(input.section ? { section: input.section } : {}) };
  const answer = await requestReservation(ctx.booking.requester, { eventId: input.eventID, userId: user.id, selection, idempotencyKey: key });
  if (answer.kind === 'pending') return { reservationID: answer.reservationId, status: 'pending' as const, statusUrl: statusUrl(answer.reservationId) };
  // The admitted fan's slot is now held seats: the next fan can be admitted in their place.
  if (queued) await ctx.waitingRoom.markReserved(input.eventID, user.id);
  return {
    reservationID: answer.reservationId,
    status: 'held' as const,
    expiresIn: Math.max(0, Math.round((new Date(answer.expiresAt).getTime() - Date.now()) / 1000)),
    expiresAt: answer.expiresAt,
    ticketIDs: answer.ticketIds,
    statusUrl: statusUrl(answer.reservationId),
  };
}

export const bookingRouter = router({
  reserve: authedProcedure
    .use(rateLimited('reserve'))
    .meta({
      openapi: {
        method: 'POST',
        path: '/reserve',
        tags: ['booking'],
        protect: true,
        summary: 'Hold seats for 15 minutes (chosen seats, or best available with quantity)',
        description: 'Answers 201 when held, 202 with a status URL when the worker is still busy, 409 when seats are taken. Honours Idempotency-Key.',
        errorResponses: { 400: 'Bad input', 401: 'Sign in', 403: 'userID is not you, or the event has a waiting room and accessToken is missing or invalid', 404: 'Unknown event or ticket', 409: 'Seats taken', 429: 'Rate limited' },
      },
    })
    .input(reserveInput)
    .output(
      z.object({
        reservationID: uuid,
        status: z.enum(['held', 'pending']),
        expiresIn: z.number().int().optional(),
        expiresAt: z.string().optional(),
        ticketIDs: z.array(uuid).optional(),
        statusUrl: z.string(),
      }),
    )
    .mutation(({ ctx, input }) => reserveSeatsFor(ctx, ctx.user, input, idempotencyKey(ctx.headers))),

  reservation: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/reservations/{reservationID}', tags: ['booking'], protect: true, summary: 'A reservation: status, seats, expiry, order once confirmed' } })
    .input(z.object({ reservationID: uuid }))
    .output(reservationView)
    .query(({ ctx, input }) => findOwnReservation(ctx.booking.deps, input.reservationID, ctx.user.id)),

  cancel: authedProcedure
    .meta({ openapi: { method: 'DELETE', path: '/reservations/{reservationID}', tags: ['booking'], protect: true, summary: 'Let go of a hold' } })
    .input(z.object({ reservationID: uuid }))
    .output(z.object({ reservationID: uuid, status: z.literal('cancelled') }))
    .mutation(async ({ ctx, input }) => {
      const current = await findOwnReservation(ctx.booking.deps, input.reservationID, ctx.user.id);
      if (!(await cancelHold(ctx.booking.deps, input.reservationID, ctx.user.id))) {
        throw new AppError('CONFLICT', `A ${current.status} reservation cannot be cancelled`, { details: [{ reservationID: input.reservationID, status: current.status }] });
      }
      return { reservationID: input.reservationID, status: 'cancelled' as const };
    }),

  confirm: authedProcedure
    .use(rateLimited('confirm'))
    .meta({
      openapi: {
        method: 'POST',
        path: '/confirm',
        tags: ['booking'],
        protect: true,
        summary: 'Pay for a hold with a Stripe payment method id',
        description: 'Answers {"orderID","status":"confirmed"} or {"status":"pending"} (follow statusUrl or the SSE stream). 402 when declined, 409 when the hold is gone. Card numbers are refused with 400.',
        errorResponses: { 400: 'Bad input or card data', 402: 'Payment declined', 404: 'Unknown reservation', 409: 'Hold expired' },
      },
    })
    .input(z.object({ reservationID: uuid, paymentDetails }))
    .output(
      z.object({
        status: z.enum(['confirmed', 'pending']),
        reservationID: uuid,
        orderID: uuid.optional(),
        paymentID: uuid.optional(),
        statusUrl: z.string(),
      }),
    )
    .mutation(({ ctx, input }) => payAndWait(ctx, input.reservationID, input.paymentDetails.paymentMethodId)),

  orders: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/orders', tags: ['booking'], protect: true, summary: 'My orders, newest first' } })
    .input(z.void())
    .output(
      z.object({
        orders: z.array(
          z.object({ orderID: uuid, reservationID: uuid, eventID: uuid, status: z.string(), total: z.object({ amount: z.number().int(), currency: z.string() }), createdAt: z.string() }),
        ),
      }),
    )
    .query(async ({ ctx }) => ({ orders: await listOrders(ctx.booking.deps, ctx.user.id) })),
});
