import { createBrowserRouter } from 'react-router';
import { Layout } from './layout';
import { EventDetailPage } from './pages/event-detail';
import { EventsPage } from './pages/events';
import { LoginPage } from './pages/login';
import { NewEventPage } from './pages/new-event';
import { OrdersPage } from './pages/orders';
import { QueuesPage } from './pages/queues';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: <Layout />,
    children: [
      { index: true, element: <EventsPage /> },
      { path: 'events/new', element: <NewEventPage /> },
      { path: 'events/:eventID', element: <EventDetailPage /> },
      { path: 'orders', element: <OrdersPage /> },
      { path: 'queues', element: <QueuesPage /> },
    ],
  },
]);
