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

/**
 * Hold seats for one reservation, all or nothing. The Redis locks turn most races away cheaply;
 * the conditional UPDATE (status and version read a moment earlier) is what guarantees a seat
 * is never held twice, even for a worker that stalled past its lock's TTL.
 */
export async function reserveSeats(deps: BookingDeps, job: ReserveJob): Promise<ReserveReply> {
  const shard = deps.shards.forId(job.reservationId);
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
    // Held by someone at this instant; unless that is this very reservation being retried.
    const own = await shard.db.selectFrom('reservations').select('id').where('id', '=', job.reservationId).executeTakeFirst();
    if (!own) return failure(job.reservationId, unavailable(locked.map((ticketID) => ({ ticketID, status: 'reserved' }))));
  }

  let row: HoldRow;
  try {
    await deps.beforeWrite?.();
    row = await holdInDatabase(shard, job, ticketIds, deps.holdSeconds);
  } catch (error) {
    if (!locked.length) await locks.release(ticketIds, job.reservationId);
    throw error;
  }
  // Issued together: none waits for another's round trip.
  const release = locked.length ? Promise.resolve(0) : locks.release(ticketIds, job.reservationId);

  if (row.outcome !== 'held') await release;
  switch (row.outcome) {
    case 'held':
      await Promise.all([
        release,
        publishSeatChanges(deps.redis, job.eventId, ticketIds.map((ticketID) => ({ ticketID, status: 'reserved' }))),
        publishReservationUpdate(deps.redis, job.reservationId, { status: 'held', expiresAt: iso(row.expires_at) }),
      ]);
      return { ok: true, reservationId: job.reservationId, expiresAt: iso(row.expires_at), ticketIds };
    case 'exists':
      return { ok: true, reservationId: row.reservation_id, expiresAt: iso(row.expires_at), ticketIds: row.details as string[] };
    case 'gone':
      return failure(row.reservation_id, new AppError('HOLD_EXPIRED', 'This reservation has ended'));
    case 'missing':
      return failure(job.reservationId, new AppError('TICKET_NOT_FOUND', 'Some tickets do not exist', { details: row.details as ErrorDetail[] }));
    case 'foreign':
      return failure(job.reservationId, new AppError('VALIDATION_FAILED', 'Some tickets belong to another event', { details: row.details as ErrorDetail[] }));
    default:
      return failure(job.reservationId, unavailable(row.details as ErrorDetail[]));
  }
}

const unavailable = (details: ErrorDetail[]) => new AppError('TICKETS_UNAVAILABLE', 'Tickets already reserved or sold', { details });
const iso = (value: Date | string | null) => new Date(value ?? 0).toISOString();

interface HoldRow {
  outcome: 'held' | 'exists' | 'gone' | 'missing' | 'foreign' | 'taken';
  reservation_id: string;
  expires_at: Date | null;
  details: unknown;
}

/**
 * One round trip to the shard (reserve_seats, see the 0002 migration): the seats' status and version
 * are read and every UPDATE is conditional on both, so a stalled worker changes nothing.
 */
async function holdInDatabase(shard: Shard, job: ReserveJob, ticketIds: string[], holdSeconds: number): Promise<HoldRow> {
  try {
    const result = await sql<HoldRow>`
      select * from reserve_seats(${job.reservationId}, ${job.eventId}, ${job.userId}, ${ticketIds}::uuid[], ${holdSeconds}, ${job.idempotencyKey})`.execute(shard.db);
    return result.rows[0] as HoldRow;
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : null;
    // A seat changed between the read and the write, or the same Idempotency-Key won a race:
    // the statement rolled back; report the seats as they are now.
    if (code === 'BX409' || code === '23505') {
      const again = await sql<HoldRow>`
        select * from reserve_seats(${job.reservationId}, ${job.eventId}, ${job.userId}, ${ticketIds}::uuid[], ${holdSeconds}, ${job.idempotencyKey})`
        .execute(shard.db)
        .catch(() => ({ rows: [{ outcome: 'taken', reservation_id: job.reservationId, expires_at: null, details: [] }] as HoldRow[] }));
      return again.rows[0] as HoldRow;
    }
    throw error;
  }
}
