// @boxoffice/bench type-checks these with allowJs (bench/tsconfig.json): they are the scripts' own engine URLs.
import { postgres } from '../../../infra/lib/postgres.mjs';
import { redis } from '../../../infra/lib/redis.mjs';
import { runTool } from './processes';

/**
 * How the bench's apps reach PostgreSQL and Redis: over their Unix sockets, as `npm start`'s apps do
 * (on this VM a loopback TCP write also runs the receiver's network stack: Redis spends ~40% more
 * CPU per command over TCP), or TCP where infra/lib finds the socket paths too long.
 * `BENCH_TCP=1` switches both to loopback TCP, to compare.
 */
export const overTcp = process.env.BENCH_TCP === '1';

export const benchDatabaseUrl: string = overTcp ? postgres.url('boxoffice_bench') : postgres.socketUrl('boxoffice_bench');

export const benchRedisUrl = (db: number): string => (overTcp ? redis.url(db) : redis.socketUrl(db));

/** pgbench's host: the socket directory when the apps use it, so the baseline takes the same path. */
export const pgbenchHost: string = new URL(benchDatabaseUrl).searchParams.get('host') ?? '127.0.0.1';

/**
 * How many AOF rewrites Redis has made since it started (INFO persistence). A rewrite forks a child
 * that writes the whole dataset again, ~0.5-1 s of one core per 100 MB: on this 2-core machine one
 * falling inside a fixed-rate run shows as a stall, so the benches report how many did.
 */
export function redisAofRewrites(): number {
  const info = runTool('redis-cli', ['-u', redis.url(0), 'info', 'persistence']);
  return Number(/^aof_rewrites:(\d+)/m.exec(info)?.[1] ?? 0);
}
