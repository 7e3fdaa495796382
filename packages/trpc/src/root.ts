import { adminRouter } from './routers/admin';
import { authRouter } from './routers/auth';
import { bookingRouter } from './routers/booking';
import { catalogRouter } from './routers/catalog';
import { eventSummariesRouter } from './routers/event-summaries';
import { queueRouter } from './routers/queue';
import { router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  admin: adminRouter,
  booking: bookingRouter,
  catalog: catalogRouter,
  eventSummaries: eventSummariesRouter,
  queue: queueRouter,
});

export type AppRouter = typeof appRouter;
