import { QueryClient } from '@tanstack/react-query';

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
