export { apiEnv, authEnv, databaseEnv, demoEnv, EnvError, parseEnv, redisEnv, repoRoot, serverEnv, shardUrls } from './env';
export type { ApiEnv, DatabaseEnv } from './env';
