// What waiting costs on this machine: the CPU of one request/answer over loopback between two Node
// processes (undici → a bare Fastify route), one at a time, when the server answers at once or after
// a 1 or 4 ms timer; and of a bare 1 or 4 ms timer in this process. At 200 uncached searches a second
// every process on the path waits between requests, and each wait's wake-up is paid in CPU.
// Not a test: run it by hand (see bench/README.md).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '@boxoffice/config';
import { Pool } from 'undici';
import { startBareFastify } from './lib/bare';
import { cliArgs } from './lib/cli';
import { cpuBetween, cpuSnapshot } from './lib/cpu';
import { waitForHttp } from './lib/processes';
import { round } from './lib/stats';

const { values: args } = parseArgs({ args: cliArgs(), options: { requests: { type: 'string', default: '3000' } } });
const requests = Number(args.requests);
const port = 3324;

const server = startBareFastify(port, [
  "app.get('/wait', async (request) => { const ms = Number(request.query.ms); if (ms > 0) await new Promise((r) => setTimeout(r, ms)); return { ok: true }; });",
]);
const url = `http://127.0.0.1:${port}`;
await waitForHttp(`${url}/healthz`);
const pool = new Pool(url, { connections: 1 });
const serverPid = server.child.pid as number;

async function requestsWaiting(ms: number) {
  const one = async () => {
    const res = await pool.request({ method: 'GET', path: `/wait?ms=${ms}` });
    await res.body.text();
  };
  // Thousands first: both processes' JIT is still compiling the request path for the first ones.
  for (let i = 0; i < 3000; i++) await one();
  const groups = { server: () => [serverPid] };
  const before = cpuSnapshot(groups);
  const client = process.cpuUsage();
  for (let i = 0; i < requests; i++) await one();
  const used = process.cpuUsage(client);
  const { wallSeconds, cpuSeconds } = cpuBetween(before, cpuSnapshot(groups));
  return {
    serverWaitMs: ms,
    clientCpuMs: round((used.user + used.system) / 1000 / requests, 3),
    serverCpuMs: round(((cpuSeconds.server ?? 0) * 1000) / requests, 3),
    wallMs: round((wallSeconds * 1000) / requests, 3),
  };
}

async function timerWakes(ms: number) {
  const count = Math.min(requests, 1000);
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) await new Promise((r) => setTimeout(r, ms));
  const used = process.cpuUsage(before);
  return { timerMs: ms, cpuMsPerWake: round((used.user + used.system) / 1000 / count, 3) };
}

const roundTrips = [];
for (const ms of [0, 1, 4]) roundTrips.push(await requestsWaiting(ms));
await pool.close();
await server.stop();
const timers = [await timerWakes(1), await timerWakes(4)];

const at = new Date().toISOString();
const result = { at, requests, roundTrips, timers };
const file = join(repoRoot, 'bench', 'results', `wake-cost-${at.replaceAll(':', '-').slice(0, 19)}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
console.log(`written to ${file}`);
