import type { Shard } from '@boxoffice/db';
import { AppError, type ErrorDetail } from '@boxoffice/domain';
import { keys, type ReserveJob, type ReserveReply } from '@boxoffice/queue';
import { sql } from 'kysely';
import { pickBestAvailable } from './best-available';
import type { BookingDeps } from './deps';
import { publishReservationUpdate, publishSeatChanges } from './events';
import { createTicketLocks } from './ticket-locks';

const failure = (reservationId: string, error: AppError): ReserveReply => ({
  ok: false,
  reservationId,
  code: error.code,
  message: error.message,
  details: error.details,
});

/** A retried job, or a replayed Idempotency-Key, answers with the reservation it already made. */
async function existingAnswer(shard: Shard, job: ReserveJob): Promise<ReserveReply | null> {
  let query = shard.db.selectFrom('reservations').select(['id', 'status', 'expires_at', 'ticket_ids']).where('id', '=', job.reservationId);
  if (job.idempotencyKey) {
    query = shard.db
      .selectFrom('reservations')
      .select(['id', 'status', 'expires_at', 'ticket_ids'])
      .where((eb) => eb.or([eb('id', '=', job.reservationId), eb.and([eb('user_id', '=', job.userId), eb('idempotency_key', '=', job.idempotencyKey)])]));
  }
  const row = await query.executeTakeFirst();
  if (!row) return null;
  if (row.status === 'expired' || row.status === 'cancelled') {
    return failure(row.id, new AppError('HOLD_EXPIRED', `This reservation is ${row.status}`));
  }
  return { ok: true, reservationId: row.id, expiresAt: row.expires_at.toISOString(), ticketIds: row.ticket_ids };
}

async function chooseSeats(shard: Shard, job: ReserveJob): Promise<string[]> {
  if (job.selection.kind === 'seats') return job.selection.ticketIds;
  let query = shard.db
    .selectFrom('tickets')
    .select(['id', 'section', 'row_label', 'seat_number', 'status'])
    .where('event_id', '=', job.eventId);
  if (job.selection.section) query = query.where('section', '=', job.selection.section);
  const seats = await query.execute();
  const picked = pickBestAvailable(
    seats.map((s) => ({ id: s.id, section: s.section, rowLabel: s.row_label, seatNumber: s.seat_number, available: s.status === 'available' })),
    job.selection.quantity,
    job.selection.section,
  );
  if (!picked) {
    throw new AppError('TICKETS_UNAVAILABLE', `No ${job.selection.quantity} seats together are left${job.selection.section ? ` in section ${job.selection.section}` : ''}`);
  }
  return picked;
}

/** Explain a refusal ticket by ticket, from the rows as they are now. */
function refusal(eventId: string, requested: readonly string[], rows: readonly { id: string; event_id: string; status: string }[]): AppError | null {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing = requested.filter((id) => !byId.has(id));
  if (missing.length) {
    return new AppError('TICKET_NOT_FOUND', 'Some tickets do not exist', { details: missing.map((ticketID) => ({ ticketID, status: 'unknown' })) });
  }
  const foreign = rows.filter((row) => row.event_id !== eventId);
  if (foreign.length) {
    return new AppError('VALIDATION_FAILED', 'Some tickets belong to another event', {
      details: foreign.map((row) => ({ field: 'ticketIDs', ticketID: row.id, reason: 'belongs to another event' })),
    });
  }
  const taken: ErrorDetail[] = rows.filter((row) => row.status !== 'available').map((row) => ({ ticketID: row.id, status: row.status }));
  return taken.length ? new AppError('TICKETS_UNAVAILABLE', 'Tickets already reserved or sold', { details: taken }) : null;
}

/**
 * Hold seats for one reservation, all or nothing. The Redis locks turn most races away cheaply;
 * the conditional UPDATE (status and version read a moment earlier) is what guarantees a seat
 * is never held twice, even for a worker that stalled past its lock's TTL.
 */
export async function reserveSeats(deps: BookingDeps, job: ReserveJob): Promise<ReserveReply> {
  const shard = deps.shards.forId(job.reservationId);
  const previous = await existingAnswer(shard, job);
  if (previous) return previous;

  let ticketIds: string[];
  try {
    ticketIds = await chooseSeats(shard, job);
  } catch (error) {
    if (error instanceof AppError) return failure(job.reservationId, error);
    throw error;
  }

  const locks = createTicketLocks(deps.redis, keys.ticketLock);
  const locked = await locks.acquire(ticketIds, job.reservationId, deps.lockTtlMs);
  if (locked.length) {
    return failure(
      job.reservationId,
      new AppError('TICKETS_UNAVAILABLE', 'Tickets already reserved or sold', { details: locked.map((ticketID) => ({ ticketID, status: 'reserved' })) }),
    );
  }

  let expiresAt: Date;
  try {
    const result = await shard.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('tickets')
        .select(['id', 'event_id', 'status', 'version', 'price_amount', 'currency'])
        .where('id', 'in', ticketIds)
        .execute();
      const refused = refusal(job.eventId, ticketIds, rows);
      if (refused) return { refused };
      await deps.beforeWrite?.();
      const updated = await sql<{ id: string }>`
        update tickets t
           set status = 'reserved', reservation_id = ${job.reservationId}, version = t.version + 1
          from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.version)}::int[]) as v(id, version)
         where t.id = v.id and t.version = v.version and t.status = 'available'
        returning t.id`.execute(trx);
      if (updated.rows.length !== ticketIds.length) return { raced: true as const };
      const currency = rows[0]?.currency ?? 'USD';
      const inserted = await trx
        .insertInto('reservations')
        .values({
          id: job.reservationId,
          event_id: job.eventId,
          user_id: job.userId,
          status: 'held',
          ticket_ids: ticketIds,
          total_amount: rows.reduce((sum, row) => sum + row.price_amount, 0),
          currency,
          expires_at: sql<Date>`now() + make_interval(secs => ${deps.holdSeconds})`,
          idempotency_key: job.idempotencyKey,
        })
        .returning('expires_at')
        .executeTakeFirstOrThrow();
      return { expiresAt: inserted.expires_at };
    }).catch((error: unknown) => {
      // Another request with the same Idempotency-Key won the insert: answer with its reservation.
      if (error instanceof Error && 'constraint' in error && error.constraint === 'reservations_idempotency_key') return { duplicateKey: true as const };
      throw error;
    });
    if ('duplicateKey' in result) return (await existingAnswer(shard, job)) ?? failure(job.reservationId, new AppError('CONFLICT', 'Retry the request'));
    if ('refused' in result && result.refused) return failure(job.reservationId, result.refused);
    if ('raced' in result) {
      // Someone changed a seat between our read and write: report what the seats are now.
      const now = await shard.db.selectFrom('tickets').select(['id', 'event_id', 'status']).where('id', 'in', ticketIds).execute();
      return failure(job.reservationId, refusal(job.eventId, ticketIds, now) ?? new AppError('TICKETS_UNAVAILABLE', 'Tickets changed while reserving; try again'));
    }
    expiresAt = result.expiresAt as Date;
  } finally {
    await locks.release(ticketIds, job.reservationId);
  }

  await publishSeatChanges(deps.redis, job.eventId, ticketIds.map((ticketID) => ({ ticketID, status: 'reserved' })));
  await publishReservationUpdate(deps.redis, job.reservationId, { status: 'held', expiresAt: expiresAt.toISOString() });
  return { ok: true, reservationId: job.reservationId, expiresAt: expiresAt.toISOString(), ticketIds };
}

