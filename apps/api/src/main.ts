import { apiEnv, parseEnv } from '@boxoffice/config';
import { createLogger } from './logger';
import { buildServer } from './server';
import { closeServices, createServices } from './services';

const env = parseEnv(apiEnv);
const logger = createLogger(env.LOG_LEVEL);
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
