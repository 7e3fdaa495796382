import type { AppRouter } from '@boxoffice/trpc/client';
import { QueryClient } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { trpcClient } from './trpc';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Errors a fan must act on (4xx) are shown at once; only server hiccups are retried.
      retry: (count, error) =>
        count < 2 &&
        !(error as { data?: { httpStatus?: number } }).data?.httpStatus?.toString().startsWith('4'),
      refetchOnWindowFocus: false,
    },
  },
});

/** Query options outside React (route loaders prefetching a page's data while its code loads). */
export const trpcOptions = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
