import { describe, expect, it } from 'vitest';
import { apiEnv, databaseEnv, EnvError, parseEnv, shardUrls } from './env';

describe('env', () => {
  it('has working defaults on a fresh machine', () => {
    const env = parseEnv(apiEnv, {});
    expect(env.PORT).toBe(3000);
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:56379/0');
    expect(env.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it('names every bad variable', () => {
    expect(() => parseEnv(apiEnv, { PORT: 'x', DATABASE_URL: 'nope' })).toThrow(EnvError);
    try {
      parseEnv(apiEnv, { PORT: 'x', DATABASE_URL: 'nope' });
    } catch (error) {
      expect(String(error)).toMatch(/PORT/);
      expect(String(error)).toMatch(/DATABASE_URL/);
    }
  });

  it('derives shard databases from the catalog URL', () => {
    const env = parseEnv(databaseEnv, { DATABASE_URL: 'postgres://u@h:1/cat', SHARD_COUNT: '2' });
    expect(shardUrls(env)).toEqual(['postgres://u@h:1/cat_shard_0', 'postgres://u@h:1/cat_shard_1']);
  });

  it('prefers explicit shard URLs', () => {
    const env = parseEnv(databaseEnv, { SHARD_URLS: 'postgres://a/x, postgres://b/y' });
    expect(shardUrls(env)).toEqual(['postgres://a/x', 'postgres://b/y']);
  });
});
