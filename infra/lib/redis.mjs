// A private Redis under .data/redis, configured as BullMQ needs it: noeviction, AOF everysec.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { aptInstall, dataDir, ensureDir, EngineError, fitsUnixSocket, log, run, waitFor, which } from './common.mjs';
import { ports } from './ports.mjs';

const redisDir = join(dataDir, 'redis');
// Processes on this machine talk to Redis over this socket: on loopback TCP every write also runs
// the receiving side's network stack, and costs Redis ~40% more CPU per command (redis-benchmark,
// bench/README). A path too long for a socket falls back to TCP.
const socketPath = join(redisDir, 'redis.sock');
const socketUsable = fitsUnixSocket(socketPath);

function serverBin() {
  let bin = which('redis-server');
  if (!bin) {
    aptInstall(['redis-server'], 'Redis is not installed');
    bin = which('redis-server');
  }
  if (!bin) throw new EngineError('redis-server is still missing after installing it; check apt output above.');
  return bin;
}

function ping() {
  const cli = which('redis-cli');
  if (!cli) return false;
  const res = spawnSync(cli, ['-h', '127.0.0.1', '-p', String(ports.redis), 'ping'], { encoding: 'utf8' });
  return res.status === 0 && res.stdout.trim() === 'PONG';
}

export const redis = {
  name: 'redis',
  skip: () => (process.env.REDIS_URL ? 'REDIS_URL is set; using that server' : null),
  async status() {
    return ping() ? `running on 127.0.0.1:${ports.redis}` : 'stopped';
  },
  async start() {
    const bin = serverBin();
    if (ping()) {
      log(`Redis already running on 127.0.0.1:${ports.redis}`);
      return false;
    }
    ensureDir(redisDir);
    const conf = join(redisDir, 'redis.conf');
    writeFileSync(
      conf,
      [
        'bind 127.0.0.1',
        'protected-mode yes',
        `port ${ports.redis}`,
        ...(socketUsable ? [`unixsocket ${socketPath}`, 'unixsocketperm 700'] : []),
        'daemonize yes',
        `pidfile ${join(redisDir, 'redis.pid')}`,
        `logfile ${join(dataDir, 'redis.log')}`,
        `dir ${redisDir}`,
        'appendonly yes',
        'appendfsync everysec',
        // An AOF rewrite forks a child that writes the whole dataset again: ~0.5-1 s of a core for
        // 100 MB. With the default 64 MB floor the search cache's writes (~1.5 MB/s at 200 uncached
        // searches/s) set one off every ~25 s, and on two cores each one stalled every request in
        // flight (bench/README, sixth session). At 512 MB: every few minutes at that rate.
        'auto-aof-rewrite-min-size 512mb',
        'save ""',
        'maxmemory-policy noeviction',
        'databases 16',
        '',
      ].join('\n'),
    );
    log(`starting Redis on 127.0.0.1:${ports.redis}`);
    run(bin, [conf], { quiet: true });
    await waitFor('Redis', async () => ping());
    return true;
  },
  async stop() {
    if (!ping()) return;
    log('stopping Redis');
    run('redis-cli', ['-h', '127.0.0.1', '-p', String(ports.redis), 'shutdown'], { quiet: true, allowFail: true });
    await waitFor('Redis to stop', async () => !ping(), { timeoutMs: 20_000 }).catch(() => {});
  },
  url: (db = 0) => `redis://127.0.0.1:${ports.redis}/${db}`,
  /** The same server over its Unix socket (ioredis reads `<path>?db=N`), or TCP where the path is too long. */
  socketUrl: (db = 0) => (socketUsable ? `${socketPath}?db=${db}` : redis.url(db)),
  exists: () => existsSync(join(redisDir, 'redis.conf')),
};
