import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The SPA calls the API on its own origin under /api; Vite forwards it (no CORS, one URL to share).
const apiTarget = process.env.BOXOFFICE_API_URL ?? 'http://127.0.0.1:3000';
const proxy = {
  '/api': { target: apiTarget, changeOrigin: true, rewrite: (path: string) => path.replace(/^\/api/, '') },
};

export default defineConfig({
  plugins: [react()],
  server: { port: Number(process.env.WEB_PORT ?? 5173), proxy },
  preview: { port: Number(process.env.WEB_PORT ?? 5173), proxy },
});
