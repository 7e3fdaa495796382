import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@boxoffice/config';

export interface BareServer {
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * A bare Fastify server (the API's own Fastify, no plugins, no logger) with the given route lines,
 * e.g. "app.get('/bare', async () => answer);", plus GET /healthz: the ceiling of any route of this
 * server stack, measured next to the real one in the same run. `env` reaches the routes' code.
 */
export function startBareFastify(port: number, routes: string[], env: Record<string, string> = {}): BareServer {
  const code = [
    "const app = require('fastify')({ logger: false });",
    ...routes,
    "app.get('/healthz', async () => ({ ok: true }));",
    "app.listen({ port: Number(process.env.BARE_PORT), host: '127.0.0.1' });",
  ].join('\n');
  // Run from apps/api so `require('fastify')` resolves to the API's own Fastify.
  const child = spawn(process.execPath, ['-e', code], { cwd: join(repoRoot, 'apps', 'api'), env: { ...process.env, ...env, BARE_PORT: String(port) }, stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
