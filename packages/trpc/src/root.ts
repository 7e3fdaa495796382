import { adminRouter } from './routers/admin';
import { authRouter } from './routers/auth';
import { bookingRouter } from './routers/booking';
import { router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  admin: adminRouter,
  booking: bookingRouter,
});

export type AppRouter = typeof appRouter;
