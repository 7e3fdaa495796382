import { AppError } from '@boxoffice/domain';
import { describeError, toTRPCError } from '@boxoffice/trpc';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { seatKeys } from './catalog/seat-keys';
import { missedSince } from './catalog/seat-log';
import { parseSeatMessage } from './catalog/seat-message';
import { SeatStreamConnection, type SseFrame } from './catalog/seat-stream-connection';
import { openEventStream, restErrorBody } from './rest';
import type { ApiServices } from './services';

const params = z.object({ eventID: z.uuid('must be a UUID') });
const sequence = z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more').optional();

function fail(error: AppError) {
  const { message, details } = describeError(toTRPCError(error));
  return { status: error.status, body: restErrorBody(error.status, message, details) };
}

/**
 * Live seat changes of one event over server-sent events, public. Frames:
 *   event: ready  {eventID, seq}                          subscribed; the client is up to date at seq
 *   event: seats  {eventID, fromSeq, seq, changes[]}      changes coalesced over ~100 ms, as they are now
 *   event: reset  {eventID, seq, reason}                  changes were lost: refetch /event/{id}/availability
 * Every frame carries `id: <seq>`; a reconnect sends it back (Last-Event-ID, or ?since=) and first
 * gets everything it missed. Start from an availability snapshot's `seq` to see every change after it.
 */
export function registerSeatStream(
  app: FastifyInstance,
  services: ApiServices,
  options: { coalesceMs?: number } = {},
) {
  app.get<{ Params: { eventID: string }; Querystring: { since?: string } }>(
    '/events/:eventID/seats/stream',
    async (request, reply) => {
      const id = params.safeParse(request.params);
      const since = sequence.safeParse(request.headers['last-event-id'] ?? request.query.since);
      if (!id.success || !since.success) {
        const issue = id.success
          ? { field: 'since', reason: since.error?.issues[0]?.message ?? 'invalid' }
          : { field: 'eventID', reason: 'must be a UUID' };
        const { status, body } = fail(
          new AppError('VALIDATION_FAILED', `Invalid input: ${issue.field}: ${issue.reason}`, {
            details: [issue],
          }),
        );
        return reply.status(status).send(body);
      }
      const eventId = id.data.eventID;
      if (!(await services.catalog.eventPage(eventId))) {
        const { status, body } = fail(
          new AppError('EVENT_NOT_FOUND', 'No such event', { details: [{ eventID: eventId }] }),
        );
        return reply.status(status).send(body);
      }

      const raw = openEventStream(request, reply);
      raw.write('retry: 2000\n\n');
      const send = (frame: SseFrame) =>
        raw.write(`id: ${frame.id}\nevent: ${frame.event}\ndata: ${JSON.stringify(frame.data)}\n\n`);
      const connection = new SeatStreamConnection(
        eventId,
        {
          missedSince: (after) => missedSince(services.redis, eventId, after),
          currentSeq: async () => Number((await services.redis.get(seatKeys.sequence(eventId))) ?? 0),
        },
        send,
        {
          coalesceMs: options.coalesceMs,
          onError: (error) => {
            request.log.warn({ err: error, eventId }, 'seat stream ended');
            raw.end();
          },
        },
      );
      // Subscribe before reading the log, so nothing published in between is lost (duplicates are dropped).
      const unsubscribe = await services.booking.hub.subscribe(seatKeys.channel(eventId), (message) => {
        const parsed = parseSeatMessage(message);
        if (parsed) void connection.receive(parsed);
      });
      const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
      raw.on('close', () => {
        clearInterval(keepAlive);
        connection.close();
        void unsubscribe();
      });
      await connection.start(since.data ?? null);
    },
  );
}
