import { AppError } from '@boxoffice/domain';
import { LuaScript } from '@boxoffice/queue';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateRule {
  /** Requests allowed per window. */
  points: number;
  /** Window length in seconds. */
  duration: number;
}

/** Named limits that routes opt into; every limiter shares Redis, so limits hold across API processes. */
export const defaultRateRules = {
  auth: { points: 20, duration: 60 },
  reserve: { points: 30, duration: 10 },
  confirm: { points: 10, duration: 10 },
  queueJoin: { points: 10, duration: 10 },
  search: { points: 100, duration: 10 },
} satisfies Record<string, RateRule>;

export type RateRuleName = keyof typeof defaultRateRules;

export interface RateLimits {
  /** Spend one point of `rule` for `key`; throws RATE_LIMITED with retryAfter when the window is spent. */
  consume(rule: RateRuleName, key: string): Promise<void>;
}

// A fixed window per key, as rate-limiter-flexible's RateLimiterRedis keeps it (same keys, same
// script), but run through LuaScript's EVALSHA: the library builds a MULTI it never sends on every
// call and registers its script with defineCommand, which keeps the API's connection from being
// auto-pipelined. KEYS: the counter. ARGV: window seconds. Returns points spent and ms left.
const consumeScript = new LuaScript(`
redis.call('SET', KEYS[1], 0, 'EX', ARGV[1], 'NX')
local consumed = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -1 then
  redis.call('EXPIRE', KEYS[1], ARGV[1])
  ttl = 1000 * ARGV[1]
end
return {consumed, ttl}
`);

const limited = (msBeforeNext: number) => {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError('RATE_LIMITED', `Too many requests; try again in ${retryAfter} s`, { retryAfter });
};

export function createRateLimits(
  redis: Redis,
  options: { disabled?: boolean; rules?: Partial<Record<RateRuleName, RateRule>> } = {},
): RateLimits {
  const rules: Record<RateRuleName, RateRule> = { ...defaultRateRules, ...options.rules };
  // If Redis is unreachable, keep limiting per process rather than failing every request.
  const insurance = Object.fromEntries(
    Object.entries(rules).map(([name, rule]) => [name, new RateLimiterMemory({ keyPrefix: `rl:${name}`, points: rule.points, duration: rule.duration })]),
  ) as Record<RateRuleName, RateLimiterMemory>;

  return {
    async consume(name, key) {
      if (options.disabled) return;
      const rule = rules[name];
      let spent: [number, number];
      try {
        spent = (await consumeScript.run(redis, [`rl:${name}:${key}`], [rule.duration])) as [number, number];
      } catch {
        try {
          await insurance[name].consume(key);
          return;
        } catch (rejection) {
          if (rejection instanceof RateLimiterRes) throw limited(rejection.msBeforeNext);
          throw rejection;
        }
      }
      if (spent[0] > rule.points) throw limited(spent[1]);
    },
  };
}
