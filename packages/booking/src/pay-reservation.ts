import { newInventoryId } from '@boxoffice/db';
import { AppError } from '@boxoffice/domain';
import type { PaymentGateway } from '@boxoffice/payments';
import { sql } from 'kysely';
import type { BookingDeps } from './deps';
import { publishReservationUpdate } from './events';
import { findOwnReservation } from './read-models';

export type PaymentStart =
  | { status: 'pending'; reservationID: string; paymentID: string }
  | { status: 'confirmed'; reservationID: string; orderID: string };

/**
 * Start paying for a live hold. The hold is frozen (payment_pending, up to a cap) before the
 * gateway is called, so it cannot expire under a payment in flight; the webhook finishes the sale.
 * A decline the gateway reports at once puts the hold back and answers 402.
 */
export async function payReservation(
  deps: BookingDeps & { gateway: PaymentGateway },
  input: { reservationId: string; userId: string; paymentMethodId: string },
): Promise<PaymentStart> {
  const reservation = await findOwnReservation(deps, input.reservationId, input.userId);
  if (reservation.status === 'confirmed' && reservation.orderID) {
    return { status: 'confirmed', reservationID: input.reservationId, orderID: reservation.orderID };
  }
  if (reservation.status === 'payment_pending' && reservation.paymentID) {
    return { status: 'pending', reservationID: input.reservationId, paymentID: reservation.paymentID };
  }
  if (reservation.status !== 'held' || new Date(reservation.expiresAt).getTime() <= Date.now()) {
    throw new AppError('HOLD_EXPIRED', 'This hold has expired; choose your seats again', { details: [{ reservationID: input.reservationId, status: reservation.status }] });
  }

  const shard = deps.shards.forId(input.reservationId);
  const paymentId = newInventoryId(shard.index);
  const frozen = await shard.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('reservations')
      .set({ status: 'payment_pending', payment_deadline: sql`now() + make_interval(secs => ${deps.paymentCapSeconds})`, version: sql`version + 1` })
      .where('id', '=', input.reservationId)
      .where('status', '=', 'held')
      .where('version', '=', reservation.version)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning(['total_amount', 'currency', 'version'])
      .executeTakeFirst();
    if (!updated) return null;
    await trx
      .insertInto('payments')
      .values({ id: paymentId, reservation_id: input.reservationId, provider: deps.gateway.provider, amount: updated.total_amount, currency: updated.currency, status: 'created' })
      .execute();
    return updated;
  });
  if (!frozen) throw new AppError('HOLD_EXPIRED', 'This hold changed or expired while paying; reload it', { details: [{ reservationID: input.reservationId }] });
  await publishReservationUpdate(deps.redis, input.reservationId, { status: 'payment_pending' });

  let result: Awaited<ReturnType<PaymentGateway['createPayment']>>;
  try {
    result = await deps.gateway.createPayment({
      reservationId: input.reservationId,
      paymentId,
      amount: frozen.total_amount,
      currency: frozen.currency,
      paymentMethodId: input.paymentMethodId,
      idempotencyKey: paymentId,
    });
  } catch (error) {
    await failPayment(deps, input.reservationId, paymentId, 'gateway_unavailable', 'The payment service could not be reached');
    throw error instanceof AppError ? error : new AppError('UNAVAILABLE', 'The payment service could not be reached; try again', { cause: error });
  }

  if (result.outcome === 'failed') {
    const message = result.failureMessage ?? 'Your card was declined';
    await failPayment(deps, input.reservationId, paymentId, result.failureCode ?? 'card_declined', message);
    throw new AppError('PAYMENT_FAILED', message, { details: [{ reservationID: input.reservationId, code: result.failureCode ?? 'card_declined' }] });
  }
  await shard.db
    .updateTable('payments')
    .set({ provider_payment_id: result.providerPaymentId, status: 'processing', version: sql`version + 1` })
    .where('id', '=', paymentId)
    .where('status', '=', 'created')
    .execute();
  return { status: 'pending', reservationID: input.reservationId, paymentID: paymentId };
}

/** A payment that did not happen: the payment fails and its hold becomes live again (or expires if due). */
export async function failPayment(deps: BookingDeps, reservationId: string, paymentId: string, code: string, message: string): Promise<void> {
  const shard = deps.shards.forId(reservationId);
  const failed = await shard.db.transaction().execute(async (trx) => {
    const payment = await trx
      .updateTable('payments')
      .set({ status: 'failed', failure_code: code, failure_message: message, version: sql`version + 1` })
      .where('id', '=', paymentId)
      .where('status', 'in', ['created', 'processing'])
      .returning('id')
      .executeTakeFirst();
    if (!payment) return false;
    await trx
      .updateTable('reservations')
      .set({ status: 'held', payment_deadline: null, version: sql`version + 1` })
      .where('id', '=', reservationId)
      .where('status', '=', 'payment_pending')
      .execute();
    return true;
  });
  if (failed) await publishReservationUpdate(deps.redis, reservationId, { status: 'payment_failed', code, message });
}
