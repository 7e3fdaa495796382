import { join } from 'node:path';
import { repoRoot } from '@boxoffice/config';

/**
 * How the bench's apps reach PostgreSQL and Redis: over their Unix sockets, as `npm start`'s apps do
 * (on this VM a loopback TCP write also runs the receiver's network stack: Redis spends ~40% more
 * CPU per command over TCP). `BENCH_TCP=1` switches both to loopback TCP, to compare.
 */
const postgresSocketDir = join(repoRoot, '.data', 'postgres');
const redisSocket = join(repoRoot, '.data', 'redis', 'redis.sock');
// As infra/lib: a socket path longer than a sockaddr_un holds means TCP (and Redis has no socket then).
const socketsUsable = join(postgresSocketDir, '.s.PGSQL.55432').length < 100 && redisSocket.length < 100;
export const overTcp = process.env.BENCH_TCP === '1' || !socketsUsable;
const tcpDatabaseUrl = 'postgres://boxoffice@127.0.0.1:55432/boxoffice_bench';

export const benchDatabaseUrl = overTcp ? tcpDatabaseUrl : `${tcpDatabaseUrl}?host=${encodeURIComponent(postgresSocketDir)}`;

export const benchRedisUrl = (db: number) => (overTcp ? `redis://127.0.0.1:56379/${db}` : `${redisSocket}?db=${db}`);

/** pgbench's connection flags: the same path as the apps'. */
export const pgbenchHost = overTcp ? '127.0.0.1' : postgresSocketDir;
