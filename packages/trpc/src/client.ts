// Types only: what web and admin import to call the API with full inference.
export type { AppRouter } from './root';
export type { ErrorData } from './trpc';
