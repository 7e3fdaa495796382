import {
  appRouter,
  createCallerFactory,
  createContext,
  describeError,
  eventInput,
  idempotencyKey,
  invalidInput,
  type RateRuleName,
  rateSubject,
  requireUser,
  reserveInput,
  reserveSeatsFor,
  searchEvents,
  searchInput,
  verifyBearer,
} from '@boxoffice/trpc';
import { isAppError } from '@boxoffice/domain';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { restErrorBody } from './rest';
import type { ApiServices } from './services';

const createCaller = createCallerFactory(appRouter);
type Caller = ReturnType<typeof createCaller>;

/** Query-string numbers, as the generic adapter coerces them; anything else stays a string for zod to refuse. */
function numbers(query: unknown, names: readonly string[]): Record<string, unknown> {
  const input: Record<string, unknown> = { ...(query as Record<string, unknown>) };
  for (const name of names) {
    const value = input[name];
    if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) input[name] = Number(value);
  }
  return input;
}

/** An answer already serialised to JSON, sent as it is. */
class Serialised {
  constructor(readonly json: string) {}
}

interface HotRoute {
  url: string;
  call: (caller: Caller, request: FastifyRequest) => Promise<unknown>;
  /**
   * The same answer for a caller without an Authorization header, without tRPC's caller: the
   * procedure's rate limit, input schema and use-case, called in that order.
   */
  anonymous?: (services: ApiServices, request: FastifyRequest) => Promise<unknown>;
  /** Public reads kept whole in the process's microcache; `rule` is the rate limit still spent on a hit. */
  microcache?: { rule?: RateRuleName };
}

const searchQuery = (request: FastifyRequest) => numbers(request.query, ['page', 'size', 'radius']);

const hotRoutes: HotRoute[] = [
  {
    url: '/search',
    call: (c, r) => c.catalog.search(searchQuery(r) as never),
    // Every uncached search paid ~0.3 ms of API CPU in tRPC's middleware chain, context copies and
    // output schema (CPU profile, uncached search bench).
    anonymous: async (services, r) => {
      await services.rateLimits.consume('search', rateSubject(undefined, r.ip));
      const input = searchInput.safeParse(searchQuery(r));
      if (!input.success) throw invalidInput(input.error);
      return searchEvents(services.catalog, input.data);
    },
    microcache: { rule: 'search' },
  },
  {
    url: '/event/:eventID',
    call: (c, r) => c.catalog.event(r.params as never),
    anonymous: async (services, r) => {
      const input = eventInput.safeParse(r.params);
      if (!input.success) throw invalidInput(input.error);
      return new Serialised(await services.eventPageBodies.get(input.data.eventID));
    },
    microcache: {},
  },
  {
    url: '/event/:eventID/availability',
    call: (c, r) => c.catalog.availability({ ...(r.query as object), ...(r.params as object) } as never),
    microcache: {},
  },
];

const json = 'application/json; charset=utf-8';

/**
 * A direct route's failure in the REST facade's error shape: an AppError as it is (no TRPCError
 * wrapped around it first), a procedure's TRPCError as the adapter would answer it, anything else a
 * logged 500 that leaks nothing.
 */
function sendError(request: FastifyRequest, reply: FastifyReply, route: string, cause: unknown) {
  const { status, message, details, retryAfter } = isAppError(cause)
    ? { status: cause.status, message: cause.message, details: cause.details, retryAfter: cause.retryAfter }
    : trpcAnswer(cause instanceof TRPCError ? cause : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause }));
  if (status >= 500) request.log.error({ err: cause, route }, 'request failed');
  if (retryAfter) reply.header('retry-after', String(retryAfter));
  return reply.status(status).send(restErrorBody(status, message, details));
}

const trpcAnswer = (error: TRPCError) => ({ status: getHTTPStatusCodeFromError(error), ...describeError(error) });

/**
 * The hottest public reads call their tRPC procedures directly instead of going through the generic
 * REST adapter, which builds a fetch Request and AbortSignal for every call (about a seventh of the
 * API's CPU under the reserve benchmark). Same procedures, same validation and middleware, same
 * OpenAPI entries (generated from the procedures' meta); only the adapter is skipped.
 */
export function registerHotPath(app: FastifyInstance, services: ApiServices) {
  const { responses } = services;
  for (const route of hotRoutes) {
    app.route({
      method: 'GET',
      url: route.url,
      handler: async (request, reply) => {
        // Answers do not depend on who asks; a signed-in caller goes the long way so its limit is per user.
        const cacheable = route.microcache !== undefined && responses.enabled && !request.headers.authorization;
        try {
          if (cacheable) {
            const body = responses.get(request.url);
            if (body !== undefined) {
              const rule = route.microcache?.rule;
              if (rule) await services.rateLimits.consume(rule, rateSubject(undefined, request.ip));
              return reply.type(json).send(body);
            }
          }
          const result =
            route.anonymous && !request.headers.authorization
              ? await route.anonymous(services, request)
              : await route.call(createCaller(await createContext(services, { headers: request.headers, ip: request.ip })), request);
          const body = result instanceof Serialised ? result.json : cacheable ? JSON.stringify(result) : undefined;
          if (body === undefined) return reply.send(result);
          if (cacheable) responses.set(request.url, body);
          return reply.type(json).send(body);
        } catch (cause) {
          return sendError(request, reply, route.url, cause);
        }
      },
    });
  }
}

/**
 * POST /reserve, the one route every fan of a hot on-sale hits at once, runs the procedure's steps
 * itself: the same bearer check, rate limit, zod schema and use-case (`reserveSeatsFor`) as
 * booking.reserve, without tRPC's caller, middleware chain and per-call context copy, and with
 * AppErrors answered as they are rather than wrapped in a TRPCError first (half the answers of a
 * sold-out run are 409s). The OpenAPI entry still comes from the procedure's meta.
 */
export function registerReserveRoute(app: FastifyInstance, services: ApiServices) {
  app.post('/reserve', async (request, reply) => {
    try {
      const { user, authError } = await verifyBearer(services.signer, request.headers.authorization);
      const fan = requireUser(user, authError);
      await services.rateLimits.consume('reserve', rateSubject(fan.id, request.ip));
      const input = reserveInput.safeParse(request.body);
      if (!input.success) throw invalidInput(input.error);
      const result = await reserveSeatsFor(services, fan, input.data, idempotencyKey(request.headers));
      return reply.status(result.status === 'pending' ? 202 : 201).send(result);
    } catch (cause) {
      return sendError(request, reply, '/reserve', cause);
    }
  });
}
