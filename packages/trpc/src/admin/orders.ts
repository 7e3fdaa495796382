import { type BookingDeps, publishReservationUpdate } from '@boxoffice/booking';
import { type Databases, type Shard, shardOfId, UnknownShardError } from '@boxoffice/db';
import { AppError } from '@boxoffice/domain';
import type { PaymentGateway } from '@boxoffice/payments';
import { sql } from 'kysely';
import { emailsOf } from './event-reads';

const orderNotFound = (orderId: string) =>
  new AppError('NOT_FOUND', 'No such order', { details: [{ orderID: orderId }] });

function shardOfOrder(db: Databases, orderId: string): Shard {
  try {
    return db.shards.forId(orderId);
  } catch (error) {
    if (error instanceof UnknownShardError) throw orderNotFound(orderId);
    throw error;
  }
}

async function ordersOn(shard: Shard, where: { orderId: string } | { userId: string }, limit: number) {
  let query = shard.db
    .selectFrom('orders as o')
    .innerJoin('reservations as r', 'r.id', 'o.reservation_id')
    .leftJoin('payments as p', (join) => join.onRef('p.order_id', '=', 'o.id'))
    .select([
      'o.id',
      'o.reservation_id',
      'o.event_id',
      'o.user_id',
      'o.status',
      'o.total_amount',
      'o.currency',
      'o.version',
      'o.created_at',
      'r.ticket_ids',
      'p.id as payment_id',
      'p.status as payment_status',
      'p.provider',
      'p.provider_payment_id',
      'p.refund_id',
    ]);
  query =
    'orderId' in where
      ? query.where('o.id', '=', where.orderId)
      : query.where('o.user_id', '=', where.userId);
  const rows = await query.orderBy('o.created_at', 'desc').limit(limit).execute();
  const ticketIds = rows.flatMap((row) => row.ticket_ids);
  const seats = ticketIds.length
    ? await shard.db.selectFrom('tickets').select(['id', 'seat_label']).where('id', 'in', ticketIds).execute()
    : [];
  const labels = new Map(seats.map((seat) => [seat.id, seat.seat_label]));
  return rows.map((row) => ({ ...row, seats: row.ticket_ids.map((id) => labels.get(id) ?? id) }));
}

/** Orders by id, or every order of the account with that email (newest first, across shards). */
export async function findOrders(db: Databases, lookup: { orderId?: string; email?: string }, limit = 50) {
  let rows: Awaited<ReturnType<typeof ordersOn>> = [];
  if (lookup.orderId) {
    // A lookup, not a fetch: an id no shard could hold finds nothing rather than failing.
    const index = shardOfId(lookup.orderId);
    rows =
      index !== null && index < db.shards.count
        ? await ordersOn(db.shards.at(index), { orderId: lookup.orderId }, 1)
        : [];
  } else if (lookup.email) {
    const user = await db.catalog
      .selectFrom('users')
      .select('id')
      .where(sql`lower(email)`, '=', lookup.email.toLowerCase())
      .executeTakeFirst();
    if (user) {
      const perShard = await Promise.all(
        db.shards.shards.map((shard) => ordersOn(shard, { userId: user.id }, limit)),
      );
      rows = perShard
        .flat()
        .sort((a, b) => b.created_at.getTime() - a.created_at.getTime())
        .slice(0, limit);
    }
  }
  const [emails, events] = await Promise.all([
    emailsOf(
      db,
      rows.map((row) => row.user_id),
    ),
    rows.length
      ? db.catalog
          .selectFrom('events')
          .select(['id', 'name'])
          .where('id', 'in', [...new Set(rows.map((row) => row.event_id))])
          .execute()
      : [],
  ]);
  const eventNames = new Map(events.map((event) => [event.id, event.name]));
  return rows.map((row) => ({
    orderID: row.id,
    reservationID: row.reservation_id,
    eventID: row.event_id,
    eventName: eventNames.get(row.event_id) ?? null,
    email: emails.get(row.user_id) ?? null,
    status: row.status,
    total: { amount: row.total_amount, currency: row.currency.trim() },
    version: row.version,
    createdAt: row.created_at.toISOString(),
    seats: row.seats,
    payment: row.payment_id
      ? {
          paymentID: row.payment_id,
          status: row.payment_status ?? 'created',
          provider: row.provider ?? '',
          refundID: row.refund_id,
        }
      : null,
  }));
}

/**
 * Staff refund of a confirmed order. Step one, in one shard transaction and conditional on the
 * order's status and version: order confirmed -> refunded, its settled payment succeeded ->
 * refund_pending. Step two asks the gateway for the refund under the same idempotency key the
 * booking package uses for lost holds (`refund-<paymentId>`), so no payment is ever refunded twice,
 * then records refund_pending -> refunded. When step two fails, the order stays refunded with its
 * payment refund_pending; calling again with the order's current version retries only step two.
 * The seats stay sold: putting them back on sale is a separate decision (not built).
 */
export async function refundOrder(
  deps: BookingDeps & { gateway: PaymentGateway },
  db: Databases,
  orderId: string,
  expectedVersion: number,
) {
  const shard = shardOfOrder(db, orderId);
  const order = await shard.db
    .selectFrom('orders')
    .select(['status', 'version', 'reservation_id'])
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!order) throw orderNotFound(orderId);
  if (order.version !== expectedVersion) {
    throw new AppError('CONFLICT', 'This order changed since you loaded it; reload and try again', {
      details: [{ field: 'version', reason: 'stale', expected: expectedVersion, current: order.version }],
    });
  }
  if (order.status === 'confirmed') {
    await shard.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('orders')
        .set({ status: 'refunded', version: sql`version + 1` })
        .where('id', '=', orderId)
        .where('status', '=', 'confirmed')
        .where('version', '=', expectedVersion)
        .returning('id')
        .executeTakeFirst();
      if (!updated)
        throw new AppError('CONFLICT', 'This order changed since you loaded it; reload and try again', {
          details: [{ field: 'version', reason: 'stale' }],
        });
      const payment = await trx
        .updateTable('payments')
        .set({ status: 'refund_pending', version: sql`version + 1` })
        .where('order_id', '=', orderId)
        .where('status', '=', 'succeeded')
        .returning('id')
        .executeTakeFirst();
      if (!payment)
        throw new AppError('CONFLICT', 'This order has no settled payment to refund', {
          details: [{ orderID: orderId, reason: 'no succeeded payment' }],
        });
    });
  } else if (order.status !== 'refunded') {
    throw new AppError('CONFLICT', `A ${order.status} order cannot be refunded`, {
      details: [{ orderID: orderId, status: order.status }],
    });
  }

  const payment = await shard.db
    .selectFrom('payments')
    .select(['id', 'status', 'amount', 'provider_payment_id'])
    .where('order_id', '=', orderId)
    .where('status', '=', 'refund_pending')
    .executeTakeFirst();
  if (payment?.provider_payment_id) {
    const refund = await deps.gateway.refund({
      providerPaymentId: payment.provider_payment_id,
      amount: payment.amount,
      idempotencyKey: `refund-${payment.id}`,
    });
    const recorded = await shard.db
      .updateTable('payments')
      .set({ status: 'refunded', refund_id: refund.refundId, version: sql`version + 1` })
      .where('id', '=', payment.id)
      .where('status', '=', 'refund_pending')
      .returning('id')
      .executeTakeFirst();
    if (recorded)
      await publishReservationUpdate(deps.redis, order.reservation_id, {
        status: 'refunded',
        reason: 'The organiser refunded this order',
      });
  } else if (order.status === 'refunded') {
    throw new AppError('CONFLICT', 'This order is already refunded', {
      details: [{ orderID: orderId, status: 'refunded' }],
    });
  }
  const [view] = await findOrders(db, { orderId });
  if (!view) throw orderNotFound(orderId);
  return view;
}
