// Shared helpers for the engine scripts. Plain Node (no dependencies): these run before `pnpm install`.
import { spawnSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync, chmodSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dataDir = join(root, '.data');
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export function log(message) {
  process.stdout.write(`[engines] ${message}\n`);
}

/** A Unix socket path fits a sockaddr_un (108 bytes on Linux, with room to spare); longer ones fall back to TCP. */
export const fitsUnixSocket = (path) => path.length < 100;

export class EngineError extends Error {}

/** Run a command, inheriting output so long steps (apt) show progress. Throws on failure. */
export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: opts.quiet ? 'pipe' : 'inherit', encoding: 'utf8', ...opts });
  if (res.error) throw new EngineError(`${cmd} could not start: ${res.error.message}`);
  if (res.status !== 0 && !opts.allowFail) {
    const out = opts.quiet ? `\n${res.stdout ?? ''}${res.stderr ?? ''}` : '';
    throw new EngineError(`${cmd} ${args.join(' ')} exited with ${res.status}${out}`);
  }
  return res;
}

export function which(cmd) {
  const res = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : null;
}

export function ensureDir(path) {
  mkdirSync(path, { recursive: true });
  return path;
}

let aptUpdated = false;
/** Install Debian packages, or explain exactly what to run when we cannot. */
export function aptInstall(packages, why) {
  if (!which('apt-get')) {
    throw new EngineError(`${why}: install ${packages.join(' ')} with your system's package manager, then run this again.`);
  }
  if (!isRoot) {
    throw new EngineError(
      `${why}: run \`sudo apt-get install -y ${packages.join(' ')}\` (root is needed for apt), then run this again.`,
    );
  }
  log(`installing ${packages.join(' ')} from Debian packages (${why})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    run('apt-get', ['update', '-q'], { env });
    aptUpdated = true;
  }
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], { env });
}

export function portOpen(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolvePort) => {
    const socket = net.connect({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolvePort(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function waitFor(what, check, { timeoutMs = 60_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastNote = Date.now();
  while (Date.now() < deadline) {
    if (await check()) return;
    if (Date.now() - lastNote > 5000) {
      log(`still waiting for ${what}...`);
      lastNote = Date.now();
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new EngineError(`${what} did not become healthy within ${Math.round(timeoutMs / 1000)} s`);
}

/**
 * A service user (when we run as root) must be able to reach its data folder. A clone in a
 * `mktemp -d` folder (mode 700) blocks that, so add search permission (x) where it is missing.
 */
export function ensureTraversable(path, user) {
  const parts = resolve(path).split('/').filter(Boolean);
  let current = '';
  for (const part of parts) {
    current += `/${part}`;
    if (!existsSync(current)) break;
    const res = spawnSync('runuser', ['-u', user, '--', 'test', '-x', current]);
    if (res.status !== 0) {
      const mode = statSync(current).mode;
      chmodSync(current, mode | 0o001);
      log(`added o+x to ${current} so the ${user} user can reach ${path}`);
    }
  }
}

export function spawnDetached(cmd, args, opts) {
  const child = spawn(cmd, args, { detached: true, stdio: 'ignore', ...opts });
  child.unref();
  return child;
}

export function newestDir(parent, filter = () => true) {
  if (!existsSync(parent)) return null;
  const entries = readdirSync(parent).filter(filter).sort((a, b) => Number(b) - Number(a) || b.localeCompare(a));
  return entries[0] ? join(parent, entries[0]) : null;
}

/** The pid in a pid file, or null when there is none (engines we start detached keep one). */
export function readPid(pidFile) {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SHA-256 of files' contents: a stamp that says whether what was resolved from them is current. */
export function sha256Of(...files) {
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(file));
  return hash.digest('hex');
}

/** A JDK tool: from JAVA_HOME when it is set and has it, otherwise from PATH. */
export function javaTool(name) {
  if (process.env.JAVA_HOME) {
    const bin = join(process.env.JAVA_HOME, 'bin', name);
    if (existsSync(bin)) return bin;
  }
  return which(name);
}
