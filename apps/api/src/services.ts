import { createTokenSigner } from '@boxoffice/auth';
import { cacheMetrics, catalogCacheKeys } from '@boxoffice/cache';
import { bookingDeps, EventGate, RedisHub, ReplyRouter, ReserveBatcher } from '@boxoffice/booking';
import type { ApiEnv } from '@boxoffice/config';
import { connectDatabases } from '@boxoffice/db';
import { createPaymentGateway, paymentGatewayConfigFromEnv } from '@boxoffice/payments';
import { keys, producerConnection, QueueCache } from '@boxoffice/queue';
import { createOpenSearchClient, eventsIndexName, OpenSearchBackend, PostgresSearchBackend, type SearchBackend } from '@boxoffice/search';
import { createRateLimits, type Services } from '@boxoffice/trpc';
import { createQueueTokens, QueueProgressHub, QueueSettingsCache, registerQueueMetrics, WaitingRoom } from '@boxoffice/waiting-room';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { type CatalogServices, createCatalogServices } from './catalog/catalog-services';
import { EventPageBodies } from './catalog/event-page-bodies';
import { ResponseCache } from './response-cache';

export interface ApiServices extends Services {
  queues: QueueCache;
  catalog: CatalogServices;
  /** Whole answers of the public read routes for up to a second (see ResponseCache). */
  responses: ResponseCache;
  /** Event pages serialised once per seat sequence and page generation (see EventPageBodies). */
  eventPageBodies: EventPageBodies;
  /** Metrics of the services themselves (cache hits and misses), served with the HTTP ones on /metrics. */
  metricsRegistry: Registry;
  /** Live positions for the waiting room's SSE streams (one Redis read per event per tick). */
  queueProgress: QueueProgressHub;
  /** The catalog caches' own Redis connection (not auto-pipelined). */
  catalogRedis: Redis;
}

/** Connect everything the API needs. Producers fail fast when Redis is down (BullMQ's advice). */
export async function createServices(env: ApiEnv): Promise<ApiServices> {
  // Auto-pipelined: the commands of every request handled in one tick (rate limits above all) leave in
  // one write. Nothing on this connection uses defineCommand, which auto-pipelining breaks.
  const redis = new Redis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true, enableAutoPipelining: true });
  redis.on('error', () => {}); // reconnects on its own; health and requests report the outage
  await redis.connect();
  // The catalog's cache reads and writes on a connection of their own, not auto-pipelined: with one or
  // two commands per search there is nothing to merge, and each auto-pipeline kept young objects alive
  // (6 MB per scavenge at 200 uncached searches/s, 16 ms pauses; 0.5 MB without: bench/README).
  const catalogRedis = new Redis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
  catalogRedis.on('error', () => {});
  await catalogRedis.connect();
  const subscriber = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  subscriber.on('error', () => {});
  const db = connectDatabases(env);
  const queues = new QueueCache(producerConnection(env.REDIS_URL));
  const hub = new RedisHub(subscriber);
  const deps = { ...bookingDeps(env, db, redis), gateway: createPaymentGateway(paymentGatewayConfigFromEnv(env)) };
  const replies = await ReplyRouter.open(hub, keys.reply(`${process.pid}-${Math.random().toString(36).slice(2, 10)}`));
  const metricsRegistry = new Registry();
  const cacheRequests = cacheMetrics(metricsRegistry).requests;
  const responses = new ResponseCache(env.RESPONSE_CACHE_MS, cacheRequests);
  if (responses.enabled) await hub.subscribe(catalogCacheKeys.invalidated, () => responses.clear());
  const waitingRoom = new WaitingRoom({ redis, catalog: db.catalog, settings: new QueueSettingsCache(db.catalog), tokens: createQueueTokens(env.JWT_SECRET) });
  const queueProgress = new QueueProgressHub(waitingRoom, env.WAITING_ROOM_STREAM_MS);
  registerQueueMetrics(metricsRegistry, waitingRoom, queueProgress);
  const catalog = createCatalogServices({ db, redis: catalogRedis, backend: searchBackend(env, db), registry: metricsRegistry });
  return {
    db,
    redis,
    queues,
    metricsRegistry,
    responses,
    catalog,
    eventPageBodies: new EventPageBodies(catalogRedis, catalog, { requests: cacheRequests }),
    catalogRedis,
    signer: createTokenSigner(env.JWT_SECRET, env.ACCESS_TOKEN_TTL_SECONDS),
    rateLimits: createRateLimits(redis, { disabled: env.RATE_LIMIT_DISABLED }),
    config: { refreshTtlDays: env.REFRESH_TOKEN_TTL_DAYS },
    waitingRoom,
    queueProgress,
    booking: {
      deps,
      hub,
      confirmWaitMs: env.CONFIRM_WAIT_MS,
      requester: { deps, queues, replies, waitMs: env.RESERVE_WAIT_MS, gate: new EventGate(deps), batcher: new ReserveBatcher(queues, env.RESERVE_BATCH_MAX, env.RESERVE_BATCH_SPACING_MS) },
    },
  };
}

export async function closeServices(services: ApiServices): Promise<void> {
  services.queueProgress.close();
  await services.booking.deps.gateway.close?.();
  await services.queues.close();
  await services.booking.hub.close();
  await services.redis.quit().catch(() => services.redis.disconnect());
  await services.catalogRedis.quit().catch(() => services.catalogRedis.disconnect());
  await services.db.destroy();
}

/** PostgreSQL in the embedded profile; OpenSearch in the full one (fed by the reindex, and by CDC later). */
function searchBackend(env: ApiEnv, db: ReturnType<typeof connectDatabases>): SearchBackend {
  if (env.SEARCH_BACKEND === 'postgres') return new PostgresSearchBackend(db.catalog);
  return new OpenSearchBackend(createOpenSearchClient(env.OPENSEARCH_URL), { index: eventsIndexName(env.OPENSEARCH_INDEX_PREFIX) });
}
