import type { Shard } from '@boxoffice/db';
import { AppError, type ErrorDetail } from '@boxoffice/domain';
import { keys, type ReserveJob, type ReserveReply } from '@boxoffice/queue';
import { sql } from 'kysely';
import { pickBestAvailable } from './best-available';
import type { BookingDeps } from './deps';
import { publishReservationUpdates, publishSeatChanges, type ReservationUpdate, type SeatChange } from './events';
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
  const [reply] = await reserveSeatsBatch(deps, [job]);
  return reply as ReserveReply;
}

/**
 * Hold seats for a batch of reservations of one event: the same rules as one at a time, each
 * reservation all or nothing on its own, but one Redis round trip for every lock, one database
 * call (one commit) for every hold, and one seat-change message for the batch. Jobs of a batch
 * may want the same seat: the first one in the batch gets it, the later ones hear it is taken.
 */
export async function reserveSeatsBatch(deps: BookingDeps, jobs: readonly ReserveJob[]): Promise<ReserveReply[]> {
  const first = jobs[0];
  if (!first) return [];
  const shard = deps.shards.forId(first.reservationId);
  const replies: (ReserveReply | undefined)[] = new Array(jobs.length);
  const seats: string[][] = [];
  for (const [i, job] of jobs.entries()) {
    try {
      seats[i] = await chooseSeats(shard, job);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      replies[i] = failure(job.reservationId, error);
    }
  }

  const locks = createTicketLocks(deps.redis, keys.ticketLock);
  const wanted = [...jobs.keys()].filter((i) => seats[i]);
  const lockRequests = (indices: number[]) => indices.map((i) => ({ owner: (jobs[i] as ReserveJob).reservationId, ticketIds: seats[i] as string[] }));
  const taken = await locks.acquireMany(lockRequests(wanted), deps.lockTtlMs);
  const locked = wanted.filter((_, k) => taken[k]?.length === 0);
  const contended = wanted.flatMap((i, k) => (taken[k]?.length ? [{ i, taken: taken[k] as string[] }] : []));
  // Held by someone at this instant; unless that is this very reservation being retried.
  const retried = contended.length ? await existingReservations(shard, contended.map(({ i }) => (jobs[i] as ReserveJob).reservationId)) : new Set<string>();
  for (const { i, taken: ids } of contended) {
    const job = jobs[i] as ReserveJob;
    if (!retried.has(job.reservationId)) replies[i] = failure(job.reservationId, unavailable(ids.map((ticketID) => ({ ticketID, status: 'reserved' }))));
  }
  const writes = wanted.filter((i) => !replies[i]);

  let rows: HoldRow[];
  try {
    await deps.beforeWrite?.();
    rows = await holdBatchInDatabase(shard, writes.map((i) => ({ job: jobs[i] as ReserveJob, ticketIds: seats[i] as string[] })), deps.holdSeconds);
  } catch (error) {
    await locks.releaseMany(lockRequests(locked));
    throw error;
  }

  const held: SeatChange[] = [];
  const heldUpdates: { reservationId: string; update: ReservationUpdate }[] = [];
  for (const [k, i] of writes.entries()) {
    const job = jobs[i] as ReserveJob;
    const row = rows[k] as HoldRow;
    replies[i] = toReply(job, seats[i] as string[], row);
    if (row.outcome === 'held') {
      for (const ticketID of seats[i] as string[]) held.push({ ticketID, status: 'reserved' });
      heldUpdates.push({ reservationId: job.reservationId, update: { status: 'held', expiresAt: iso(row.expires_at) } });
    }
  }
  // Issued together: none waits for another's round trip.
  await Promise.all([locks.releaseMany(lockRequests(locked)), publishSeatChanges(deps.redis, first.eventId, held), publishReservationUpdates(deps.redis, heldUpdates)]);
  return replies as ReserveReply[];
}

async function existingReservations(shard: Shard, ids: string[]): Promise<Set<string>> {
  const rows = await shard.db.selectFrom('reservations').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((row) => row.id));
}

function toReply(job: ReserveJob, ticketIds: string[], row: HoldRow): ReserveReply {
  switch (row.outcome) {
    case 'held':
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
      return failure(job.reservationId, unavailable((row.details as ErrorDetail[] | null) ?? []));
  }
}

const unavailable = (details: ErrorDetail[]) => new AppError('TICKETS_UNAVAILABLE', 'Tickets already reserved or sold', { details });
const iso = (value: Date | string | null) => new Date(value ?? 0).toISOString();

interface HoldRow {
  outcome: 'held' | 'exists' | 'gone' | 'missing' | 'foreign' | 'taken' | 'retry';
  reservation_id: string;
  expires_at: Date | null;
  details: unknown;
}

interface Hold {
  job: ReserveJob;
  ticketIds: string[];
}

/**
 * One round trip and one statement for the whole batch (reserve_seats_set, see the 0006 migration):
 * every wanted seat is read and one UPDATE, conditional on each seat's status and version, holds
 * every reservation that can be held, so a stalled worker changes nothing. A batch in which some
 * reservation lost a race goes through reserve_seats_batch inside the same call; a reservation
 * it reports as 'retry', or a batch the database refused as a whole (a deadlock between workers
 * whose Redis locks had lapsed), is held one reservation at a time.
 */
async function holdBatchInDatabase(shard: Shard, holds: Hold[], holdSeconds: number): Promise<HoldRow[]> {
  if (holds.length === 0) return [];
  if (holds.length === 1) return [await holdInDatabase(shard, holds[0] as Hold, holdSeconds)];
  const eventId = (holds[0] as Hold).job.eventId;
  let rows: HoldRow[];
  try {
    const result = await sql<HoldRow>`
      select outcome, reservation_id, expires_at, details from reserve_seats_set(
        ${holds.map((h) => h.job.reservationId)}::uuid[], ${eventId}, ${holds.map((h) => h.job.userId)}::uuid[],
        ${JSON.stringify(holds.map((h) => h.ticketIds))}::jsonb, ${holdSeconds}, ${holds.map((h) => h.job.idempotencyKey)}::text[])`.execute(shard.db);
    rows = result.rows;
  } catch (error) {
    if (sqlState(error) !== '40P01') throw error;
    rows = holds.map(() => ({ outcome: 'retry', reservation_id: '', expires_at: null, details: null }));
  }
  const out: HoldRow[] = [];
  for (const [i, hold] of holds.entries()) {
    const row = rows[i] as HoldRow;
    out.push(row.outcome === 'retry' ? await holdInDatabase(shard, hold, holdSeconds) : row);
  }
  return out;
}

const sqlState = (error: unknown) => (error instanceof Error && 'code' in error ? error.code : null);

/** One reservation's hold: reserve_seats, and once more if a seat changed between its read and its write. */
async function holdInDatabase(shard: Shard, { job, ticketIds }: Hold, holdSeconds: number): Promise<HoldRow> {
  const call = () =>
    sql<HoldRow>`
      select * from reserve_seats(${job.reservationId}, ${job.eventId}, ${job.userId}, ${ticketIds}::uuid[], ${holdSeconds}, ${job.idempotencyKey})`.execute(shard.db);
  try {
    return (await call()).rows[0] as HoldRow;
  } catch (error) {
    const code = sqlState(error);
    // A seat changed between the read and the write, or the same Idempotency-Key won a race:
    // the statement rolled back; report the seats as they are now.
    if (code === 'BX409' || code === '23505') {
      const again = await call().catch(() => ({ rows: [{ outcome: 'taken', reservation_id: job.reservationId, expires_at: null, details: [] }] as HoldRow[] }));
      return again.rows[0] as HoldRow;
    }
    throw error;
  }
}
