import { createTokenSigner } from '@boxoffice/auth';
import { AppError } from '@boxoffice/domain';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Context, createContext, type Services } from './context';
import { adminProcedure, authedProcedure, createCallerFactory, describeError, publicProcedure, router, toTRPCError } from './trpc';

const signer = createTokenSigner('x'.repeat(40), 3600);
// Procedures under test touch no database or Redis; those services stay unset on purpose.
const services = { signer, rateLimits: { consume: async () => {} } } as unknown as Services;

const testRouter = router({
  open: publicProcedure.input(z.object({ n: z.number().int().min(1) })).query(({ input }) => input.n),
  mine: authedProcedure.query(({ ctx }) => ctx.user.id),
  staff: adminProcedure.query(() => 'ok'),
  taken: publicProcedure.mutation(() => {
    throw new AppError('TICKETS_UNAVAILABLE', 'Seats taken', { details: [{ ticketID: 't1', status: 'reserved' }] });
  }),
});
const caller = (ctx: Context) => createCallerFactory(testRouter)(ctx);

async function contextFor(role?: 'customer' | 'admin', header?: string) {
  const headers: Record<string, string> = {};
  if (role) headers.authorization = `Bearer ${(await signer.sign({ id: '00000000-0000-4000-8000-000000000001', email: 'a@b.test', role, isMember: false })).token}`;
  if (header) headers.authorization = header;
  return createContext(services, { headers, ip: '127.0.0.1' });
}

async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('procedures', () => {
  it('authed procedures need a valid bearer token', async () => {
    expect((await errorOf(caller(await contextFor()).mine())).code).toBe('UNAUTHORIZED');
    const bad = await errorOf(caller(await contextFor(undefined, 'Bearer nonsense')).mine());
    expect(bad.code).toBe('UNAUTHORIZED');
    expect(describeError(bad).appCode).toBe('TOKEN_INVALID');
    expect(await caller(await contextFor('customer')).mine()).toBe('00000000-0000-4000-8000-000000000001');
  });

  it('admin procedures refuse customers with FORBIDDEN', async () => {
    expect((await errorOf(caller(await contextFor('customer')).staff())).code).toBe('FORBIDDEN');
    expect(await caller(await contextFor('admin')).staff()).toBe('ok');
  });

  it('maps AppError codes to statuses and keeps the details', async () => {
    const error = await errorOf(caller(await contextFor()).taken());
    expect(error.code).toBe('CONFLICT');
    expect(describeError(error)).toMatchObject({ appCode: 'TICKETS_UNAVAILABLE', details: [{ ticketID: 't1', status: 'reserved' }] });
  });

  it('names the field of invalid input', async () => {
    const error = await errorOf(caller(await contextFor()).open({ n: 0 }));
    expect(error.code).toBe('BAD_REQUEST');
    const described = describeError(error);
    expect(described.appCode).toBe('VALIDATION_FAILED');
    expect(described.details[0]?.field).toBe('n');
    expect(described.message).toMatch(/^Invalid input: n: /);
  });

  it('hides the message of unexpected errors', () => {
    const described = describeError(new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'db password is hunter2' }));
    expect(described.message).not.toMatch(/hunter2/);
  });

  it('carries Retry-After for rate limits', () => {
    const described = describeError(toTRPCError(new AppError('RATE_LIMITED', 'slow', { retryAfter: 7 })));
    expect(described.retryAfter).toBe(7);
  });
});
