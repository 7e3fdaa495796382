import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { type ChangeEvent, parseChangeEvent } from './change-event';
import type { IndexerMetrics } from './metrics';

export interface ChangeConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: readonly string[];
  fromBeginning: boolean;
  metrics: IndexerMetrics;
  logger: Logger;
  /** Applies a batch of changes; resolves once the index and caches reflect them. Throws to have them redelivered. */
  apply: (changes: readonly ChangeEvent[]) => Promise<void>;
}

/** Most messages applied as one unit (one PostgreSQL read, one bulk request). */
const maxChunk = 500;

/**
 * A consumer group over the Debezium topics. Offsets are committed only after a chunk's writes succeed, so
 * a crash replays at most the chunk in flight (at-least-once; the writes are idempotent). Partitions are
 * consumed one at a time: with one process per group, batches never race each other to the index.
 */
export class ChangeConsumer {
  private readonly consumer: Consumer;
  private fetching = false;

  constructor(private readonly options: ChangeConsumerOptions) {
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      // A fetch returns as soon as one change is there; when idle it waits this long before asking again.
      maxWaitTimeInMs: 250,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      retry: { retries: 10 },
    });
    const { FETCH, GROUP_JOIN, CRASH } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, ({ payload }) => {
      options.logger.info(
        { groupId: payload.groupId, memberId: payload.memberId },
        'joined the consumer group',
      );
    });
    // After the first fetch a new group's start offsets are resolved: changes committed from now on will be seen.
    this.consumer.on(FETCH, () => {
      this.fetching = true;
    });
    this.consumer.on(CRASH, ({ payload }) => {
      this.fetching = false;
      options.logger.error({ err: payload.error, restart: payload.restart }, 'consumer crashed');
    });
  }

  /** True once the group is joined and fetching (the health check's readiness). */
  get ready(): boolean {
    return this.fetching;
  }

  async start(): Promise<void> {
    const { topics, fromBeginning } = this.options;
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...topics], fromBeginning });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload) {
    const { metrics, logger } = this.options;
    for (let start = 0; start < batch.messages.length; start += maxChunk) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(start, start + maxChunk);
      const changes: ChangeEvent[] = [];
      for (const message of chunk) {
        const change = parseChangeEvent(message.value);
        if (change) changes.push(change);
        else if (message.value !== null) {
          metrics.invalid.inc();
          logger.warn(
            { topic: batch.topic, offset: message.offset },
            'skipping a message that is not a change event',
          );
        }
      }
      const end = metrics.batchDuration.startTimer();
      await this.options.apply(changes);
      end();
      const now = Date.now();
      for (const change of changes) {
        metrics.changes.inc({ table: change.source.table, op: change.op });
        metrics.lag.observe({ table: change.source.table }, Math.max(0, now - change.source.ts_ms) / 1000);
        if (change.ts_ms !== undefined) {
          metrics.captureLag.observe(Math.max(0, change.ts_ms - change.source.ts_ms) / 1000);
        }
      }
      const newest = Math.max(0, ...changes.map((change) => change.source.ts_ms));
      if (newest > 0) metrics.lastCommit.set(newest / 1000);
      const last = chunk[chunk.length - 1];
      if (!last) continue;
      resolveOffset(last.offset);
      // The committed offset is the next one to read.
      await this.consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
      ]);
      await heartbeat();
    }
  }

  /** Finishes the batch in flight, commits it, leaves the group. */
  async stop(): Promise<void> {
    this.fetching = false;
    await this.consumer.disconnect();
  }
}
