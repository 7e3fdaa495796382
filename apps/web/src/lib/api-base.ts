/** The API is proxied on the web app's own origin (vite.config.ts), so links and streams share one URL. */
export const apiBase = '/api';
