import type { AppRouter } from '@boxoffice/trpc/client';
import { createTRPCClient, httpBatchLink, httpLink, splitLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { apiBase } from './api-base';
import { sessionStore } from './session-store';

async function authorization(): Promise<Record<string, string>> {
  const token = await sessionStore.accessToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * Calls carrying an idempotency key (booking.reserve) go alone, with an Idempotency-Key header, so a
 * retry of the same request joins the first one instead of holding seats twice; the rest are batched.
 */
export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => typeof op.context.idempotencyKey === 'string',
      true: httpLink({
        url: `${apiBase}/trpc`,
        headers: async ({ op }) => ({
          ...(await authorization()),
          'idempotency-key': String(op.context.idempotencyKey),
        }),
      }),
      false: httpBatchLink({ url: `${apiBase}/trpc`, headers: authorization }),
    }),
  ],
});

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
