import type { ApiEnv } from '@boxoffice/config';
import { appRouter, createContext, openApiDocument } from '@boxoffice/trpc';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { fastifyTRPCOpenApiPlugin } from 'trpc-to-openapi';
import { createMetrics, registerMetrics } from './metrics';
import { registerHotPath, registerReserveRoute } from './hot-path';
import { registerLiveRoutes } from './live';
import { registerQueueStream } from './queue-stream';
import { errorHeaders, registerRestErrorShape, restStatus } from './rest';
import { registerSeatStream } from './seat-stream';
import type { ApiServices } from './services';
import { registerWebhooks } from './webhooks';

export interface ServerOptions {
  env: Pick<ApiEnv, 'CORS_ORIGINS' | 'HOST' | 'PORT' | 'STRIPE_WEBHOOK_SECRET'>;
  services: ApiServices;
  logger: Logger;
}

async function checkHealth(services: ApiServices) {
  const timed = async (check: () => Promise<unknown>) => {
    try {
      await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
      return 'ok';
    } catch (error) {
      return error instanceof Error ? error.message : 'failed';
    }
  };
  const [catalog, redis, ...shards] = await Promise.all([
    timed(() => sql`select 1`.execute(services.db.catalog)),
    timed(() => services.redis.ping()),
    ...services.db.shards.shards.map((shard) => timed(() => sql`select 1`.execute(shard.db))),
  ]);
  const checks = { catalog, redis, ...Object.fromEntries(shards.map((result, index) => [`shard_${index}`, result])) };
  return { status: Object.values(checks).every((v) => v === 'ok') ? 'ok' : 'degraded', checks };
}

export async function buildServer({ env, services, logger }: ServerOptions) {
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, bodyLimit: 100 * 1024 });
  const metrics = createMetrics();
  const context = ({ req }: { req: FastifyRequest }) => createContext(services, { headers: req.headers, ip: req.ip });

  await app.register(cors, { origin: env.CORS_ORIGINS, exposedHeaders: ['retry-after'] });
  registerMetrics(app, { ...metrics, registry: Registry.merge([metrics.registry, services.metricsRegistry]) });

  app.get('/healthz', { logLevel: 'warn' }, async (_request, reply) => {
    const health = await checkHealth(services);
    return reply.status(health.status === 'ok' ? 200 : 503).send(health);
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: context,
      responseMeta: ({ errors }: { errors: Parameters<typeof errorHeaders>[0] }) => ({ headers: errorHeaders(errors) }),
      onError: ({ error, path }: { error: { code: string }; path?: string }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error, path }, 'tRPC procedure failed');
      },
    },
  });

  await registerWebhooks(app, { secret: env.STRIPE_WEBHOOK_SECRET, queues: services.queues });
  registerLiveRoutes(app, services);
  registerHotPath(app, services);
  registerReserveRoute(app, services);
  registerSeatStream(app, services);
  registerQueueStream(app, services);

  const baseUrl = `http://${env.HOST}:${env.PORT}`;
  const document = openApiDocument(baseUrl);
  app.get('/openapi.json', async () => document);
  await app.register(swagger, { mode: 'static', specification: { document: document as never } });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // The REST facade lives in its own scope so its error shape does not touch /trpc or /docs.
  await app.register(async (rest) => {
    registerRestErrorShape(rest);
    await rest.register(fastifyTRPCOpenApiPlugin, {
      basePath: '/',
      router: appRouter,
      createContext: ({ req }: { req: unknown }) => context({ req: req as FastifyRequest }),
      responseMeta: (meta: Parameters<typeof restStatus>[0]) => ({ headers: errorHeaders(meta.errors), status: restStatus(meta) }),
      onError: ({ error, path }: { error: { code: string }; path?: string }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error, path }, 'REST procedure failed');
      },
    });
  });

  return app;
}
