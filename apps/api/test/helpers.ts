import { apiEnv, parseEnv } from '@boxoffice/config';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../src/logger';
import { buildServer } from '../src/server';
import { type ApiServices, closeServices, createServices } from '../src/services';

export interface TestApi {
  url: string;
  app: FastifyInstance;
  services: ApiServices;
  close(): Promise<void>;
}

/** A real API process on an ephemeral port, against the engines `npm test` started. */
export async function startTestApi(overrides: Record<string, string> = {}): Promise<TestApi> {
  const env = parseEnv(apiEnv, { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...overrides });
  const services = await createServices(env);
  const app = await buildServer({ env, services, logger: createLogger(env.LOG_LEVEL) });
  await app.listen({ host: '127.0.0.1', port: env.PORT });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    services,
    async close() {
      await app.close();
      await closeServices(services);
    },
  };
}

export const uniqueEmail = (prefix = 'fan') => `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;

export async function call(url: string, path: string, init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-type'] ??= 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(`${url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  // biome-ignore lint/suspicious/noExplicitAny: test helper returns parsed JSON of many shapes
  return { status: response.status, headers: response.headers, body: json as any };
}

export { until } from '@boxoffice/vitest-config/until';
