import type { Shard } from '@boxoffice/db';
import { sql, type Transaction } from 'kysely';
import type { ShardDB } from '@boxoffice/db';
import type { BookingDeps } from './deps';
import { publishReservationUpdate, publishSeatChanges } from './events';

export type ReleaseReason = 'expired' | 'cancelled';

/** Give a reservation's seats back, only those it still holds (sold seats are never released). */
export async function releaseTickets(trx: Transaction<ShardDB>, reservationId: string): Promise<string[]> {
  const released = await trx
    .updateTable('tickets')
    .set({ status: 'available', reservation_id: null, version: sql`version + 1` })
    .where('reservation_id', '=', reservationId)
    .where('status', '=', 'reserved')
    .returning('id')
    .execute();
  return released.map((row) => row.id);
}

async function announce(deps: BookingDeps, eventId: string, reservationId: string, ticketIds: string[], reason: ReleaseReason) {
  await publishSeatChanges(deps.redis, eventId, ticketIds.map((ticketID) => ({ ticketID, status: 'available' as const })));
  await publishReservationUpdate(deps.redis, reservationId, { status: reason });
}

/**
 * Expire one hold if it is due. A hold whose payment is in flight is frozen until the payment's
 * deadline; after that it expires too, and a payment that succeeds later is refunded.
 */
export async function releaseExpiredHold(deps: BookingDeps, reservationId: string): Promise<{ released: boolean; dueAt: Date | null }> {
  const shard = deps.shards.forId(reservationId);
  const outcome = await shard.db.transaction().execute(async (trx) => {
    const expired = await trx
      .updateTable('reservations')
      .set({ status: 'expired', version: sql`version + 1` })
      .where('id', '=', reservationId)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', 'in', ['pending', 'held']), eb('expires_at', '<=', sql<Date>`now()`)]),
          eb.and([eb('status', '=', 'payment_pending'), eb('payment_deadline', '<=', sql<Date>`now()`)]),
        ]),
      )
      .returning(['event_id'])
      .executeTakeFirst();
    if (!expired) return null;
    return { eventId: expired.event_id, ticketIds: await releaseTickets(trx, reservationId) };
  });
  if (outcome) {
    await announce(deps, outcome.eventId, reservationId, outcome.ticketIds, 'expired');
    return { released: true, dueAt: null };
  }
  const row = await shard.db.selectFrom('reservations').select(['status', 'expires_at', 'payment_deadline']).where('id', '=', reservationId).executeTakeFirst();
  const dueAt = row?.status === 'held' || row?.status === 'pending' ? row.expires_at : row?.status === 'payment_pending' ? row.payment_deadline : null;
  return { released: false, dueAt };
}

/** A fan lets go of a hold before it expires. */
export async function cancelHold(deps: BookingDeps, reservationId: string, userId: string): Promise<boolean> {
  const shard = deps.shards.forId(reservationId);
  const outcome = await shard.db.transaction().execute(async (trx) => {
    const cancelled = await trx
      .updateTable('reservations')
      .set({ status: 'cancelled', version: sql`version + 1` })
      .where('id', '=', reservationId)
      .where('user_id', '=', userId)
      .where('status', 'in', ['pending', 'held'])
      .returning('event_id')
      .executeTakeFirst();
    return cancelled ? { eventId: cancelled.event_id, ticketIds: await releaseTickets(trx, reservationId) } : null;
  });
  if (outcome) await announce(deps, outcome.eventId, reservationId, outcome.ticketIds, 'cancelled');
  return outcome !== null;
}

/** The safety net behind the delayed expiry jobs: every due hold on every shard. */
export async function sweepExpiredHolds(deps: BookingDeps, limit = 500): Promise<number> {
  let released = 0;
  for (const shard of deps.shards.shards) released += await sweepShard(deps, shard, limit);
  return released;
}

async function sweepShard(deps: BookingDeps, shard: Shard, limit: number): Promise<number> {
  const due = await shard.db
    .selectFrom('reservations')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', 'in', ['pending', 'held']), eb('expires_at', '<=', sql<Date>`now()`)]),
        eb.and([eb('status', '=', 'payment_pending'), eb('payment_deadline', '<=', sql<Date>`now()`)]),
      ]),
    )
    .limit(limit)
    .execute();
  let released = 0;
  for (const { id } of due) if ((await releaseExpiredHold(deps, id)).released) released++;
  return released;
}
