import { describeError } from '@boxoffice/trpc';
import type { TRPCError } from '@trpc/server';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The REST facade answers every failure as {"error":{"code","message","details"}} (the brief's shape),
 * whatever produced it: a procedure, input validation, a malformed body, or an unknown path.
 */
export function restErrorBody(status: number, message: string, details: unknown[] = []) {
  return { error: { code: status, message, details } };
}

export function registerRestErrorShape(app: FastifyInstance) {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode < 400 || typeof payload !== 'string') return payload;
    let body: { error?: unknown; data?: { message?: string; details?: unknown[] }; message?: string };
    try {
      body = JSON.parse(payload);
    } catch {
      return payload;
    }
    if (body.error && typeof body.error === 'object') return payload;
    reply.header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify(restErrorBody(reply.statusCode, body.data?.message ?? body.message ?? 'Request failed', body.data?.details ?? []));
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'unhandled REST error');
    const message = status === 500 ? 'Something went wrong on our side' : error.message;
    const details = error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? [{ field: '(body)', reason: 'must be valid JSON' }] : [];
    return reply.status(status).send(restErrorBody(status, message, details));
  });
}

/** Retry-After on rate-limited and unavailable answers, for both adapters. */
export function errorHeaders(errors: TRPCError[]): Record<string, string> {
  for (const error of errors) {
    const { retryAfter } = describeError(error);
    if (retryAfter) return { 'retry-after': String(retryAfter) };
  }
  return {};
}

/** REST status for successes the brief names: 201 for a held reservation, 202 while it is pending. */
export function restStatus({ paths, data, errors }: { paths?: readonly string[] | undefined; data?: unknown; errors: TRPCError[] }): number | undefined {
  if (errors.length || paths?.[0] !== 'booking.reserve') return undefined;
  const result = Array.isArray(data) ? data[0] : data;
  return (result as { status?: string } | undefined)?.status === 'pending' ? 202 : 201;
}

/** Take over the response for a server-sent events stream. */
export function openEventStream(request: FastifyRequest, reply: FastifyReply) {
  reply.hijack();
  reply.raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'access-control-allow-origin': request.headers.origin ?? '*',
  });
  return reply.raw;
}
