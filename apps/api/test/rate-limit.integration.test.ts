import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApi, type TestApi } from './helpers';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After once the window is spent, in Redis', async () => {
    // The auth rule allows 20 per minute per client address; spend it with a distinct forwarded key.
    await api.services.redis.del('rl:auth:ip:127.0.0.1');
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 22; i++) {
      const res = await call(api.url, '/auth/login', { body: { email: 'rate@example.test', password: 'wrong-password' } });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(await api.services.redis.exists('rl:auth:ip:127.0.0.1')).toBe(1);
    await api.services.redis.del('rl:auth:ip:127.0.0.1');
  });
});
