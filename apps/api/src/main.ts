import cluster from 'node:cluster';
import { apiEnv, parseEnv } from '@boxoffice/config';
import { createLogger } from './logger';
import { buildServer } from './server';
import { closeServices, createServices } from './services';

const env = parseEnv(apiEnv);
const logger = createLogger(env.LOG_LEVEL);

if (env.API_PROCESSES > 1 && cluster.isPrimary) {
  // Several processes share the port; each has its own connections and its own reply channel.
  for (let i = 0; i < env.API_PROCESSES; i++) cluster.fork();
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  cluster.on('exit', (worker, code) => {
    if (!stopping) {
      logger.error({ pid: worker.process.pid, code }, 'API process died; starting another');
      cluster.fork();
    } else if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGTERM'));
} else {
  await serve();
}

async function serve() {
  const services = await createServices(env);
  const app = await buildServer({ env, services, logger });

  let closing = false;
  async function shutdown(signal: string) {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    // Stop accepting, finish in-flight requests, then close Redis and the databases.
    await app.close();
    await closeServices(services);
    process.exit(0);
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ host: env.HOST, port: env.PORT });
}
