import { Center, Loader, VisuallyHidden } from '@mantine/core';
import { createBrowserRouter } from 'react-router';
import { Layout } from './components/layout';
import { RouteError } from './components/route-error';
import { eventQueryOptions } from './lib/event-api';
import { queryClient } from './lib/query-client';
import { SearchPage } from './pages/search-page';

// The search page is where most visits start, so it ships in the first bundle; every other page is
// its own chunk, fetched when the route is first visited (the seat map is split again inside it).
export const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteError />,
    hydrateFallbackElement: (
      <Center h="60vh" role="status">
        <Loader />
        <VisuallyHidden>Loading</VisuallyHidden>
      </Center>
    ),
    children: [
      { path: '/', element: <SearchPage /> },
      {
        path: '/events/:eventId',
        // Not awaited: the event's data is fetched while the page's code loads, not after it.
        loader: ({ params }) => {
          void queryClient.prefetchQuery(eventQueryOptions(params.eventId ?? ''));
          return null;
        },
        lazy: () => {
          // The seat map's chunk too, in parallel, rather than once the page's chunk has run.
          void import('./seats/seat-map');
          return import('./pages/event-page').then((m) => ({ Component: m.EventPage }));
        },
      },
      {
        path: '/events/:eventId/queue',
        lazy: () => import('./pages/waiting-room-page').then((m) => ({ Component: m.WaitingRoomPage })),
      },
      {
        path: '/reservations/:reservationId',
        lazy: () => import('./pages/hold-page').then((m) => ({ Component: m.HoldPage })),
      },
      {
        path: '/signin',
        lazy: () => import('./pages/auth-page').then((m) => ({ Component: m.SignInPage })),
      },
      {
        path: '/register',
        lazy: () => import('./pages/auth-page').then((m) => ({ Component: m.RegisterPage })),
      },
      {
        path: '/orders',
        lazy: () => import('./pages/orders-page').then((m) => ({ Component: m.OrdersPage })),
      },
      {
        path: '*',
        lazy: () => import('./pages/not-found-page').then((m) => ({ Component: m.NotFoundPage })),
      },
    ],
  },
]);
