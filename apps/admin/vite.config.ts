import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Like apps/web: the admin app calls the API on its own origin under /api and Vite forwards it,
// so tokens never cross origins and the live SSE streams need no CORS.
const apiTarget = process.env.BOXOFFICE_API_URL ?? 'http://127.0.0.1:3000';
const proxy = {
  '/api': { target: apiTarget, changeOrigin: true, rewrite: (path: string) => path.replace(/^\/api/, '') },
};
const port = Number(process.env.ADMIN_PORT ?? 5174);

export default defineConfig({
  plugins: [react()],
  server: { port, proxy },
  preview: { port, proxy },
});
