import { AppError, type ErrorCode, type ErrorDetail } from '@boxoffice/domain';
import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { ZodError } from 'zod';
import type { Context } from './context';
import type { RateRuleName } from './rate-limit';

/** The one place an HTTP status becomes a tRPC code (and back, through tRPC's own table). */
const trpcCodeByStatus: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  402: 'PAYMENT_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: trpcCodeByStatus[error.status] ?? 'INTERNAL_SERVER_ERROR', message: error.message, cause: error });
}

function validationDetails(error: ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', reason: issue.message }));
}

/** A zod failure as every adapter words it: the first field and reason in the message, all of them in details. */
function validationFailure(error: ZodError): { details: ErrorDetail[]; message: string } {
  const details = validationDetails(error);
  const first = details[0];
  return { details, message: first ? `Invalid input: ${first.field}: ${first.reason}` : 'Invalid input' };
}

/** A zod failure as the 400 every adapter answers. */
export function invalidInput(error: ZodError): AppError {
  const { details, message } = validationFailure(error);
  return new AppError('VALIDATION_FAILED', message, { details, cause: error });
}

/** The signed-in user, or the 401 that says why there is none. */
export function requireUser<U>(user: U | null, authError: string | null): U {
  if (user) return user;
  throw new AppError(authError ? 'TOKEN_INVALID' : 'UNAUTHENTICATED', authError ?? 'Sign in first: send Authorization: Bearer <accessToken>');
}

/** Error data shared by tRPC clients and the REST facade: the app code, details and retry hint. */
export interface ErrorData {
  appCode: ErrorCode;
  details: ErrorDetail[];
  retryAfter: number | null;
  message: string;
}

export function describeError(error: TRPCError): ErrorData {
  const cause = error.cause;
  if (cause instanceof AppError) {
    return { appCode: cause.code, details: cause.details, retryAfter: cause.retryAfter ?? null, message: cause.message };
  }
  if (cause instanceof ZodError) {
    const { details, message } = validationFailure(cause);
    return { appCode: 'VALIDATION_FAILED', details, retryAfter: null, message };
  }
  const status = error.code;
  const appCode: ErrorCode =
    status === 'UNAUTHORIZED' ? 'UNAUTHENTICATED'
    : status === 'FORBIDDEN' ? 'FORBIDDEN'
    : status === 'NOT_FOUND' ? 'NOT_FOUND'
    : status === 'TOO_MANY_REQUESTS' ? 'RATE_LIMITED'
    : status === 'BAD_REQUEST' || status === 'PARSE_ERROR' ? 'VALIDATION_FAILED'
    : 'INTERNAL';
  // Never leak internals: unexpected errors keep their message out of the response.
  const message = appCode === 'INTERNAL' ? 'Something went wrong on our side' : error.message;
  return { appCode, details: [], retryAfter: null, message };
}

const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    errorFormatter({ shape, error }) {
      return { ...shape, message: describeError(error).message, data: { ...shape.data, stack: undefined, ...describeError(error) } };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** AppErrors thrown by use-cases become tRPC errors with the status their code names. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) throw toTRPCError(result.error.cause);
  return result;
});

export const publicProcedure = t.procedure.use(appErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => next({ ctx: { ...ctx, user: requireUser(ctx.user, ctx.authError) } }));

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'admin') throw new AppError('FORBIDDEN', 'This needs an admin account');
  return next({ ctx });
});

/** Whose budget a request spends: the signed-in user's, else its client address's. */
export const rateSubject = (userId: string | undefined, ip: string) => userId ?? `ip:${ip}`;

/** Opt a procedure into a named rate limit, keyed by user when signed in, else by client address. */
export const rateLimited = (rule: RateRuleName) =>
  t.middleware(async ({ ctx, next }) => {
    await ctx.rateLimits.consume(rule, rateSubject(ctx.user?.id, ctx.clientIp));
    return next();
  });
