import { AppError } from '@boxoffice/domain';
import { describeError, toTRPCError } from '@boxoffice/trpc';
import type { QueueStatus } from '@boxoffice/waiting-room';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { openEventStream, restErrorBody } from './rest';
import type { ApiServices } from './services';

const params = z.object({ eventID: z.uuid('must be a UUID') });
const lastEventId = z.coerce.number().int().min(0).catch(0);

function fail(error: AppError) {
  const { message, details } = describeError(toTRPCError(error));
  return { status: error.status, body: restErrorBody(error.status, message, details) };
}

const eventFor = (status: QueueStatus) =>
  status.state === 'admitted' ? 'admitted' : status.state === 'sold_out' ? 'sold_out' : 'progress';

/**
 * A fan's live place in the waiting room over server-sent events, authenticated by the queue token
 * from POST /queue/join (EventSource cannot send headers). Frames, each with `id: <sequence>`:
 *   event: progress  QueueStatus (prequeue / waiting; not_queued once the place is lost, then the stream ends)
 *   event: sold_out  QueueStatus (nothing left to admit; progress resumes if seats come back)
 *   event: admitted  QueueStatus with the access token for POST /reserve; the stream ends
 * The current status comes first, also after a reconnect (Last-Event-ID continues the sequence).
 * A shown position never goes up while the fan stays: a member who joins later may take a place ahead
 * of a non-member, who then keeps seeing their best position until the queue passes it.
 * An open stream keeps the fan's place; closed longer than the grace period, the place is lost.
 */
export function registerQueueStream(app: FastifyInstance, services: ApiServices) {
  app.get<{ Params: { eventID: string }; Querystring: { token?: string } }>(
    '/queue/:eventID/stream',
    async (request, reply) => {
      const id = params.safeParse(request.params);
      if (!id.success) {
        const { status, body } = fail(
          new AppError('VALIDATION_FAILED', 'Invalid input: eventID: must be a UUID', {
            details: [{ field: 'eventID', reason: 'must be a UUID' }],
          }),
        );
        return reply.status(status).send(body);
      }
      const eventId = id.data.eventID;
      const userId = request.query.token
        ? services.waitingRoom.deps.tokens.verifyQueueToken(request.query.token, eventId)
        : null;
      if (!userId) {
        const { status, body } = fail(
          new AppError(
            'UNAUTHENTICATED',
            'Open this stream with ?token=<queueToken> from POST /queue/join for this event',
            {
              details: [
                { field: 'token', reason: request.query.token ? 'invalid or for another event' : 'missing' },
              ],
            },
          ),
        );
        return reply.status(status).send(body);
      }
      const first = await services.waitingRoom.status(userId, eventId);

      const raw = openEventStream(request, reply);
      raw.write('retry: 2000\n\n');
      let seq = lastEventId.parse(request.headers['last-event-id'] ?? 0);
      let shown: QueueStatus | null = null;
      let shownData = '';
      let ended = false;
      const send = (status: QueueStatus) => {
        if (ended) return;
        let next = status;
        // Never show a position further back than one already shown.
        if (shown?.position != null && next.position != null && next.position > shown.position) {
          next = { ...next, position: shown.position, ahead: shown.ahead, etaSeconds: shown.etaSeconds };
        }
        const data = JSON.stringify(next);
        if (data === shownData) return;
        shown = next;
        shownData = data;
        seq += 1;
        raw.write(`id: ${seq}\nevent: ${eventFor(next)}\ndata: ${data}\n\n`);
        if (next.state === 'admitted' || next.state === 'not_queued') {
          ended = true;
          raw.end();
        }
      };
      const unsubscribe = services.queueProgress.subscribe(eventId, userId, send);
      const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
      raw.on('close', () => {
        ended = true;
        clearInterval(keepAlive);
        unsubscribe();
      });
      send(first);
    },
  );
}
