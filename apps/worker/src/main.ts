import { bookingDeps } from '@boxoffice/booking';
import { parseEnv, workerAppEnv } from '@boxoffice/config';
import { connectDatabases } from '@boxoffice/db';
import { createPaymentGateway, paymentGatewayConfigFromEnv } from '@boxoffice/payments';
import { commandConnection, HOLD_EXPIRY_QUEUE, PAYMENT_EVENTS_QUEUE, QueueCache, workerConnection } from '@boxoffice/queue';
import { Worker } from 'bullmq';
import pino from 'pino';
import { AdmissionLoops } from './admission-loops';
import { createWorkerMetrics, serveMetrics } from './metrics';
import { createProcessors } from './processors';
import { ReserveQueues } from './reserve-queues';

const env = parseEnv(workerAppEnv);
const logger = pino({ level: env.LOG_LEVEL, base: { app: 'worker', pid: process.pid } });
const metrics = createWorkerMetrics();
const db = connectDatabases(env);
const redis = commandConnection(env.REDIS_URL);
const queues = new QueueCache(workerConnection(env.REDIS_URL));
const gateway = createPaymentGateway(paymentGatewayConfigFromEnv(env));

const processors = createProcessors({
  ...bookingDeps(env, db, redis),
  gateway,
  holdExpiryQueue: queues.get(HOLD_EXPIRY_QUEUE),
});

const timed = <T>(kind: string, run: () => Promise<T>) => {
  const end = metrics.jobDuration.startTimer({ kind });
  return run().finally(end);
};

const workers: Worker[] = [];
const serves = new Set(env.WORKER_SERVES);
let reserveQueues: ReserveQueues | undefined;

if (serves.has('reserve')) {
  reserveQueues = new ReserveQueues({
    redis,
    connection: () => workerConnection(env.REDIS_URL),
    concurrency: env.RESERVE_CONCURRENCY,
    pinnedEvents: env.WORKER_EVENTS,
    logger,
    process: (data) =>
      timed('reserve', async () => {
        const replies = await processors.reserve(data);
        metrics.reserveBatch.observe(replies.length);
        for (const reply of replies) metrics.reservations.inc({ outcome: reply.ok ? 'held' : reply.code });
        // BullMQ keeps what a job returns (up to removeOnComplete): the answers went out on reply channels already.
        return { held: replies.filter((reply) => reply.ok).length, refused: replies.filter((reply) => !reply.ok).length };
      }),
  });
  await reserveQueues.start();
}

let admissionLoops: AdmissionLoops | undefined;
if (serves.has('admission')) {
  admissionLoops = new AdmissionLoops({
    redis,
    catalog: db.catalog,
    shards: db.shards,
    logger,
    registry: metrics.registry,
    admission: { accessSeconds: env.WAITING_ROOM_ACCESS_SECONDS, graceSeconds: env.WAITING_ROOM_GRACE_SECONDS, tickMs: env.WAITING_ROOM_TICK_MS },
  });
  await admissionLoops.start();
}

if (serves.has('expiry')) {
  const expiryQueue = queues.get(HOLD_EXPIRY_QUEUE);
  await expiryQueue.upsertJobScheduler('sweep-expired-holds', { every: env.SWEEP_INTERVAL_MS }, { name: 'sweep' });
  workers.push(
    new Worker(
      HOLD_EXPIRY_QUEUE,
      (job) =>
        timed(job.name, async () => {
          if (job.name === 'sweep') {
            const released = await processors.sweep();
            metrics.expired.inc(released);
            return { released };
          }
          const result = await processors.expire(job.data);
          metrics.expired.inc(result.released);
          return result;
        }),
      { connection: workerConnection(env.REDIS_URL), concurrency: 8 },
    ),
  );
}

if (serves.has('payments')) {
  workers.push(
    new Worker(
      PAYMENT_EVENTS_QUEUE,
      (job) =>
        timed('payment-event', async () => {
          const outcome = await processors.paymentEvent(job.data);
          metrics.paymentEvents.inc({ outcome });
          return outcome;
        }),
      { connection: workerConnection(env.REDIS_URL), concurrency: 8 },
    ),
  );
}

for (const worker of workers) {
  worker.on('error', (err) => logger.error({ err, queue: worker.name }, 'worker error'));
  worker.on('failed', (job, err) => logger.warn({ err, queue: worker.name, jobId: job?.id }, 'job failed'));
}

const metricsServer = env.METRICS_PORT ? serveMetrics(metrics, env.METRICS_PORT, env.METRICS_HOST) : undefined;
logger.info({ serves: [...serves], pinned: env.WORKER_EVENTS ?? null }, 'worker ready');

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  logger.info({ signal }, 'shutting down');
  setTimeout(() => process.exit(1), 15_000).unref();
  // Finish running jobs first, then let go of Redis and the databases.
  await reserveQueues?.close();
  await admissionLoops?.close();
  await Promise.all(workers.map((worker) => worker.close()));
  metricsServer?.close();
  await gateway.close?.();
  await queues.close();
  await redis.quit().catch(() => redis.disconnect());
  await db.destroy();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
