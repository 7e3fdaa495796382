import { loginUser, refreshSession, registerUser, revokeSession, type SessionDeps } from '@boxoffice/auth';
import { z } from 'zod';
import type { Context } from '../context';
import { authedProcedure, publicProcedure, rateLimited, router } from '../trpc';

const credentials = z.object({
  email: z.email().max(254),
  password: z.string().min(8, 'must be at least 8 characters').max(128, 'must be at most 128 characters'),
});

const userOutput = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(['customer', 'admin']),
  isMember: z.boolean(),
});

const sessionOutput = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int(),
  user: userOutput,
});

const deps = (ctx: Context): SessionDeps => ({ db: ctx.db.catalog, signer: ctx.signer, refreshTtlDays: ctx.config.refreshTtlDays });
const authProcedure = publicProcedure.use(rateLimited('auth'));

export const authRouter = router({
  register: authProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/register', tags: ['auth'], summary: 'Create an account and sign in' } })
    .input(credentials.extend({ displayName: z.string().trim().min(1).max(80).optional() }))
    .output(sessionOutput)
    .mutation(({ ctx, input }) => registerUser(deps(ctx), input)),

  login: authProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/login', tags: ['auth'], summary: 'Sign in with email and password' } })
    .input(credentials.extend({ password: z.string().min(1).max(128) }))
    .output(sessionOutput)
    .mutation(({ ctx, input }) => loginUser(deps(ctx), input)),

  refresh: authProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/refresh', tags: ['auth'], summary: 'Rotate a refresh token for a new session' } })
    .input(z.object({ refreshToken: z.string().min(20).max(200) }))
    .output(sessionOutput)
    .mutation(({ ctx, input }) => refreshSession(deps(ctx), input.refreshToken)),

  logout: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/logout', tags: ['auth'], summary: 'End the session a refresh token belongs to' } })
    .input(z.object({ refreshToken: z.string().min(20).max(200) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await revokeSession(ctx.db.catalog, input.refreshToken);
      return { ok: true as const };
    }),

  me: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/auth/me', tags: ['auth'], summary: 'Who the access token belongs to', protect: true } })
    .input(z.void())
    .output(userOutput)
    .query(({ ctx }) => ctx.user),
});
