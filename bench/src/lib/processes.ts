import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@boxoffice/config';

export interface Running {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Start an app as production runs it: the app's own `start` script (`node <flags> src/main.ts`, e.g.
 * tsx as a loader and the API's and worker's young-generation size), run with this node binary.
 */
export function startApp(name: string, env: Record<string, string>): Running {
  const cwd = join(repoRoot, 'apps', name);
  const { scripts } = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [node, ...args] = scripts.start.split(' ').filter(Boolean);
  if (node !== 'node') throw new Error(`apps/${name}: expected a start script of the form "node <flags> src/main.ts", got ${scripts.start}`);
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the apps under load.
  const extra = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer`);
}

/** Run a command and return its stdout (for pgbench and redis-benchmark baselines). */
export function runTool(cmd: string, args: string[], env: Record<string, string> = {}): string {
  const res = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (res.status !== 0) throw new Error(`${cmd} failed: ${res.stderr}`);
  return res.stdout;
}
