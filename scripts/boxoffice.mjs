#!/usr/bin/env node
// The two commands. Plain Node with no dependencies: it runs before anything is installed.
//   npm start [-- --full]   install, start engines, migrate, seed the demo set, serve api + web
//   npm test                install, start engines, run every test tier, stop what it started
//   npm run stop            stop the engines
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { aptInstall, EngineError, log as engineLog, portOpen, root, waitFor, which } from '../infra/lib/common.mjs';
import { profiles, startEngines, stopEngines } from '../infra/engines.mjs';
import { kafka } from '../infra/lib/kafka.mjs';
import { kafkaConnect } from '../infra/lib/kafka-connect.mjs';
import { opensearch } from '../infra/lib/opensearch.mjs';
import { ports as enginePorts } from '../infra/lib/ports.mjs';
import { postgres } from '../infra/lib/postgres.mjs';
import { redis } from '../infra/lib/redis.mjs';

const PNPM_VERSION = '10.34.9';
const toolsDir = join(root, '.data', 'tools');
const pnpmBin = join(toolsDir, 'node_modules', '.bin', 'pnpm');
const isCI = Boolean(process.env.CI);
// Child tools (turbo, scripts) find the same pnpm this script installed.
process.env.PATH = `${join(toolsDir, 'node_modules', '.bin')}:${process.env.PATH}`;

const say = (message) => process.stdout.write(`\n\x1b[1m▶ ${message}\x1b[0m\n`);

function fail(message) {
  process.stderr.write(`\n✖ ${message}\n`);
  process.exit(1);
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 10)) fail(`Node.js 20.10 or newer is needed (this is ${process.version}). Install it from https://nodejs.org or your package manager.`);
}

function sh(cmd, args, { env = process.env, cwd = root } = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', env, cwd });
  if (res.status !== 0) throw new EngineError(`${cmd} ${args.join(' ')} failed (exit ${res.status ?? res.signal})`);
}

/** pnpm is installed into .data/tools with the npm that ships with Node: nothing global is touched. */
function ensurePnpm() {
  if (existsSync(pnpmBin)) return;
  say(`Installing pnpm ${PNPM_VERSION} into .data/tools`);
  sh('npm', ['install', '--prefix', toolsDir, '--no-audit', '--no-fund', '--loglevel=error', `pnpm@${PNPM_VERSION}`]);
}

const pnpm = (args, opts) => sh(pnpmBin, args, opts);

function install() {
  ensurePnpm();
  say('Installing dependencies (pnpm install)');
  pnpm(['install', ...(isCI ? ['--frozen-lockfile'] : []), '--reporter=append-only'], {
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
}

/** Environment for one stack: the demo databases for `npm start`, throwaway ones for `npm test`. */
function stackEnv(kind) {
  const base = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.env.FORCE_COLOR ?? '1' };
  if (kind === 'test') {
    return {
      ...base,
      NODE_ENV: 'test',
      DATABASE_URL: process.env.TEST_DATABASE_URL ?? postgres.url('boxoffice_test'),
      SHARD_COUNT: process.env.TEST_SHARD_COUNT ?? '2',
      REDIS_URL: process.env.TEST_REDIS_URL ?? redis.url(1),
      OPENSEARCH_URL: opensearch.url(),
      LOG_LEVEL: 'warn',
    };
  }
  return {
    ...base,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    // Unix sockets: the apps share the machine with PostgreSQL and Redis (bench/README, "Unix sockets").
    DATABASE_URL: process.env.DATABASE_URL ?? postgres.socketUrl('boxoffice'),
    REDIS_URL: process.env.REDIS_URL ?? redis.socketUrl(0),
  };
}

const db = (args, env) => pnpm(['--filter', '@boxoffice/db', 'run', '--silent', 'db', ...args], { env });

function spawnApp(name, args, env) {
  const child = spawn(pnpmBin, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  child.on('exit', (code, signal) => {
    if (!child.stopping) process.stderr.write(`[${name}] exited (${code ?? signal})\n`);
  });
  return { name, child };
}

function stopApps(apps) {
  for (const { child } of apps) {
    child.stopping = true;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
  }
}

/** CDC settings of the full profile: the indexer feeds OpenSearch from Kafka (Debezium on Kafka Connect). */
const cdcEnv = (indexerPort) => ({
  KAFKA_BROKERS: kafka.brokers(),
  KAFKA_CONNECT_URL: kafkaConnect.url(),
  INDEXER_PORT: String(indexerPort),
});

/**
 * The CDC indexer; resolves once it is healthy: connector registered and running (its replication slot
 * exists), consumer group joined. Changes committed from then on reach the index.
 */
async function serveIndexer(env) {
  const app = spawnApp('indexer', ['--filter', '@boxoffice/indexer', 'run', '--silent', 'start'], env);
  try {
    await waitFor(
      'the CDC indexer',
      async () => {
        try {
          return (await fetch(`http://127.0.0.1:${env.INDEXER_PORT}/healthz`)).ok;
        } catch {
          return false;
        }
      },
      { timeoutMs: 120_000 },
    );
  } catch (error) {
    stopApps([app]);
    throw error;
  }
  return app;
}

/** Serve api, web and admin for an environment; resolves once all answer. */
async function serveStack(env, { apiPort, webPort, adminPort }) {
  const apiEnv = { ...env, PORT: String(apiPort), PAYMENTS_WEBHOOK_URL: `http://127.0.0.1:${apiPort}/webhooks/stripe` };
  const webEnv = { ...env, BOXOFFICE_API_URL: `http://127.0.0.1:${apiPort}`, WEB_PORT: String(webPort) };
  const adminEnv = { ...env, BOXOFFICE_API_URL: `http://127.0.0.1:${apiPort}`, ADMIN_PORT: String(adminPort) };
  const apps = [
    spawnApp('api', ['--filter', '@boxoffice/api', 'run', '--silent', 'start'], apiEnv),
    spawnApp('worker', ['--filter', '@boxoffice/worker', 'run', '--silent', 'start'], apiEnv),
    spawnApp('web', ['--filter', '@boxoffice/web', 'run', '--silent', 'serve'], webEnv),
    spawnApp('admin', ['--filter', '@boxoffice/admin', 'run', '--silent', 'serve'], adminEnv),
  ];
  try {
    await waitFor('the API', async () => {
      try {
        return (await fetch(`http://127.0.0.1:${apiPort}/healthz`)).ok;
      } catch {
        return false;
      }
    });
    await waitFor('the web app', () => portOpen(webPort));
    await waitFor('the admin app', () => portOpen(adminPort));
  } catch (error) {
    stopApps(apps);
    throw error;
  }
  return apps;
}

async function start(args) {
  const startedAt = Date.now();
  const full = args.includes('--full');
  checkNode();
  install();
  say(`Starting engines (${full ? 'full' : 'embedded'} profile)`);
  if (full) engineLog('full profile: search served by OpenSearch, loaded by a bulk reindex, then kept in step by CDC (Debezium -> Kafka -> apps/indexer)');
  const started = await startEngines(profiles[full ? 'full' : 'embedded']);
  const env = {
    ...stackEnv('dev'),
    ...(full ? { SEARCH_BACKEND: 'opensearch', OPENSEARCH_URL: opensearch.url(), ...cdcEnv(enginePorts.indexer) } : {}),
  };
  say('Migrating and seeding the demo set');
  db(['prepare'], env);
  db(['seed', 'demo'], env);
  // The indexer first (its consumer group then sees every change from here on), then the bulk load of what exists.
  const indexer = full ? [await serveIndexer(env)] : [];
  if (full) pnpm(['--filter', '@boxoffice/search', 'run', '--silent', 'search', 'reindex'], { env });
  const admin = spawnSync(pnpmBin, ['--filter', '@boxoffice/api', 'run', '--silent', 'demo-admin'], { cwd: root, env, encoding: 'utf8' });
  if (admin.status !== 0) throw new EngineError(`creating the demo admin failed:\n${admin.stderr}`);
  say('Serving');
  const ports = { apiPort: Number(process.env.PORT ?? 3000), webPort: enginePorts.web, adminPort: enginePorts.admin };
  const apps = [...indexer];
  try {
    apps.push(...(await serveStack(env, ports)));
  } catch (error) {
    stopApps(apps);
    throw error;
  }
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  process.stdout.write(
    [
      '',
      `  Boxoffice is ready (${seconds} s)`,
      `  Web         http://127.0.0.1:${ports.webPort}`,
      `  Admin       http://127.0.0.1:${ports.adminPort}   (staff: sign in with the admin login below)`,
      `  API         http://127.0.0.1:${ports.apiPort}   (health /healthz, metrics /metrics)`,
      `  REST docs   http://127.0.0.1:${ports.apiPort}/docs   (OpenAPI at /openapi.json)`,
      ...admin.stdout.trim().split('\n').map((line) => `  ${line}`),
      '',
      '  Ctrl-C stops the apps and the engines this command started.',
      '',
    ].join('\n'),
  );
  const shutdown = async () => {
    stopApps(apps);
    await stopEngines(started);
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

async function test() {
  const startedAt = Date.now();
  checkNode();
  install();
  say('Starting engines');
  const started = await startEngines(profiles.full);
  let apps = [];
  try {
    const env = stackEnv('test');
    say('Preparing the test databases (catalog + 2 shards)');
    db(['prepare'], env);
    db(['types', '--check'], env);
    sh('redis-cli', ['-u', env.REDIS_URL, 'flushdb'], { env });
    say('Lint and typecheck');
    pnpm(['exec', 'turbo', 'run', 'lint', 'typecheck', '--output-logs=errors-only'], { env });
    say('Unit and integration tests (real PostgreSQL, Redis, OpenSearch, Kafka, Kafka Connect + Debezium)');
    pnpm(['exec', 'turbo', 'run', 'test', '--concurrency=1', '--env-mode=loose', '--filter=!@boxoffice/e2e'], { env });
    say('End-to-end tests in Chromium');
    if (!which('chromium')) aptInstall(['chromium'], 'the end-to-end tests drive Debian\'s Chromium');
    // The browser tests search through PostgreSQL; CDC into OpenSearch has its own tests (apps/indexer).
    // A 45 s hold keeps the web hold-expiry test short; every other browser flow holds seats for under 15 s.
    apps = await serveStack({ ...env, HOLD_SECONDS: '45' }, { apiPort: 3100, webPort: 5183, adminPort: 5184 });
    pnpm(['--filter', '@boxoffice/e2e', 'run', 'test'], {
      env: { ...env, E2E_WEB_URL: 'http://127.0.0.1:5183', E2E_API_URL: 'http://127.0.0.1:3100', E2E_ADMIN_URL: 'http://127.0.0.1:5184' },
    });
    say(`All tiers passed in ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
  } finally {
    stopApps(apps);
    await stopEngines(started);
  }
}

const [command, ...rest] = process.argv.slice(2);
const commands = { start, test, stop: () => stopEngines(profiles.full) };
if (!commands[command]) fail(`unknown command "${command}": use start, test or stop`);
Promise.resolve(commands[command](rest)).catch((error) => {
  fail(error instanceof EngineError ? error.message : error.stack);
});
