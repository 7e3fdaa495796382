export {
  apiEnv,
  authEnv,
  bookingEnv,
  databaseEnv,
  demoEnv,
  EnvError,
  parseEnv,
  paymentsEnv,
  redisEnv,
  repoRoot,
  searchEnv,
  serverEnv,
  waitingRoomEnv,
  shardUrls,
  workerAppEnv,
  workerEnv,
} from './env';
export type { ApiEnv, DatabaseEnv, WorkerAppEnv } from './env';
