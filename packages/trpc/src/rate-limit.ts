import { AppError } from '@boxoffice/domain';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

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

export function createRateLimits(
  redis: Redis,
  options: { disabled?: boolean; rules?: Partial<Record<RateRuleName, RateRule>> } = {},
): RateLimits {
  const rules = { ...defaultRateRules, ...options.rules };
  const limiters = Object.fromEntries(
    Object.entries(rules).map(([name, rule]) => [
      name,
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `rl:${name}`,
        points: rule.points,
        duration: rule.duration,
        // If Redis is unreachable, keep limiting per process rather than failing every request.
        insuranceLimiter: new RateLimiterMemory({ points: rule.points, duration: rule.duration }),
      }),
    ]),
  ) as Record<RateRuleName, RateLimiterRedis>;

  return {
    async consume(rule, key) {
      if (options.disabled) return;
      try {
        await limiters[rule].consume(key);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
          throw new AppError('RATE_LIMITED', `Too many requests; try again in ${retryAfter} s`, { retryAfter });
        }
        throw rejection;
      }
    },
  };
}
