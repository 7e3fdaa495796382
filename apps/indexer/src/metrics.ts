import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export function createIndexerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    lag: new Histogram({
      name: 'cdc_lag_seconds',
      help: 'From the commit in PostgreSQL (Debezium source.ts_ms) to the document written to OpenSearch; searchable one refresh interval later at most',
      labelNames: ['table'] as const,
      buckets: [0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    captureLag: new Histogram({
      name: 'cdc_capture_lag_seconds',
      help: 'From the commit in PostgreSQL to Debezium emitting the change (the capture part of cdc_lag_seconds)',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    fetchLag: new Histogram({
      name: 'cdc_fetch_lag_seconds',
      help: 'From the commit in PostgreSQL to the indexer holding the change (capture, Kafka, fetch); the rest of cdc_lag_seconds is the wait for and the time of the write',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    stepDuration: new Histogram({
      name: 'cdc_step_duration_seconds',
      help: 'Time of each step of a batch: read (PostgreSQL), write (OpenSearch), invalidate (Redis), commit (Kafka offsets); only read and write hold up the next batch',
      labelNames: ['step'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    failures: new Counter({
      name: 'cdc_apply_failures_total',
      help: 'Batches whose read, write, cache invalidation or offset commit failed; they are consumed again from the last committed offset',
      registers: [registry],
    }),
    changes: new Counter({
      name: 'cdc_changes_total',
      help: 'Change events consumed, by table and operation',
      labelNames: ['table', 'op'] as const,
      registers: [registry],
    }),
    invalid: new Counter({
      name: 'cdc_invalid_messages_total',
      help: 'Messages on the change topics that are not Debezium change events (skipped)',
      registers: [registry],
    }),
    writes: new Counter({
      name: 'cdc_index_writes_total',
      help: 'Index writes by kind and outcome (applied, stale: the index already held a newer version, missing)',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
    batchDuration: new Histogram({
      name: 'cdc_batch_duration_seconds',
      help: 'From reading PostgreSQL for one batch of change events to its OpenSearch write done (the read overlaps the previous write)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    lastCommit: new Gauge({
      name: 'cdc_last_applied_commit_timestamp_seconds',
      help: 'Commit time of the newest change applied to the index',
      registers: [registry],
    }),
  };
}

export type IndexerMetrics = ReturnType<typeof createIndexerMetrics>;
