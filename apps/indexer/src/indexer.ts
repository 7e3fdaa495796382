import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { invalidateEventCaches } from '@boxoffice/cache';
import { type CatalogDB, type CatalogDb, createKysely } from '@boxoffice/db';
import {
  createOpenSearchClient,
  ensureEventsIndex,
  eventsIndexName,
  type OpenSearchClient,
  setRefreshInterval,
} from '@boxoffice/search';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from 'pino';
import { type ApplySteps, ChangeConsumer } from './change-consumer';
import { addTargets, emptyTargets } from './change-event';
import {
  capturedTables,
  cdcNames,
  connectorStatus,
  isRunning,
  registerConnector,
  restartFailedTasks,
} from './connector';
import type { IndexerEnv } from './env';
import { createIndexerMetrics, type IndexerMetrics } from './metrics';
import { type EventsRead, readEvents, writeEvents } from './sync-events';

export interface Indexer {
  index: string;
  groupId: string;
  connector: string;
  metrics: IndexerMetrics;
  /** The /healthz and /metrics address. */
  url: string;
  /** Consumer fetching and (when this process registers it) the connector's task RUNNING. */
  healthy(): Promise<{ ok: boolean; consumer: boolean; connector: string }>;
  /** Stop consuming (finishing and committing the batch in flight), then close HTTP, Redis, PostgreSQL, OpenSearch. */
  close(): Promise<void>;
}

/** The steps that apply a batch of change events: which events they touch, rebuilt from PostgreSQL, then caches dropped. */
export function createApplySteps(deps: {
  client: OpenSearchClient;
  catalog: CatalogDb;
  redis: Redis;
  index: string;
  metrics: IndexerMetrics;
}): ApplySteps<EventsRead> {
  return {
    read(changes) {
      const targets = emptyTargets();
      for (const change of changes) addTargets(targets, change);
      return readEvents(deps.catalog, targets);
    },
    async write(read) {
      const { indexed, deleted } = await writeEvents(deps.client, deps.index, read);
      for (const [kind, result] of [
        ['index', indexed],
        ['delete', deleted],
      ] as const) {
        if (result.applied) deps.metrics.writes.inc({ kind, outcome: 'applied' }, result.applied);
        if (result.stale) deps.metrics.writes.inc({ kind, outcome: 'stale' }, result.stale);
        if (result.missing) deps.metrics.writes.inc({ kind, outcome: 'missing' }, result.missing);
      }
      return read.ids;
    },
    invalidate: (eventIds) => invalidateEventCaches(deps.redis, eventIds),
  };
}

async function ensureTopics(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // Debezium creates a topic with its table's first change; subscribing before that must not fail.
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        topics: missing.map((topic) => ({ topic, numPartitions: 1 })),
        waitForLeaders: true,
      });
    }
  } finally {
    await admin.disconnect();
  }
}

export async function startIndexer(env: IndexerEnv, logger: Logger): Promise<Indexer> {
  const names = cdcNames(env.DATABASE_URL);
  const index = eventsIndexName(env.OPENSEARCH_INDEX_PREFIX);
  const groupId =
    env.INDEXER_GROUP_ID ?? `boxoffice-indexer-${names.database}-${env.OPENSEARCH_INDEX_PREFIX}`;
  const topics = capturedTables.map((table) => names.topic(table));
  const metrics = createIndexerMetrics();

  const client = createOpenSearchClient(env.OPENSEARCH_URL);
  await ensureEventsIndex(client, index, { refreshInterval: env.INDEXER_REFRESH_INTERVAL });
  // The refresh interval bounds how long an indexed change waits to become searchable.
  await setRefreshInterval(client, index, env.INDEXER_REFRESH_INTERVAL);

  if (env.CDC_REGISTER_CONNECTOR) {
    await registerConnector(env.KAFKA_CONNECT_URL, env.CDC_DATABASE_URL ?? env.DATABASE_URL);
    logger.info({ connector: names.connector, connect: env.KAFKA_CONNECT_URL }, 'connector registered');
  }

  const catalog = createKysely<CatalogDB>(env.DATABASE_URL, 4);
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 3 });
  const kafka = new Kafka({
    clientId: 'boxoffice-indexer',
    brokers: env.KAFKA_BROKERS,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }) => {
        const { message, ...extra } = log;
        const method = level <= logLevel.ERROR ? 'error' : level === logLevel.WARN ? 'warn' : 'debug';
        logger[method]({ kafkajs: extra }, message);
      },
  });
  await ensureTopics(kafka, topics);
  const consumer = new ChangeConsumer({
    kafka,
    groupId,
    topics,
    fromBeginning: env.INDEXER_FROM_BEGINNING,
    metrics,
    logger,
    steps: createApplySteps({ client, catalog, redis, index, metrics }),
  });
  await consumer.start();

  const healthy = async () => {
    let connector = 'not managed here';
    if (env.CDC_REGISTER_CONNECTOR) {
      const status = await connectorStatus(env.KAFKA_CONNECT_URL, names.connector);
      connector = status
        ? [status.connector.state, ...status.tasks.map((task) => task.state)].join('/')
        : 'unknown';
      if (status?.tasks.some((task) => task.state === 'FAILED')) {
        // A task fails when PostgreSQL went away; once it is back a restart resumes from the slot.
        await restartFailedTasks(env.KAFKA_CONNECT_URL, names.connector).catch(() => {});
      }
      return { ok: consumer.ready && isRunning(status), consumer: consumer.ready, connector };
    }
    return { ok: consumer.ready, consumer: consumer.ready, connector };
  };

  const server: Server = createServer((req, res) => {
    const path = req.url?.split('?')[0];
    if (path === '/metrics') {
      metrics.registry
        .metrics()
        .then((body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body))
        .catch(() => res.writeHead(500).end());
    } else if (path === '/healthz') {
      healthy()
        .then((health) =>
          res.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              ...health,
              index,
              groupId,
              connector: names.connector,
              state: health.connector,
            }),
          ),
        )
        .catch((error: unknown) =>
          res.writeHead(503).end(JSON.stringify({ ok: false, error: String(error) })),
        );
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(env.INDEXER_PORT, env.INDEXER_HOST, resolve));
  const { port } = server.address() as AddressInfo;
  logger.info(
    { index, groupId, topics, port, refreshInterval: env.INDEXER_REFRESH_INTERVAL },
    'indexer ready',
  );

  return {
    index,
    groupId,
    connector: names.connector,
    metrics,
    url: `http://${env.INDEXER_HOST}:${port}`,
    healthy,
    async close() {
      await consumer.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await redis.quit().catch(() => redis.disconnect());
      await catalog.destroy();
      await client.close();
    },
  };
}
