import pino from 'pino';
import { parseIndexerEnv } from './env';
import { startIndexer } from './indexer';

const env = parseIndexerEnv();
const logger = pino({ level: env.LOG_LEVEL, base: { app: 'indexer', pid: process.pid } });
const indexer = await startIndexer(env, logger);
logger.info({ url: indexer.url }, 'serving /healthz and /metrics');

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  logger.info({ signal }, 'shutting down');
  setTimeout(() => process.exit(1), 15_000).unref();
  await indexer.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
