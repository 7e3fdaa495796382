import { findOwnReservation } from '@boxoffice/booking';
import { keys } from '@boxoffice/queue';
import { createContext, describeError, type Services, toTRPCError } from '@boxoffice/trpc';
import { AppError, isAppError } from '@boxoffice/domain';
import type { FastifyInstance } from 'fastify';
import { openEventStream, restErrorBody } from './rest';

const terminal = new Set(['confirmed', 'expired', 'cancelled', 'refunded']);

/**
 * Server-sent events for one reservation: the current state first, then every change
 * (held → payment_pending → confirmed with orderID, or payment_failed). EventSource cannot send
 * headers, so the access token may come as ?access_token=.
 */
export function registerLiveRoutes(app: FastifyInstance, services: Services) {
  app.get<{ Params: { reservationID: string }; Querystring: { access_token?: string } }>(
    '/reservations/:reservationID/events',
    async (request, reply) => {
      const token = request.query.access_token;
      const headers = token && !request.headers.authorization ? { ...request.headers, authorization: `Bearer ${token}` } : request.headers;
      const ctx = await createContext(services, { headers, ip: request.ip });
      const id = request.params.reservationID;
      let snapshot: Awaited<ReturnType<typeof findOwnReservation>>;
      try {
        if (!ctx.user) throw new AppError(ctx.authError ? 'TOKEN_INVALID' : 'UNAUTHENTICATED', ctx.authError ?? 'Sign in first');
        snapshot = await findOwnReservation(services.booking.deps, id, ctx.user.id);
      } catch (error) {
        if (!isAppError(error)) throw error;
        const { message, details } = describeError(toTRPCError(error));
        return reply.status(error.status).send(restErrorBody(error.status, message, details));
      }

      const raw = openEventStream(request, reply);
      const send = (event: string, data: unknown) => raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      send('snapshot', snapshot);
      const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
      const unsubscribe = await services.booking.hub.subscribe(keys.reservationChannel(id), (message) => {
        const update = JSON.parse(message) as { status: string };
        send('update', update);
        if (terminal.has(update.status)) raw.end();
      });
      const close = () => {
        clearInterval(keepAlive);
        void unsubscribe();
      };
      raw.on('close', close);
      if (terminal.has(snapshot.status)) raw.end();
    },
  );
}
