export { createContext } from './context';
export type { BookingServices, Context, Services } from './context';
export { openApiDocument } from './openapi';
export { createRateLimits, defaultRateRules } from './rate-limit';
export type { RateLimits, RateRule, RateRuleName } from './rate-limit';
export { appRouter } from './root';
export type { AppRouter } from './root';
export { createCallerFactory, describeError, toTRPCError } from './trpc';
export type { ErrorData } from './trpc';
