// Reserve benchmark: open-model load of POST /reserve on one hot event, next to pgbench running
// the same conditional UPDATE in the same run. Not a test: run it by hand (see bench/README.md).
//   pnpm --filter @boxoffice/bench reserve -- --rate 2000 --duration 10 --taken-share 0.2
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTokenSigner } from '@boxoffice/auth';
import { apiEnv, parseEnv, repoRoot } from '@boxoffice/config';
import { connectDatabases } from '@boxoffice/db';
import { sql } from 'kysely';
import { startBareFastify } from './lib/bare';
import { type CpuGroups, cpuBetween, cpuSnapshot, pidsMatching } from './lib/cpu';
import { runOpenLoad } from './lib/open-load';
import { runVegeta } from './lib/vegeta';
import { runTool, startApp, waitForHttp } from './lib/processes';
import { percentile, round } from './lib/stats';
import { benchDatabaseUrl, benchRedisUrl, pgbenchHost, redisAofRewrites } from './lib/engines';
import { cliArgs } from './lib/cli';

const { values: args } = parseArgs({
  args: cliArgs(),
  options: {
    rate: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '10' },
    'taken-share': { type: 'string', default: '0.2' },
    seats: { type: 'string', default: '10000' },
    workers: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '64' },
    // Every fan has a connection of their own: a small pool would cap requests in flight, not the server.
    connections: { type: 'string', default: '1024' },
    'api-processes': { type: 'string', default: '1' },
    'pgbench-seconds': { type: 'string', default: '10' },
    'batch-max': { type: 'string', default: '128' },
    /** RESERVE_BATCH_SPACING_MS: least time between an event's reserve jobs under load (0: none). */
    'batch-spacing': { type: 'string', default: '30' },
    /** vegeta (Go, cheap) or node (undici, the load generator used before 2026-11-30). */
    load: { type: 'string', default: 'vegeta' },
  },
});
const rate = Number(args.rate);
const duration = Number(args.duration);
const takenShare = Number(args['taken-share']);
const port = 3300;
const databaseUrl = benchDatabaseUrl;
const benchEnv = {
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl,
  SHARD_COUNT: '2',
  REDIS_URL: benchRedisUrl(2),
  PORT: String(port),
  LOG_LEVEL: 'warn',
  DB_POOL_SIZE: '40',
  RESERVE_CONCURRENCY: args.concurrency,
  RESERVE_WAIT_MS: '10000',
  RESERVE_BATCH_MAX: args['batch-max'] ?? '128',
  RESERVE_BATCH_SPACING_MS: args['batch-spacing'] ?? '30',
  API_PROCESSES: args['api-processes'] ?? '1',
  JWT_SECRET: parseEnv(apiEnv, {}).JWT_SECRET,
  STRIPE_WEBHOOK_SECRET: parseEnv(apiEnv, {}).STRIPE_WEBHOOK_SECRET,
};

const manifest = JSON.parse(readFileSync(join(repoRoot, '.data', 'scale-seed.json'), 'utf8')) as { hotEvents: { id: string; seats: number }[] };
const hot = manifest.hotEvents.find((event) => event.seats === Number(args.seats));
if (!hot) throw new Error(`no hot event of ${args.seats} seats: run \`pnpm --filter @boxoffice/db db seed scale\` with DATABASE_URL=${databaseUrl} SHARD_COUNT=2`);

const db = connectDatabases(parseEnv(apiEnv, benchEnv));
const shard = db.shards.forEvent(hot.id);

async function resetEvent() {
  await shard.db.deleteFrom('payments').where('reservation_id', 'in', shard.db.selectFrom('reservations').select('id').where('event_id', '=', hot?.id ?? '')).execute();
  await shard.db.deleteFrom('orders').where('event_id', '=', hot?.id ?? '').execute();
  await shard.db.updateTable('tickets').set({ status: 'available', reservation_id: null }).where('event_id', '=', hot?.id ?? '').execute();
  await shard.db.deleteFrom('reservations').where('event_id', '=', hot?.id ?? '').execute();
  await sql`vacuum analyze tickets`.execute(shard.db);
  runTool('redis-cli', ['-n', '2', '-p', '56379', 'flushdb']);
}

/** Tickets in seat order, so a fresh request asks for neighbours as a fan would. */
const seats = (
  await shard.db.selectFrom('tickets').select('id').where('event_id', '=', hot.id).orderBy('section').orderBy('row_label').orderBy('seat_number').execute()
).map((row) => row.id);

const signer = createTokenSigner(benchEnv.JWT_SECRET, 3600);
const total = Math.round(rate * duration);
/** Every request is a different fan with a signed access token, as on a real on-sale. */
const fans = await Promise.all(
  Array.from({ length: total }, async () => {
    const id = randomUUID();
    return { id, token: (await signer.sign({ id, email: `${id}@bench.test`, role: 'customer', isMember: false })).token };
  }),
);

/** Request i: fan i asks for 1-4 seats, the next ones in seat order or (`--taken-share`) seats already asked for. */
function reserveRequests() {
  let cursor = 0;
  const requested: string[] = [];
  const plan = (i: number) => {
    const size = 1 + (i % 4);
    let ticketIds: string[];
    if (Math.random() < takenShare && requested.length > size) {
      const start = Math.floor(Math.random() * (requested.length - size));
      ticketIds = requested.slice(start, start + size);
    } else {
      ticketIds = seats.slice(cursor, cursor + size);
      cursor = (cursor + size) % (seats.length - 40);
      requested.push(...ticketIds);
    }
    return ticketIds;
  };
  return (i: number) => {
    const fan = fans[i] as { id: string; token: string };
    return {
      path: '/reserve',
      body: JSON.stringify({ eventID: hot?.id, userID: fan.id, ticketIDs: plan(i) }),
      headers: { authorization: `Bearer ${fan.token}` },
    };
  };
}

/** The fixed-rate load of reserve requests against a port, with the CPU each group of processes spent meanwhile. */
async function reserveLoad(target: number, cpuGroups: CpuGroups) {
  let cpuBefore = cpuSnapshot(cpuGroups);
  let cpuAfter = cpuBefore;
  let rewritesBefore = 0;
  let rewritesAfter = 0;
  const { samples, elapsedMs } = await (args.load === 'node' ? runOpenLoad : runVegeta)({
    url: `http://127.0.0.1:${target}`,
    rate,
    durationSeconds: duration,
    connections: Number(args.connections),
    // The rewrite count is read outside the CPU window (it costs a redis-cli process).
    onLoadStart: () => {
      rewritesBefore = redisAofRewrites();
      cpuBefore = cpuSnapshot(cpuGroups);
    },
    onLoadEnd: () => {
      cpuAfter = cpuSnapshot(cpuGroups);
      rewritesAfter = redisAofRewrites();
    },
    request: reserveRequests(),
  });
  return { samples, elapsedMs, cpu: cpuBetween(cpuBefore, cpuAfter), redisAofRewrites: rewritesAfter - rewritesBefore };
}

const cpuSummary = (cpu: ReturnType<typeof cpuBetween>, answered: number) => ({
  wallSeconds: round(cpu.wallSeconds, 2),
  /** Share of the machine's cores busy in each group over the load. */
  coresBusy: Object.fromEntries(Object.entries(cpu.cpuSeconds).map(([name, s]) => [name, round(s / cpu.wallSeconds, 2)])),
  /** CPU milliseconds per answered request. */
  msPerRequest: Object.fromEntries(Object.entries(cpu.cpuSeconds).map(([name, s]) => [name, round((s * 1000) / answered, 3)])),
});

/**
 * Baseline in the same run: a bare Fastify POST /reserve that parses the same bodies and answers 201
 * with a reservation-shaped body, under the same load (rate, duration, connections, generator). Its
 * CPU per request is the floor of any HTTP route on this stack; the API's figure above it is ours.
 */
async function benchBare() {
  const barePort = 3398;
  const bare = startBareFastify(barePort, [
    "const { randomUUID } = require('node:crypto');",
    "app.post('/reserve', async (request, reply) => reply.status(201).send({ reservationID: randomUUID(), expiresIn: 900, expiresAt: new Date(Date.now() + 900000).toISOString(), ticketIDs: request.body.ticketIDs }));",
  ]);
  await waitForHttp(`http://127.0.0.1:${barePort}/healthz`);
  const { samples, elapsedMs, cpu } = await reserveLoad(barePort, { server: () => (bare.child.pid ? [bare.child.pid] : []), loadGenerator: () => [process.pid] });
  await bare.stop();
  return {
    requests: samples.length,
    ok: samples.filter((s) => s.status === 201).length,
    answeredPerSecond: round(samples.length / (elapsedMs / 1000)),
    latencyMs: { p50: round(percentile(samples.map((s) => s.latencyMs), 50)), p99: round(percentile(samples.map((s) => s.latencyMs), 99)) },
    cpu: cpuSummary(cpu, samples.length),
  };
}

async function benchReserve() {
  await resetEvent();
  const workerMetricsPort = (k: number) => 3320 + k;
  const workers = Array.from({ length: Number(args.workers) }, (_, k) => startApp('worker', { ...benchEnv, METRICS_PORT: String(workerMetricsPort(k)) }));
  const api = startApp('api', benchEnv);
  await waitForHttp(`http://127.0.0.1:${port}/healthz`);
  // Warm up: open the event's queue and JIT the paths with a few requests on the last seats.
  for (let i = 0; i < 20; i++) {
    const fan = fans[i] as { id: string; token: string };
    await fetch(`http://127.0.0.1:${port}/reserve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fan.token}` },
      body: JSON.stringify({ eventID: hot?.id, userID: fan.id, ticketIDs: [seats[seats.length - 1 - i]] }),
    });
  }
  // Where each request's CPU goes, whatever else shares the machine.
  const { samples, elapsedMs, cpu, redisAofRewrites } = await reserveLoad(port, {
    api: () => pidsMatching(/^\S*node .*src\/main\.ts/).filter((pid) => api.child.pid === pid || isChildOf(pid, api.child.pid)),
    worker: () => workers.flatMap((w) => (w.child.pid ? [w.child.pid] : [])),
    // The bench shards' backends and the cluster's writers; other databases' sessions are someone else's.
    postgres: () => pidsMatching(/^postgres: (\S+ boxoffice_bench_shard_|walwriter|background writer|checkpointer)/),
    redis: () => pidsMatching(/^\S*redis-server /),
    loadGenerator: () => [process.pid],
  });
  const batches = await reserveBatches(workers.map((_, k) => workerMetricsPort(k)));
  await api.stop();
  await Promise.all(workers.map((w) => w.stop()));

  const held = samples.filter((s) => s.status === 201);
  const conflicts = samples.filter((s) => s.status === 409);
  // Seats run out, so holds/s is completed holds over the time until the last hold was answered
  // (not until it was sent: under an open model that would only measure the offered rate).
  const windowSeconds = Math.max(...held.map((s) => s.doneAtMs)) / 1000 || duration;
  const heldSeats = held.reduce((sum, s) => sum + (JSON.parse(s.body).ticketIDs?.length ?? 0), 0);
  const oversold = await oversoldSeats();
  return {
    requests: samples.length,
    elapsedSeconds: round(elapsedMs / 1000, 2),
    statuses: Object.fromEntries([...new Set(samples.map((s) => s.status))].map((st) => [st, samples.filter((s) => s.status === st).length])),
    held: held.length,
    heldSeats,
    windowSeconds: round(windowSeconds, 2),
    holdsPerSecond: round(held.length / windowSeconds),
    conflictRate: round(conflicts.length / samples.length, 3),
    answeredPerSecond: round(samples.length / (elapsedMs / 1000)),
    latencyMs: { p50: round(percentile(samples.map((s) => s.latencyMs), 50)), p99: round(percentile(samples.map((s) => s.latencyMs), 99)), max: round(Math.max(...samples.map((s) => s.latencyMs))) },
    oversold,
    batches,
    redisAofRewrites,
    cpu: cpuSummary(cpu, samples.length),
  };
}

/** API_PROCESSES > 1 forks: count the children with their primary. */
function isChildOf(pid: number, parent: number | undefined): boolean {
  try {
    return parent !== undefined && Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]) === parent;
  } catch {
    return false;
  }
}

/** Reserve jobs and the requests they carried, from the workers' booking_reserve_batch_size histogram. */
async function reserveBatches(ports: number[]) {
  let jobs = 0;
  let requests = 0;
  let busySeconds = 0;
  for (const port of ports) {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    jobs += Number(/^booking_reserve_batch_size_count (\d+)/m.exec(text)?.[1] ?? 0);
    requests += Number(/^booking_reserve_batch_size_sum (\d+)/m.exec(text)?.[1] ?? 0);
    busySeconds += Number(/^worker_job_duration_seconds_sum\{kind="reserve"\} ([\d.e+-]+)/m.exec(text)?.[1] ?? 0);
  }
  return { jobs, requests, meanSize: round(requests / Math.max(1, jobs), 2), meanJobMs: round((busySeconds * 1000) / Math.max(1, jobs), 1) };
}

/** Seats claimed by more than one live reservation, or reserved without one that lists them. */
async function oversoldSeats(): Promise<number> {
  // Fresh statistics first: the reset left them saying every seat is available, and with that
  // estimate the planner checks each taken seat against every claim in a nested loop (minutes).
  await sql`analyze tickets, reservations`.execute(shard.db);
  const row = await sql<{ doubled: number; orphaned: number }>`
    with claims as (
      select unnest(ticket_ids) as ticket_id, id from reservations where event_id = ${hot?.id} and status in ('held', 'payment_pending', 'confirmed')
    )
    select
      (select count(*)::int from (select ticket_id from claims group by ticket_id having count(*) > 1) d) as doubled,
      (select count(*)::int from tickets t where t.event_id = ${hot?.id} and t.status <> 'available'
         and not exists (select 1 from claims c where c.ticket_id = t.id and c.id = t.reservation_id)) as orphaned`.execute(shard.db);
  const result = row.rows[0];
  return (result?.doubled ?? 0) + (result?.orphaned ?? 0);
}

/** pgbench runs the worker's conditional UPDATE of 1-4 seats with as many clients as the workers write with. */
async function benchPgbench() {
  await resetEvent();
  await sql`drop table if exists bench_seats`.execute(shard.db);
  await sql`create table bench_seats as select row_number() over (order by section, row_label, seat_number)::int as n, id from tickets where event_id = ${hot?.id}`.execute(shard.db);
  await sql`create unique index on bench_seats (n)`.execute(shard.db);
  const script = join(repoRoot, '.data', 'bench-reserve.sql');
  writeFileSync(
    script,
    [
      '\\set k random(1, 4)',
      `\\set n random(1, ${seats.length - 4})`,
      // The same conditional write as a hold; status stays available so every transaction really updates.
      "update tickets t set version = t.version + 1 from bench_seats b where b.n between :n and :n + :k - 1 and t.id = b.id and t.status = 'available' and t.version = t.version;",
      '',
    ].join('\n'),
  );
  const clients = Number(args.concurrency) * Number(args.workers);
  const out = runTool('pgbench', ['-h', pgbenchHost, '-p', '55432', '-U', 'boxoffice', '-n', '-c', String(clients), '-j', '2', '-T', args['pgbench-seconds'] ?? '10', '-f', script, new URL(shard.url).pathname.slice(1)]);
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
  const latency = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
  await sql`drop table bench_seats`.execute(shard.db);
  return { clients, tps: round(tps), latencyAvgMs: latency };
}

function serverSide(reserve: Awaited<ReturnType<typeof benchReserve>>) {
  const { api = 0, worker = 0, postgres = 0, redis = 0 } = reserve.cpu.msPerRequest;
  const msPerRequest = api + worker + postgres + redis;
  const cores = cpus().length;
  return { msPerRequest: round(msPerRequest, 3), holdsPerSecondAtFullMachine: round(((cores * 1000) / msPerRequest) * (1 - reserve.conflictRate)) };
}

const pgbench = await benchPgbench();
const bare = await benchBare();
const reserve = await benchReserve();
await db.destroy();
const result = {
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, node: process.version },
  params: { rate, duration, takenShare, seats: seats.length, workers: Number(args.workers), apiProcesses: Number(args['api-processes']), concurrency: Number(args.concurrency), connections: Number(args.connections), batchMax: Number(args['batch-max']), batchSpacingMs: Number(args['batch-spacing']), load: args.load },
  reserve,
  pgbench,
  bare,
  ratio: round(reserve.holdsPerSecond / pgbench.tps, 2),
  /** API CPU per request over the bare route's, ms: what our code adds to the HTTP floor. */
  apiOverBareMs: round((reserve.cpu.msPerRequest.api ?? 0) - (bare.cpu.msPerRequest.server ?? 0), 3),
  /**
   * An estimate, not a measurement: Boxoffice's own CPU per answered request (API, worker,
   * PostgreSQL, Redis; not the load generator, which in production runs elsewhere) and the holds/s
   * the machine's cores would give at that cost and this run's conflict rate.
   */
  serverSide: serverSide(reserve),
};
mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
const file = join(repoRoot, 'bench', 'results', `reserve-${result.at.replaceAll(':', '-').slice(0, 19)}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
console.log(`written to ${file}`);
process.exit(0);
