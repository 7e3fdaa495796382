import type { AppRouter } from '@boxoffice/trpc/client';
import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { getSession, refreshSession } from './session';

const withToken = (init: RequestInit | undefined, token: string | undefined): RequestInit => {
  const headers = new Headers(init?.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  else headers.delete('authorization');
  return { ...init, headers };
};

/** A 401 means the access token lapsed (1 h): refresh once and replay the request. */
async function fetchWithRefresh(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, withToken(init, getSession()?.accessToken));
  if (response.status !== 401 || !getSession()) return response;
  const renewed = await refreshSession();
  return renewed ? fetch(input, withToken(init, renewed.accessToken)) : response;
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      // Bad input, auth and conflicts will not fix themselves by retrying.
      retry: (failures, error) =>
        failures < 2 &&
        !/^(4\d\d)$/.test(String((error as { data?: { httpStatus?: number } }).data?.httpStatus ?? '')),
    },
  },
});

export const client = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: '/api/trpc', fetch: fetchWithRefresh })],
});

export const trpc = createTRPCOptionsProxy<AppRouter>({ client, queryClient });
