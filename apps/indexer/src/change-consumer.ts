import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { type ChangeEvent, parseChangeEvent } from './change-event';
import type { IndexerMetrics } from './metrics';

/** What brings the index and the caches in line with a batch of changes, in three steps. */
export interface ApplySteps<Read> {
  /** Reads what the changes touch from PostgreSQL, as it is now. */
  read(changes: readonly ChangeEvent[]): Promise<Read>;
  /** Writes what was read to the index; returns the events whose caches to drop. */
  write(read: Read): Promise<readonly string[]>;
  /** Drops the caches of these events; runs after their write, so a page loaded in between is not kept. */
  invalidate(eventIds: readonly string[]): Promise<void>;
}

export interface ChangeConsumerOptions<Read> {
  kafka: Kafka;
  groupId: string;
  topics: readonly string[];
  fromBeginning: boolean;
  metrics: IndexerMetrics;
  logger: Logger;
  /** A step that throws has its batch, and everything fetched after it, consumed again. */
  steps: ApplySteps<Read>;
}

/** Most messages applied as one unit (one PostgreSQL read, one bulk request). */
const maxBatch = 500;
/** Messages fetched ahead of the writes; beyond this the fetching waits. */
const maxQueued = 5_000;
/** The wait before consuming again after a failure doubles from the first to the last. */
const retryDelayMs = { first: 250, last: 5_000 };

/** Messages of one partition, fetched and parsed, waiting to be applied. */
interface Fetched {
  topic: string;
  partition: number;
  /** The offset after its last message: what to commit once it is applied. */
  next: string;
  messages: number;
  changes: ChangeEvent[];
}

type TopicPartitionOffset = { topic: string; partition: number; offset: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A consumer group over the Debezium topics, pipelined so that fetching, reading PostgreSQL, writing
 * OpenSearch and committing overlap:
 *   - fetching runs ahead of the writes (kafkajs fetches again as soon as eachBatch returns);
 *   - one loop reads PostgreSQL for a batch while the batch before it is written to OpenSearch; reads and
 *     writes each run one at a time and in fetch order, so a later write always carries a later read;
 *   - cache invalidation and then the offset commit of each written batch follow in a chain of their own,
 *     in batch order, so the next batch does not wait for Redis or Kafka.
 * Offsets are committed only after the batch's write and invalidation succeeded. When a step fails, whatever
 * was fetched is dropped and each partition is consumed again from its last committed offset (the writes
 * are idempotent), so a crash or failure replays changes but never skips one. With one process per group,
 * batches never race each other to the index.
 */
export class ChangeConsumer<Read> {
  private readonly consumer: Consumer;
  private fetching = false;
  private readonly queue: Fetched[] = [];
  private queued = 0;
  private wakeLoop: () => void = () => {};
  /** The write of the batch before the one being read; never rejects. */
  private writing: Promise<void> = Promise.resolve();
  /** Invalidations and offset commits of written batches, in order; never rejects. */
  private settling: Promise<void> = Promise.resolve();
  /** Bumped by each failure: work of an older epoch is dropped rather than committed. */
  private epoch = 0;
  private failed = false;
  private failuresInARow = 0;
  /** Per partition, the first offset not committed yet: where consuming resumes after a failure. */
  private readonly resumeAt = new Map<string, TopicPartitionOffset>();
  private stopping = false;
  private loop: Promise<void> = Promise.resolve();
  /**
   * A new group's start position, committed on joining: partitions the group has never committed, at the
   * newest offset (the oldest with fromBeginning) as they were before joining. Without it a process that
   * stops or crashes before applying its first change leaves nothing committed, and the next one starts at
   * the newest offset again, skipping whatever was committed in between.
   */
  private starts: TopicPartitionOffset[] = [];
  private fetched: () => void = () => {};
  private readonly firstFetch = new Promise<void>((resolve) => {
    this.fetched = resolve;
  });

  constructor(private readonly options: ChangeConsumerOptions<Read>) {
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
      // Chained before any batch's commit, so a batch applied meanwhile still commits after it. kafkajs
      // drops commits made before its fetching starts, so the commit waits for the first fetch.
      if (this.starts.length > 0) {
        this.settling = this.settling.then(async () => {
          await this.firstFetch;
          await this.commitStarts();
        });
      }
    });
    // After the first fetch a new group's start offsets are resolved: changes committed from now on will be seen.
    this.consumer.on(FETCH, () => {
      this.fetching = true;
      this.fetched();
    });
    this.consumer.on(CRASH, ({ payload }) => {
      this.fetching = false;
      options.logger.error({ err: payload.error, restart: payload.restart }, 'consumer crashed');
    });
  }

  /** True once the group is joined, its start position committed, and fetching (the health check's readiness). */
  get ready(): boolean {
    return this.fetching && this.starts.length === 0;
  }

  async start(): Promise<void> {
    const { topics, fromBeginning } = this.options;
    this.starts = await this.uncommittedStarts();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...topics], fromBeginning });
    this.loop = this.applyLoop();
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.enqueue(payload),
    });
  }

  /** The partitions this group has no committed offset for, each at the offset it starts from. */
  private async uncommittedStarts(): Promise<TopicPartitionOffset[]> {
    const { kafka, groupId, topics, fromBeginning } = this.options;
    const admin = kafka.admin();
    await admin.connect();
    try {
      const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
      const starts: TopicPartitionOffset[] = [];
      for (const { topic, partitions } of committed) {
        const never = partitions.filter(({ offset }) => Number(offset) < 0).map(({ partition }) => partition);
        if (never.length === 0) continue;
        for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
          if (never.includes(partition))
            starts.push({ topic, partition, offset: fromBeginning ? low : high });
        }
      }
      return starts;
    } finally {
      await admin.disconnect();
    }
  }

  /** Commits the new group's start position; a failure (a rebalance, say) is retried a second later. */
  private async commitStarts(): Promise<void> {
    if (this.starts.length === 0 || this.stopping) return;
    try {
      await this.consumer.commitOffsets(this.starts);
      this.options.logger.info(
        { partitions: this.starts },
        'committed the new consumer group start position',
      );
      this.starts = [];
    } catch (error) {
      this.options.logger.warn({ err: error }, 'committing the start position failed; retrying');
      setTimeout(() => {
        this.settling = this.settling.then(() => this.commitStarts());
      }, 1_000).unref();
    }
  }

  /** Stops fetching, applies and commits what was fetched, then leaves the group. */
  async stop(): Promise<void> {
    this.fetching = false;
    this.stopping = true;
    this.fetched(); // a start-position commit still waiting for the first fetch gives up
    this.consumer.pause(this.options.topics.map((topic) => ({ topic })));
    this.wakeLoop();
    await this.loop;
    await this.consumer.disconnect();
  }

  /** eachBatch: parse, queue for the apply loop, and let kafkajs fetch the next batch at once. */
  private async enqueue({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload) {
    const { metrics, logger } = this.options;
    // Dropped messages are not resolved: after a failure the partition is sought back to its committed offset.
    const dropped = () => this.stopping || this.failed || !isRunning() || isStale();
    while (this.queued >= maxQueued && !dropped()) {
      await heartbeat();
      await sleep(50);
    }
    if (dropped()) return;
    const { topic, partition } = batch;
    const key = `${topic}|${partition}`;
    const fetchedAt = Date.now();
    for (let start = 0; start < batch.messages.length; start += maxBatch) {
      const chunk = batch.messages.slice(start, start + maxBatch);
      const first = chunk[0];
      const last = chunk[chunk.length - 1];
      if (!first || !last) continue;
      const changes: ChangeEvent[] = [];
      for (const message of chunk) {
        const change = parseChangeEvent(message.value);
        if (change) {
          changes.push(change);
          metrics.fetchLag.observe(Math.max(0, fetchedAt - change.source.ts_ms) / 1000);
        } else if (message.value !== null) {
          metrics.invalid.inc();
          logger.warn({ topic, offset: message.offset }, 'skipping a message that is not a change event');
        }
      }
      if (!this.resumeAt.has(key)) this.resumeAt.set(key, { topic, partition, offset: first.offset });
      // The committed offset is the next one to read.
      const next = (BigInt(last.offset) + 1n).toString();
      this.queue.push({ topic, partition, next, messages: chunk.length, changes });
      this.queued += chunk.length;
      resolveOffset(last.offset);
    }
    this.wakeLoop();
  }

  private async applyLoop(): Promise<void> {
    for (;;) {
      if (this.failed) {
        if (this.stopping) break;
        await this.resume();
        continue;
      }
      if (this.queue.length === 0) {
        if (this.stopping) break;
        await new Promise<void>((resolve) => {
          this.wakeLoop = resolve;
        });
        continue;
      }
      const epoch = this.epoch;
      const batch = this.take();
      const changes = batch.flatMap((fetched) => fetched.changes);
      const started = Date.now();
      // Read while the previous batch is still being written: reads start in order and writes run in
      // order, so a later write always carries a later read.
      const [read] = await Promise.allSettled([
        changes.length > 0 ? this.step('read', () => this.options.steps.read(changes)) : undefined,
        this.writing,
      ]);
      if (read.status === 'rejected') {
        this.fail(read.reason, epoch);
        continue;
      }
      if (epoch !== this.epoch) continue; // the previous write failed: this batch is consumed again
      this.writing = this.write(batch, changes, read.value, epoch, started);
    }
    await this.writing;
    await this.settling;
  }

  /** Queued messages up to maxBatch (at least one chunk), in fetch order. */
  private take(): Fetched[] {
    let count = 0;
    let messages = 0;
    for (const fetched of this.queue) {
      if (count > 0 && messages + fetched.messages > maxBatch) break;
      count++;
      messages += fetched.messages;
    }
    this.queued -= messages;
    return this.queue.splice(0, count);
  }

  /** Writes one batch, then chains its invalidation and offset commit; never rejects. */
  private async write(
    batch: readonly Fetched[],
    changes: readonly ChangeEvent[],
    read: Read | undefined,
    epoch: number,
    started: number,
  ): Promise<void> {
    const { metrics, steps } = this.options;
    let eventIds: readonly string[] = [];
    if (read !== undefined) {
      try {
        eventIds = await this.step('write', () => steps.write(read));
      } catch (error) {
        this.fail(error, epoch);
        return;
      }
      const now = Date.now();
      metrics.batchDuration.observe((now - started) / 1000);
      for (const change of changes) {
        metrics.changes.inc({ table: change.source.table, op: change.op });
        metrics.lag.observe({ table: change.source.table }, Math.max(0, now - change.source.ts_ms) / 1000);
        if (change.ts_ms !== undefined) {
          metrics.captureLag.observe(Math.max(0, change.ts_ms - change.source.ts_ms) / 1000);
        }
      }
      metrics.lastCommit.set(Math.max(...changes.map((change) => change.source.ts_ms)) / 1000);
    }
    const offsets = new Map<string, TopicPartitionOffset>();
    for (const { topic, partition, next } of batch) {
      offsets.set(`${topic}|${partition}`, { topic, partition, offset: next });
    }
    this.settling = this.settling.then(async () => {
      if (epoch !== this.epoch) return; // an earlier batch failed: this one is consumed again
      try {
        await this.step('invalidate', () => steps.invalidate(eventIds));
        await this.step('commit', () => this.consumer.commitOffsets([...offsets.values()]));
        for (const [key, offset] of offsets) this.resumeAt.set(key, offset);
        this.failuresInARow = 0;
      } catch (error) {
        this.fail(error, epoch);
      }
    });
  }

  private async step<T>(name: 'read' | 'write' | 'invalidate' | 'commit', run: () => Promise<T>) {
    const end = this.options.metrics.stepDuration.startTimer({ step: name });
    const result = await run();
    end();
    return result;
  }

  /** Drops everything fetched and not committed; the loop then seeks back and consumes it again. */
  private fail(error: unknown, epoch: number): void {
    if (epoch !== this.epoch) return; // the same failure seen again by a later batch
    this.epoch++;
    this.failed = true;
    this.failuresInARow++;
    this.queue.length = 0;
    this.queued = 0;
    this.options.metrics.failures.inc();
    this.options.logger.error(
      { err: error },
      'applying changes failed; consuming them again from the last committed offsets',
    );
    this.wakeLoop();
  }

  private async resume(): Promise<void> {
    // The write and the chain of the failed epoch run out without committing anything more.
    await this.writing;
    await this.settling;
    const delay = Math.min(retryDelayMs.last, retryDelayMs.first * 2 ** (this.failuresInARow - 1));
    await sleep(delay);
    if (this.stopping) return;
    // Until a fetch has taken the seek, eachBatch sees its partition as stale and drops what it is given.
    for (const position of this.resumeAt.values()) this.consumer.seek(position);
    this.failed = false;
  }
}
