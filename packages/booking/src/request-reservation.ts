import { createHash } from 'node:crypto';
import { newInventoryId, shardOfId } from '@boxoffice/db';
import { AppError, type ErrorCode } from '@boxoffice/domain';
import { keys, type QueueCache, type ReserveJob, type ReserveReply, reserveReply } from '@boxoffice/queue';
import { sql } from 'kysely';
import { z } from 'zod';
import type { BookingDeps } from './deps';
import type { RedisHub } from './redis-hub';
import type { ReserveBatcher } from './reserve-batcher';

export interface ReservationRequester {
  deps: BookingDeps;
  queues: QueueCache;
  replies: ReplyRouter;
  waitMs: number;
  gate: EventGate;
  batcher: ReserveBatcher;
}

/**
 * The reply channel of this API process: workers publish each answer there and it is handed to
 * the request waiting for that reservation id. One subscription serves every request in flight.
 */
export class ReplyRouter {
  private readonly waiting = new Map<string, (reply: ReserveReply) => void>();

  private constructor(readonly channel: string) {}

  static async open(hub: RedisHub, channel: string): Promise<ReplyRouter> {
    const router = new ReplyRouter(channel);
    // A worker answers a batch with one message: the replies to this process's requests in it.
    await hub.subscribe(channel, (message) => {
      const parsed = reserveReplies.safeParse(JSON.parse(message));
      if (!parsed.success) return;
      for (const reply of Array.isArray(parsed.data) ? parsed.data : [parsed.data]) router.waiting.get(reply.reservationId)?.(reply);
    });
    return router;
  }

  async wait(reservationId: string, timeoutMs: number, send: () => Promise<void>): Promise<ReserveReply | null> {
    let timer: NodeJS.Timeout | undefined;
    const reply = new Promise<ReserveReply | null>((resolve) => {
      this.waiting.set(reservationId, resolve);
      timer = setTimeout(() => resolve(null), timeoutMs);
    });
    try {
      await send();
      return await reply;
    } finally {
      clearTimeout(timer);
      this.waiting.delete(reservationId);
    }
  }
}

const reserveReplies = z.union([reserveReply, z.array(reserveReply)]);

export type ReservationRequest = { eventId: string; userId: string; selection: ReserveJob['selection']; idempotencyKey: string | null };
export type ReservationAnswer = { kind: 'held'; reservationId: string; expiresAt: string; ticketIds: string[] } | { kind: 'pending'; reservationId: string };

/**
 * Which events can be reserved now, cached for a few seconds so the hot path skips the catalog.
 * One read per event at a time: at thousands of requests a second, every request arriving while
 * the entry was being refreshed used to make its own query.
 */
type GateEntry = { onSale: boolean; exists: boolean; until: number };

export class EventGate {
  private readonly cache = new Map<string, GateEntry>();
  private readonly reads = new Map<string, Promise<GateEntry>>();
  private readonly touched = new Map<string, number>();

  constructor(private readonly deps: BookingDeps, private readonly ttlMs = 5000) {}

  async check(eventId: string): Promise<void> {
    let entry = this.cache.get(eventId);
    if (!entry || entry.until < Date.now()) entry = await this.read(eventId);
    if (!entry.exists) throw new AppError('EVENT_NOT_FOUND', 'No such event', { details: [{ eventID: eventId }] });
    if (!entry.onSale) throw new AppError('CONFLICT', 'This event is not on sale', { details: [{ eventID: eventId, reason: 'not on sale' }] });
  }

  private read(eventId: string): Promise<GateEntry> {
    let pending = this.reads.get(eventId);
    if (!pending) {
      pending = this.deps.catalog
        .selectFrom('events')
        .select(['status', sql<boolean>`on_sale_at <= now()`.as('opened')])
        .where('id', '=', eventId)
        .executeTakeFirst()
        .then((row) => {
          const entry: GateEntry = { exists: Boolean(row), onSale: Boolean(row && (row.status === 'on_sale' || (row.status === 'scheduled' && row.opened))), until: Date.now() + this.ttlMs };
          // Unknown ids are cached too (a 404 is cheap to repeat): bound the map so made-up ids cannot grow it.
          if (this.cache.size >= 10_000) this.cache.clear();
          this.cache.set(eventId, entry);
          return entry;
        })
        .finally(() => this.reads.delete(eventId));
      this.reads.set(eventId, pending);
    }
    return pending;
  }

  /** Keep the event's queue in the workers' registry (at most once a second per event). */
  async markActive(eventId: string): Promise<void> {
    const now = Date.now();
    if ((this.touched.get(eventId) ?? 0) > now - 1000) return;
    this.touched.set(eventId, now);
    const added = await this.deps.redis.zadd(keys.activeReserveQueues, now, eventId);
    // A queue new to the registry: tell the workers now rather than at their next poll.
    if (added === 1) await this.deps.redis.publish(keys.activeReserveQueuesChanged, eventId);
  }
}

/** A ticket id names its shard: one minted on another shard belongs to another event. */
function refuseOtherShards(deps: BookingDeps, request: ReservationRequest) {
  if (request.selection.kind !== 'seats') return;
  const shard = deps.shards.forEvent(request.eventId).index;
  const foreign = request.selection.ticketIds.filter((id) => shardOfId(id) !== shard);
  if (foreign.length) {
    throw new AppError('VALIDATION_FAILED', 'Some tickets belong to another event', {
      details: foreign.map((ticketID) => ({ field: 'ticketIDs', ticketID, reason: 'belongs to another event' })),
    });
  }
}

const fingerprint = (request: ReservationRequest) => createHash('sha256').update(JSON.stringify([request.eventId, request.selection])).digest('hex');

/** Same Idempotency-Key, same reservation id: a replay joins or reads the original request. */
async function reservationIdFor(requester: ReservationRequester, request: ReservationRequest): Promise<{ id: string; replay: boolean }> {
  const shard = requester.deps.shards.forEvent(request.eventId);
  const fresh = newInventoryId(shard.index);
  if (!request.idempotencyKey) return { id: fresh, replay: false };
  const key = `idem:reserve:${request.userId}:${request.idempotencyKey}`;
  const value = JSON.stringify({ reservationId: fresh, fingerprint: fingerprint(request) });
  const stored = await requester.deps.redis.set(key, value, 'EX', 24 * 3600, 'NX', 'GET');
  if (!stored) return { id: fresh, replay: false };
  const previous = JSON.parse(stored) as { reservationId: string; fingerprint: string };
  if (previous.fingerprint !== fingerprint(request)) {
    throw new AppError('IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was used for a different request', { details: [{ field: 'Idempotency-Key', reason: 'reused with another body' }] });
  }
  return { id: previous.reservationId, replay: true };
}

/** A replayed request whose reservation is already written gets the same answer again. */
async function storedAnswer(deps: BookingDeps, reservationId: string): Promise<ReservationAnswer | null> {
  const row = await deps.shards
    .forId(reservationId)
    .db.selectFrom('reservations')
    .select(['status', 'expires_at', 'ticket_ids'])
    .where('id', '=', reservationId)
    .executeTakeFirst();
  if (!row) return null;
  if (row.status === 'expired' || row.status === 'cancelled') throw new AppError('HOLD_EXPIRED', `This reservation is ${row.status}`);
  return { kind: 'held', reservationId, expiresAt: row.expires_at.toISOString(), ticketIds: row.ticket_ids };
}

export function replyToAnswer(reply: ReserveReply): ReservationAnswer {
  if (reply.ok) return { kind: 'held', reservationId: reply.reservationId, expiresAt: reply.expiresAt, ticketIds: reply.ticketIds };
  throw new AppError(reply.code as ErrorCode, reply.message, { details: reply.details });
}

/**
 * Queue a reservation on its event's queue and wait (bounded) for the worker's answer on this
 * process's reply channel. Past the bound the caller answers 202 with a status URL.
 */
export async function requestReservation(requester: ReservationRequester, request: ReservationRequest): Promise<ReservationAnswer> {
  await requester.gate.check(request.eventId);
  refuseOtherShards(requester.deps, request);
  const { id: reservationId, replay } = await reservationIdFor(requester, request);
  if (replay) {
    const answer = await storedAnswer(requester.deps, reservationId);
    if (answer) return answer;
  }
  const job: ReserveJob = { reservationId, ...request, replyTo: requester.replies.channel, requestedAt: Date.now() };
  const reply = await requester.replies.wait(reservationId, requester.waitMs, async () => {
    try {
      await requester.batcher.add(job);
      await requester.gate.markActive(request.eventId);
    } catch (error) {
      throw new AppError('UNAVAILABLE', 'Reservations are briefly unavailable; try again', { retryAfter: 2, cause: error });
    }
  });
  return reply ? replyToAnswer(reply) : { kind: 'pending', reservationId };
}
