import { adminRouter } from './routers/admin';
import { authRouter } from './routers/auth';
import { router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
