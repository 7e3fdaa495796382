import { z } from 'zod';

/** The catalog tables whose changes reach the search index (price tiers too: the document shows the lowest). */
export const capturedTables = [
  'events',
  'venues',
  'performers',
  'event_performers',
  'event_price_tiers',
] as const;
export type CapturedTable = (typeof capturedTables)[number];

/**
 * Names derived from the catalog database, so the dev database and the test database each get their own
 * connector, replication slot, publication and topics on the same PostgreSQL server and Kafka.
 */
export function cdcNames(databaseUrl: string) {
  const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || 'boxoffice';
  // Slot and publication names: lowercase letters, digits and underscores only.
  const slug = database.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const topicPrefix = `boxoffice.${slug}`;
  return {
    database,
    connector: `boxoffice-catalog-${slug}`,
    slot: `boxoffice_${slug}`,
    publication: `boxoffice_${slug}_catalog`,
    topicPrefix,
    topic: (table: CapturedTable) => `${topicPrefix}.public.${table}`,
  };
}

/**
 * The Debezium PostgreSQL connector's configuration for one catalog database. The same function feeds the
 * local stack (the indexer registers it at start-up) and docker/compose.yml (its one-shot `connector` service
 * runs `register-connector`), so the two cannot drift.
 */
export function connectorConfig(databaseUrl: string): { name: string; config: Record<string, string> } {
  const url = new URL(databaseUrl);
  const names = cdcNames(databaseUrl);
  return {
    name: names.connector,
    config: {
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'tasks.max': '1',
      'plugin.name': 'pgoutput',
      'database.hostname': url.hostname,
      'database.port': url.port || '5432',
      'database.user': decodeURIComponent(url.username) || 'postgres',
      'database.password': decodeURIComponent(url.password),
      'database.dbname': names.database,
      'topic.prefix': names.topicPrefix,
      'slot.name': names.slot,
      'publication.name': names.publication,
      // Debezium creates the publication for exactly these tables (and adjusts it when the list changes).
      'publication.autocreate.mode': 'filtered',
      'table.include.list': capturedTables.map((table) => `public.${table}`).join(','),
      // No initial snapshot: the bulk reindex loads what exists; the slot is created first, so nothing
      // committed after that is missed.
      'snapshot.mode': 'no_data',
      // A delete is one event with op "d"; no Kafka tombstone behind it (the topics are not compacted).
      'tombstones.on.delete': 'false',
      // Debezium waits up to poll.interval.ms (500 ms by default) to fill a batch: far too long for < 1 s lag.
      'poll.interval.ms': '10',
      // Keeps the slot's confirmed position moving while these tables are quiet, so PostgreSQL can recycle
      // WAL written by other databases on the same server.
      'heartbeat.interval.ms': '10000',
      'topic.creation.default.replication.factor': '1',
      'topic.creation.default.partitions': '1',
    },
  };
}

const connectorStatusSchema = z.object({
  name: z.string(),
  connector: z.object({ state: z.string() }),
  tasks: z.array(z.object({ id: z.number(), state: z.string(), trace: z.string().optional() })),
});
export type ConnectorStatus = z.infer<typeof connectorStatusSchema>;

export class ConnectError extends Error {}

async function connectRequest(connectUrl: string, path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(new URL(path, connectUrl), {
    ...init,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...init.headers },
    signal: AbortSignal.timeout(30_000),
  });
  return res;
}

/**
 * Creates or updates the connector: PUT /connectors/<name>/config is idempotent (the same config twice
 * changes nothing; Connect restarts the task only when the config differs). Retries while the worker is
 * still joining its group (409 rebalance in progress, 503).
 */
export async function registerConnector(connectUrl: string, databaseUrl: string): Promise<string> {
  const { name, config } = connectorConfig(databaseUrl);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await connectRequest(connectUrl, `/connectors/${encodeURIComponent(name)}/config`, {
      method: 'PUT',
      body: JSON.stringify(config),
    }).catch(
      (error: unknown) => new ConnectError(`Kafka Connect at ${connectUrl} did not answer: ${String(error)}`),
    );
    if (res instanceof Response && res.ok) return name;
    const retriable = !(res instanceof Response) || res.status === 409 || res.status >= 500;
    if (!retriable || Date.now() > deadline) {
      const detail = res instanceof Response ? `${res.status} ${await res.text()}` : res.message;
      throw new ConnectError(`registering connector ${name} failed: ${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The connector's and its task's state, or null when Connect does not know it (yet). */
export async function connectorStatus(connectUrl: string, name: string): Promise<ConnectorStatus | null> {
  const res = await connectRequest(connectUrl, `/connectors/${encodeURIComponent(name)}/status`).catch(
    () => null,
  );
  if (!res?.ok) return null;
  return connectorStatusSchema.parse(await res.json());
}

/** RUNNING connector with every task RUNNING: its replication slot exists and changes are streaming. */
export function isRunning(status: ConnectorStatus | null): boolean {
  return (
    status !== null &&
    status.connector.state === 'RUNNING' &&
    status.tasks.length > 0 &&
    status.tasks.every((task) => task.state === 'RUNNING')
  );
}

/** Restarts a FAILED task (after PostgreSQL came back, say); Connect does not do it by itself. */
export async function restartFailedTasks(connectUrl: string, name: string): Promise<void> {
  await connectRequest(
    connectUrl,
    `/connectors/${encodeURIComponent(name)}/restart?includeTasks=true&onlyFailed=true`,
    { method: 'POST' },
  );
}
