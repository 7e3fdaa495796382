import { describe, expect, it } from 'vitest';
import { apiEnv, databaseEnv, EnvError, parseEnv, redisEnv, shardUrls } from './env';

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

  it('keeps a Unix socket in shard URLs (node-postgres reads ?host=<directory>)', () => {
    const env = parseEnv(databaseEnv, { DATABASE_URL: 'postgres://u@127.0.0.1:1/cat?host=%2Fdata%2Fpg', SHARD_COUNT: '1' });
    expect(shardUrls(env)).toEqual(['postgres://u@127.0.0.1:1/cat_shard_0?host=%2Fdata%2Fpg']);
  });

  it('takes Redis as a URL or as a Unix socket path, and names anything else', () => {
    expect(parseEnv(redisEnv, { REDIS_URL: '/data/redis/redis.sock?db=2' }).REDIS_URL).toBe('/data/redis/redis.sock?db=2');
    expect(parseEnv(redisEnv, { REDIS_URL: 'rediss://cache.example:6380/1' }).REDIS_URL).toBe('rediss://cache.example:6380/1');
    for (const bad of ['localhost:6379', 'http://x', 'redis.sock', '/data/redis.sock?db=x']) {
      expect(() => parseEnv(redisEnv, { REDIS_URL: bad })).toThrow(/REDIS_URL/);
    }
  });

  it('prefers explicit shard URLs', () => {
    const env = parseEnv(databaseEnv, { SHARD_URLS: 'postgres://a/x, postgres://b/y' });
    expect(shardUrls(env)).toEqual(['postgres://a/x', 'postgres://b/y']);
  });
});
