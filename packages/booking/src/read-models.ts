import { UnknownShardError } from '@boxoffice/db';
import { AppError } from '@boxoffice/domain';
import type { BookingDeps } from './deps';

export interface ReservationView {
  reservationID: string;
  eventID: string;
  status: 'pending' | 'held' | 'payment_pending' | 'confirmed' | 'expired' | 'cancelled';
  expiresAt: string;
  expiresIn: number;
  total: { amount: number; currency: string };
  tickets: { ticketID: string; seatNumber: string; price: number; status: string }[];
  orderID: string | null;
  paymentID: string | null;
  paymentStatus: string | null;
  version: number;
}

const notFound = (id: string) => new AppError('RESERVATION_NOT_FOUND', 'No such reservation', { details: [{ reservationID: id }] });

/** A reservation as its owner sees it; someone else's answers 404 so ids cannot be probed. */
export async function findOwnReservation(deps: BookingDeps, reservationId: string, userId: string): Promise<ReservationView> {
  let shard: ReturnType<BookingDeps['shards']['forId']>;
  try {
    shard = deps.shards.forId(reservationId);
  } catch (error) {
    if (error instanceof UnknownShardError) throw notFound(reservationId);
    throw error;
  }
  const row = await shard.db
    .selectFrom('reservations as r')
    .leftJoin('orders as o', 'o.reservation_id', 'r.id')
    .select(['r.id', 'r.event_id', 'r.user_id', 'r.status', 'r.expires_at', 'r.total_amount', 'r.currency', 'r.ticket_ids', 'r.version', 'o.id as order_id'])
    .where('r.id', '=', reservationId)
    .executeTakeFirst();
  if (!row || row.user_id !== userId) throw notFound(reservationId);
  const [tickets, payment] = await Promise.all([
    shard.db.selectFrom('tickets').select(['id', 'seat_label', 'price_amount', 'status']).where('id', 'in', row.ticket_ids).execute(),
    shard.db.selectFrom('payments').select(['id', 'status']).where('reservation_id', '=', reservationId).orderBy('created_at', 'desc').limit(1).executeTakeFirst(),
  ]);
  return {
    reservationID: row.id,
    eventID: row.event_id,
    status: row.status,
    expiresAt: row.expires_at.toISOString(),
    expiresIn: Math.max(0, Math.round((row.expires_at.getTime() - Date.now()) / 1000)),
    total: { amount: row.total_amount, currency: row.currency },
    tickets: tickets.map((t) => ({ ticketID: t.id, seatNumber: t.seat_label, price: t.price_amount, status: t.status })),
    orderID: row.order_id,
    paymentID: payment?.id ?? null,
    paymentStatus: payment?.status ?? null,
    version: row.version,
  };
}

export interface OrderView {
  orderID: string;
  reservationID: string;
  eventID: string;
  status: string;
  total: { amount: number; currency: string };
  createdAt: string;
}

/** A fan's orders from every shard, newest first. */
export async function listOrders(deps: BookingDeps, userId: string, limit = 50): Promise<OrderView[]> {
  const perShard = await Promise.all(
    deps.shards.shards.map((shard) =>
      shard.db
        .selectFrom('orders')
        .select(['id', 'reservation_id', 'event_id', 'status', 'total_amount', 'currency', 'created_at'])
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute(),
    ),
  );
  return perShard
    .flat()
    .sort((a, b) => b.created_at.getTime() - a.created_at.getTime())
    .slice(0, limit)
    .map((o) => ({
      orderID: o.id,
      reservationID: o.reservation_id,
      eventID: o.event_id,
      status: o.status,
      total: { amount: o.total_amount, currency: o.currency },
      createdAt: o.created_at.toISOString(),
    }));
}
