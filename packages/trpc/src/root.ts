import { adminRouter } from './routers/admin';
import { authRouter } from './routers/auth';
import { bookingRouter } from './routers/booking';
import { catalogRouter } from './routers/catalog';
import { router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  admin: adminRouter,
  booking: bookingRouter,
  catalog: catalogRouter,
});

export type AppRouter = typeof appRouter;
