// Waiting-room benchmark: one million fans queued on one event. Measures Redis memory, joins/s through the
// API (open model), the admission tick at that size, and how many SSE progress streams one API process
// keeps updated within a second. Baselines from the same run: a bare sorted set of the same members
// (memory) and redis-benchmark (raw ZADD / ZRANK). Not a test: run it by hand (see bench/README.md).
//   pnpm --filter @boxoffice/bench waiting-room -- --fans 1000000 --join-rates 1000,2000 --streams 10000
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTokenSigner } from '@boxoffice/auth';
import { apiEnv, parseEnv, repoRoot } from '@boxoffice/config';
import { connectDatabases, newInventoryId } from '@boxoffice/db';
import {
  AdmissionLoop,
  configureQueue,
  createQueueTokens,
  QueueSettingsCache,
  queueKeys,
  WaitingRoom,
} from '@boxoffice/waiting-room';
import { Redis } from 'ioredis';
import { runOpenLoad } from './lib/open-load';
import { runTool, startApp, waitForHttp } from './lib/processes';
import { percentile, round } from './lib/stats';
import { benchDatabaseUrl, benchRedisUrl } from './lib/engines';
import { cliArgs } from './lib/cli';

const { values: args } = parseArgs({
  args: cliArgs(),
  options: {
    fans: { type: 'string', default: '1000000' },
    'join-rates': { type: 'string', default: '1000,2000' },
    'join-seconds': { type: 'string', default: '10' },
    streams: { type: 'string', default: '10000' },
    'stream-seconds': { type: 'string', default: '20' },
    'admission-rate': { type: 'string', default: '100' },
  },
});
const port = 3510;
const redisDb = 3;
const databaseUrl = benchDatabaseUrl;
const base = parseEnv(apiEnv, {});
const benchEnv = {
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl,
  SHARD_COUNT: '2',
  REDIS_URL: benchRedisUrl(Number(redisDb)),
  PORT: String(port),
  LOG_LEVEL: 'warn',
  WAITING_ROOM_STREAM_MS: '500',
  JWT_SECRET: base.JWT_SECRET,
  STRIPE_WEBHOOK_SECRET: base.STRIPE_WEBHOOK_SECRET,
};
const env = parseEnv(apiEnv, benchEnv);
const db = connectDatabases(env);
const redis = new Redis(env.REDIS_URL);
const room = new WaitingRoom({ redis, catalog: db.catalog, settings: new QueueSettingsCache(db.catalog), tokens: createQueueTokens(env.JWT_SECRET) });
const signer = createTokenSigner(env.JWT_SECRET, 3600);
const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);

/** A fresh on-sale event with enough seats that stock never stops admission during the run. */
async function createEvent(seats: number): Promise<string> {
  const venueId = randomUUID();
  const eventId = randomUUID();
  await db.catalog.insertInto('venues').values({ id: venueId, name: `Bench Hall ${venueId.slice(0, 8)}`, address: '1 Bench St', city: 'Benchville', country: 'US', capacity: seats }).execute();
  await db.catalog
    .insertInto('events')
    .values({ id: eventId, name: `Waiting room bench ${eventId.slice(0, 8)}`, type: 'concert', starts_at: new Date(Date.now() + 30 * 86_400_000), on_sale_at: new Date(Date.now() - 86_400_000), venue_id: venueId, status: 'on_sale' })
    .execute();
  const shard = db.shards.forEvent(eventId);
  for (let i = 0; i < seats; i += 2000) {
    const rows = Array.from({ length: Math.min(2000, seats - i) }, (_, j) => {
      const n = i + j;
      const row = String(Math.floor(n / 100) + 1);
      return { id: newInventoryId(shard.index), event_id: eventId, section: 'A', row_label: row, seat_number: (n % 100) + 1, seat_label: `A-${row}-${(n % 100) + 1}`, price_tier: 'P1', price_amount: 5000, currency: 'USD' };
    });
    await shard.db.insertInto('tickets').values(rows).execute();
  }
  return eventId;
}

/** Memory of the waiting room per fan, next to a bare sorted set of the same member strings. */
async function fillQueue(eventId: string, total: number) {
  const before = await usedMemory();
  const started = performance.now();
  const concurrency = 256;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        await room.join({ id: randomUUID(), isMember: i % 10 === 0 }, eventId);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const after = await usedMemory();
  const k = queueKeys(eventId);
  const members = await redis.zrange(k.queue, 0, -1);
  const baselineBefore = await usedMemory();
  for (let i = 0; i < members.length; i += 10_000) {
    await redis.zadd('bench:bare-zset', ...members.slice(i, i + 10_000).flatMap((member, j) => [i + j, member]));
  }
  const baselineAfter = await usedMemory();
  await redis.del('bench:bare-zset');
  return {
    fans: members.length,
    joinsPerSecondDirect: round(total / seconds),
    usedMemoryBytes: after - before,
    bytesPerFan: round((after - before) / members.length),
    bareZsetBytesPerFan: round((baselineAfter - baselineBefore) / members.length),
    ratioToBareZset: round((after - before) / (baselineAfter - baselineBefore), 2),
  };
}

async function joinsThroughApi(eventId: string, rates: number[], seconds: number) {
  const results = [];
  const streamFans: { token: string }[] = [];
  for (const rate of rates) {
    const fans = await Promise.all(
      Array.from({ length: rate * seconds }, async () => {
        const id = randomUUID();
        return (await signer.sign({ id, email: `${id}@bench.test`, role: 'customer', isMember: false })).token;
      }),
    );
    const { samples, elapsedMs } = await runOpenLoad({
      url: `http://127.0.0.1:${port}`,
      rate,
      durationSeconds: seconds,
      connections: 256,
      request: (i) => ({ path: '/queue/join', body: JSON.stringify({ eventID: eventId }), headers: { authorization: `Bearer ${fans[i]}` } }),
    });
    const ok = samples.filter((s) => s.status === 200);
    for (const sample of ok) streamFans.push({ token: (JSON.parse(sample.body) as { queueToken: string }).queueToken });
    const latencies = ok.map((s) => s.latencyMs);
    results.push({
      offered: rate,
      requests: samples.length,
      ok: ok.length,
      answeredPerSecond: round(samples.length / (elapsedMs / 1000)),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(Math.max(...latencies)),
      statuses: Object.fromEntries([...new Set(samples.map((s) => s.status))].map((st) => [st, samples.filter((s) => s.status === st).length])),
    });
  }
  return { results, streamFans };
}

function commandUsec(info: string, name: string): { calls: number; usec: number } {
  const match = new RegExp(`cmdstat_${name}:calls=(\\d+),usec=(\\d+)`).exec(info);
  return { calls: Number(match?.[1] ?? 0), usec: Number(match?.[2] ?? 0) };
}

/** Admission ticks on the full queue: normal ones (rate x 100 ms) and batch-cap ones (1,000 fans). */
async function admissionTicks(eventId: string, rate: number) {
  const settings = { eventId, enabled: true, opensAt: null, admissionRatePerSecond: rate, memberPriority: true };
  const deps = { redis, catalog: db.catalog, shards: db.shards };
  const measure = async (loop: AdmissionLoop, count: number) => {
    const durations: number[] = [];
    let admitted = 0;
    const before = commandUsec(await redis.info('commandstats'), 'evalsha');
    for (let i = 0; i < count; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const started = performance.now();
      admitted += (await loop.tick()).admitted.length;
      durations.push(performance.now() - started);
    }
    const after = commandUsec(await redis.info('commandstats'), 'evalsha');
    return {
      ticks: count,
      admittedPerTick: round(admitted / count),
      p50Ms: round(percentile(durations, 50), 2),
      p99Ms: round(percentile(durations, 99), 2),
      maxMs: round(Math.max(...durations), 2),
      redisUsecPerScript: round((after.usec - before.usec) / Math.max(1, after.calls - before.calls)),
    };
  };
  const options = { accessSeconds: 600, graceSeconds: 86_400, tickMs: 100 };
  const normal = await measure(new AdmissionLoop(deps, settings, options), 200);
  const burst = await measure(new AdmissionLoop(deps, { ...settings, admissionRatePerSecond: 10_000 }, { ...options, batchCap: 1000 }), 20);
  return { queueLength: await redis.zcard(queueKeys(eventId).queue), normal, batchOf1000: burst };
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Hold `count` SSE streams on one API process while fans are admitted at `rate`; measure update gaps. */
async function streams(eventId: string, fans: { token: string }[], count: number, seconds: number, rate: number, apiPid: number) {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const updates: number[][] = [];
  const requests: http.ClientRequest[] = [];
  let ended = 0;
  const open = (token: string, index: number) =>
    new Promise<void>((resolve) => {
      updates[index] = [];
      const req = http.get({ host: '127.0.0.1', port, path: `/queue/${eventId}/stream?token=${token}`, agent, headers: { accept: 'text/event-stream' } }, (res) => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            if (buffer.slice(0, end).includes('\nevent: ')) updates[index]?.push(performance.now());
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
          }
        });
        res.on('end', () => ended++);
        resolve();
      });
      req.on('error', () => {
        ended++;
        resolve();
      });
      requests.push(req);
    });
  const chosen = fans.slice(-count);
  const openStarted = performance.now();
  for (let i = 0; i < chosen.length; i += 250) await Promise.all(chosen.slice(i, i + 250).map((fan, j) => open(fan.token, i + j)));
  const openSeconds = (performance.now() - openStarted) / 1000;

  const loop = new AdmissionLoop({ redis, catalog: db.catalog, shards: db.shards }, { eventId, enabled: true, opensAt: null, admissionRatePerSecond: rate, memberPriority: true }, { accessSeconds: 600, graceSeconds: 86_400, tickMs: 100 });
  loop.start();
  await new Promise((r) => setTimeout(r, 3000));
  const windowStart = performance.now();
  const cpuStart = cpuSeconds(apiPid);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const windowEnd = performance.now();
  const cpu = cpuSeconds(apiPid) - cpuStart;
  await loop.stop();
  for (const req of requests) req.destroy();

  const maxGaps = updates.map((times) => {
    const inside = times.filter((t) => t >= windowStart && t <= windowEnd);
    const points = [windowStart, ...inside, windowEnd];
    let gap = 0;
    for (let i = 1; i < points.length; i++) gap = Math.max(gap, (points[i] ?? 0) - (points[i - 1] ?? 0));
    return gap;
  });
  const delivered = updates.reduce((sum, times) => sum + times.filter((t) => t >= windowStart && t <= windowEnd).length, 0);
  // Updates received per second of the window: a stall shows up as a hole.
  const perSecond = new Array<number>(seconds).fill(0);
  for (const times of updates) {
    for (const t of times) {
      const second = Math.floor((t - windowStart) / 1000);
      if (second >= 0 && second < seconds) perSecond[second] = (perSecond[second] ?? 0) + 1;
    }
  }
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const metric = (name: string) => Number(new RegExp(`^${name} ([\\d.e+-]+)$`, 'm').exec(metrics)?.[1] ?? Number.NaN);
  const tickCount = metric('waiting_room_stream_tick_seconds_count');
  return {
    streams: chosen.length,
    endedEarly: ended,
    openSeconds: round(openSeconds, 1),
    windowSeconds: seconds,
    updatesPerSecond: round(delivered / seconds),
    maxGapP50Ms: round(percentile(maxGaps, 50)),
    maxGapP99Ms: round(percentile(maxGaps, 99)),
    maxGapMaxMs: round(Math.max(...maxGaps)),
    streamsUpdatedWithin1s: round(maxGaps.filter((gap) => gap <= 1000).length / maxGaps.length, 4),
    apiCpuShare: round(cpu / seconds, 2),
    updatesPerSecondTimeline: perSecond,
    streamTicks: tickCount,
    streamTickMeanMs: round((metric('waiting_room_stream_tick_seconds_sum') / tickCount) * 1000),
    streamTicksOver500ms: tickCount - metric('waiting_room_stream_tick_seconds_bucket\\{le="0.5"\\}'),
  };
}

function redisBenchmark() {
  const out = runTool('redis-benchmark', ['-p', '56379', '-n', '200000', '-r', '1000000', '-c', '50', '-q', '--csv', 'ZADD', 'bench:rb', '__rand_int__', 'fan:__rand_int__']);
  const zadd = Number(/"ZADD[^"]*","([\d.]+)"/.exec(out)?.[1] ?? Number.NaN);
  const out2 = runTool('redis-benchmark', ['-p', '56379', '-n', '200000', '-r', '1000000', '-c', '50', '-q', '--csv', 'ZRANK', 'bench:rb', 'fan:__rand_int__']);
  const zrank = Number(/"ZRANK[^"]*","([\d.]+)"/.exec(out2)?.[1] ?? Number.NaN);
  runTool('redis-cli', ['-p', '56379', 'del', 'bench:rb']);
  return { zaddPerSecond: zadd, zrankPerSecond: zrank };
}

async function main() {
  await redis.flushdb();
  const eventId = await createEvent(30_000);
  await configureQueue(db.catalog, eventId, { enabled: true, opensAt: null, admissionRatePerSecond: Number(args['admission-rate']), memberPriority: true });
  const baseline = redisBenchmark();
  console.log('[bench] redis-benchmark', baseline);
  const memory = await fillQueue(eventId, Number(args.fans));
  console.log('[bench] queue filled', memory);

  const api = startApp('api', benchEnv);
  await waitForHttp(`http://127.0.0.1:${port}/healthz`);
  const rates = (args['join-rates'] ?? '').split(',').map(Number).filter((n) => n > 0);
  const joins = await joinsThroughApi(eventId, rates, Number(args['join-seconds']));
  console.log('[bench] joins through the API', joins.results);
  const ticks = await admissionTicks(eventId, Number(args['admission-rate']));
  console.log('[bench] admission ticks', ticks);
  const sse = await streams(eventId, joins.streamFans, Number(args.streams), Number(args['stream-seconds']), Number(args['admission-rate']), api.child.pid ?? 0);
  console.log('[bench] SSE streams', sse);
  await api.stop();

  await configureQueue(db.catalog, eventId, { enabled: false, opensAt: null, admissionRatePerSecond: 100, memberPriority: true });
  const result = { at: new Date().toISOString(), args, baseline, memory, joins: joins.results, ticks, sse };
  mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
  const file = join(repoRoot, 'bench', 'results', `waiting-room-${result.at.replaceAll(':', '-').slice(0, 19)}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`[bench] wrote ${file}`);
  await redis.flushdb();
  await redis.quit();
  await db.destroy();
}

await main();
