import { newInventoryId } from '@boxoffice/db';
import type { PaymentGateway } from '@boxoffice/payments';
import type { PaymentEventJob } from '@boxoffice/queue';
import { sql } from 'kysely';
import type { BookingDeps } from './deps';
import { publishReservationUpdate, publishSeatChanges } from './events';
import { failPayment } from './pay-reservation';

export type PaymentEventOutcome = 'confirmed' | 'refunding' | 'failed' | 'duplicate' | 'ignored';

/**
 * Apply one verified webhook event. The event id is recorded in the same transaction as its
 * effect, so a duplicate delivery changes nothing; the status checks make any order harmless
 * (a failure that arrives after the success of the same payment is ignored).
 */
export async function applyPaymentEvent(deps: BookingDeps & { gateway: PaymentGateway }, event: PaymentEventJob): Promise<PaymentEventOutcome> {
  const { reservationId, paymentId } = event;
  if (!reservationId || !paymentId) return 'ignored';
  const shard = deps.shards.forId(reservationId);

  if (event.type === 'payment_intent.payment_failed' || event.type === 'payment_intent.canceled') {
    // failPayment is conditional on the payment's status, so applying it again is harmless.
    await failPayment(deps, reservationId, paymentId, event.failureCode ?? 'card_declined', event.failureMessage ?? 'Your card was declined');
    const fresh = await shard.db
      .insertInto('processed_webhook_events')
      .values({ id: event.eventId, provider: deps.gateway.provider, type: event.type })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return fresh ? 'failed' : 'duplicate';
  }
  if (event.type !== 'payment_intent.succeeded') return 'ignored';

  const result = await shard.db.transaction().execute(async (trx) => {
    const fresh = await trx
      .insertInto('processed_webhook_events')
      .values({ id: event.eventId, provider: deps.gateway.provider, type: event.type })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!fresh) return { outcome: 'duplicate' as const };
    const payment = await trx
      .updateTable('payments')
      .set({ status: 'succeeded', provider_payment_id: sql`coalesce(provider_payment_id, ${event.providerPaymentId})`, version: sql`version + 1` })
      .where('id', '=', paymentId)
      .where('status', 'in', ['created', 'processing', 'failed'])
      .returning(['id', 'amount', 'currency'])
      .executeTakeFirst();
    if (!payment) return { outcome: 'duplicate' as const };

    const reservation = await trx
      .selectFrom('reservations')
      .select(['id', 'event_id', 'user_id', 'status', 'ticket_ids', 'total_amount', 'currency'])
      .where('id', '=', reservationId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const live = reservation.status === 'payment_pending' || reservation.status === 'held';
    const sold = live
      ? await trx
          .updateTable('tickets')
          .set({ status: 'sold', version: sql`version + 1` })
          .where('reservation_id', '=', reservationId)
          .where('status', '=', 'reserved')
          .returning('id')
          .execute()
      : [];
    if (!live || sold.length !== reservation.ticket_ids.length) {
      // The hold was lost (expired, cancelled, or already paid by another payment): give the money back.
      if (sold.length) throw new Error(`reservation ${reservationId} holds ${sold.length} of ${reservation.ticket_ids.length} seats`);
      await trx.updateTable('payments').set({ status: 'refund_pending', version: sql`version + 1` }).where('id', '=', paymentId).execute();
      return { outcome: 'refunding' as const };
    }
    const orderId = newInventoryId(shard.index);
    await trx
      .insertInto('orders')
      .values({ id: orderId, reservation_id: reservationId, event_id: reservation.event_id, user_id: reservation.user_id, total_amount: reservation.total_amount, currency: reservation.currency })
      .execute();
    await trx.updateTable('reservations').set({ status: 'confirmed', payment_deadline: null, version: sql`version + 1` }).where('id', '=', reservationId).execute();
    await trx.updateTable('payments').set({ order_id: orderId }).where('id', '=', paymentId).execute();
    return { outcome: 'confirmed' as const, orderId, eventId: reservation.event_id, ticketIds: sold.map((t) => t.id) };
  });

  if (result.outcome === 'confirmed') {
    await publishSeatChanges(deps.redis, result.eventId, result.ticketIds.map((ticketID) => ({ ticketID, status: 'sold' as const })));
    await publishReservationUpdate(deps.redis, reservationId, { status: 'confirmed', orderID: result.orderId });
  }
  // Also on a duplicate delivery: a refund that failed last time is tried again.
  await refundIfPending(deps, reservationId, paymentId);
  return result.outcome;
}

/** Refund a payment marked refund_pending; idempotent through the gateway's idempotency key. */
export async function refundIfPending(deps: BookingDeps & { gateway: PaymentGateway }, reservationId: string, paymentId: string): Promise<boolean> {
  const shard = deps.shards.forId(reservationId);
  const payment = await shard.db
    .selectFrom('payments')
    .select(['provider_payment_id', 'amount', 'status'])
    .where('id', '=', paymentId)
    .executeTakeFirst();
  if (payment?.status !== 'refund_pending' || !payment.provider_payment_id) return false;
  const refund = await deps.gateway.refund({ providerPaymentId: payment.provider_payment_id, amount: payment.amount, idempotencyKey: `refund-${paymentId}` });
  await shard.db
    .updateTable('payments')
    .set({ status: 'refunded', refund_id: refund.refundId, version: sql`version + 1` })
    .where('id', '=', paymentId)
    .where('status', '=', 'refund_pending')
    .execute();
  await publishReservationUpdate(deps.redis, reservationId, { status: 'refunded', reason: 'Your hold had ended before the payment arrived; the payment was refunded' });
  return true;
}
