import { AppError } from '@boxoffice/domain';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRateLimits } from './rate-limit';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:56379/1');
afterAll(() => redis.quit());

const spend = async (consume: () => Promise<void>, times: number) => {
  const outcomes: (string | number)[] = [];
  for (let i = 0; i < times; i++) {
    try {
      await consume();
      outcomes.push('ok');
    } catch (error) {
      outcomes.push(error instanceof AppError && error.code === 'RATE_LIMITED' ? (error.retryAfter ?? 0) : String(error));
    }
  }
  return outcomes;
};

describe('rate limits', () => {
  it('allow the rule’s points per window in Redis, then refuse with a retry hint, per key', async () => {
    const key = `user-${Date.now()}`;
    const limits = createRateLimits(redis, { rules: { reserve: { points: 3, duration: 7 } } });
    const outcomes = await spend(() => limits.consume('reserve', key), 5);
    expect(outcomes.slice(0, 3)).toEqual(['ok', 'ok', 'ok']);
    expect(outcomes.slice(3).every((o) => typeof o === 'number' && o >= 1 && o <= 7)).toBe(true);
    const ttl = await redis.pttl(`rl:reserve:${key}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(7000);
    // Another key has its own window; so does another process sharing the same Redis.
    await expect(limits.consume('reserve', `${key}-other`)).resolves.toBeUndefined();
    const elsewhere = createRateLimits(redis, { rules: { reserve: { points: 3, duration: 7 } } });
    await expect(elsewhere.consume('reserve', key)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await redis.del(`rl:reserve:${key}`, `rl:reserve:${key}-other`);
  });

  it('keep limiting in the process when Redis cannot be reached', async () => {
    const unreachable = new Redis('redis://127.0.0.1:9/0', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    unreachable.on('error', () => {});
    const limits = createRateLimits(unreachable, { rules: { confirm: { points: 2, duration: 10 } } });
    const outcomes = await spend(() => limits.consume('confirm', 'fan'), 3);
    expect(outcomes.slice(0, 2)).toEqual(['ok', 'ok']);
    expect(typeof outcomes[2]).toBe('number');
    unreachable.disconnect();
  });

  it('spend nothing when turned off', async () => {
    const limits = createRateLimits(redis, { disabled: true, rules: { auth: { points: 1, duration: 10 } } });
    expect(await spend(() => limits.consume('auth', 'anyone'), 3)).toEqual(['ok', 'ok', 'ok']);
  });
});
