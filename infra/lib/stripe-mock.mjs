// stripe-mock (Stripe's official API mock) on loopback, built with `go install` into .data/tools/go/bin.
// It is stateless: it validates requests against Stripe's OpenAPI spec and answers fixtures.
import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  dataDir,
  EngineError,
  ensureDir,
  log,
  portOpen,
  root,
  run,
  spawnDetached,
  waitFor,
  which,
  alive,
  readPid as readCommonPid,
} from './common.mjs';

// v0.197.0 embeds API version 2025-09-30.clover, the same major release as the `stripe` SDK 19.3.1
// (2025-10-29.clover). Later tags embed the 2026 "dahlia" spec, which the SDK does not target.
export const stripeMockVersion = 'v0.197.0';

const httpPort = Number(process.env.BOXOFFICE_STRIPE_MOCK_PORT ?? 12111);
const httpsPort = Number(process.env.BOXOFFICE_STRIPE_MOCK_HTTPS_PORT ?? httpPort + 1);
const goRoot = join(root, '.data', 'tools', 'go');
const goBin = join(goRoot, 'bin');
const installedBin = join(goBin, 'stripe-mock');
const versionStamp = join(goBin, 'stripe-mock.version');
const pidFile = join(dataDir, 'stripe-mock.pid');
const logFile = join(dataDir, 'stripe-mock.log');

function findGo() {
  if (process.env.GO && existsSync(process.env.GO)) return process.env.GO;
  return which('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null);
}

function installedVersion() {
  return existsSync(installedBin) && existsSync(versionStamp)
    ? readFileSync(versionStamp, 'utf8').trim()
    : null;
}

function install() {
  const go = findGo();
  if (!go) {
    throw new EngineError(
      [
        `stripe-mock is not installed and Go (1.22 or newer) was not found. Either:`,
        `  - install Go: curl -fsSL https://go.dev/dl/go1.23.4.linux-amd64.tar.gz | sudo tar -C /usr/local -xz`,
        `    (see https://go.dev/dl/ for other systems), put /usr/local/go/bin on PATH (or set GO=/path/to/go), and run this again; or`,
        `  - run \`GOBIN=${goBin} go install github.com/stripe/stripe-mock@${stripeMockVersion}\` on a machine with Go; or`,
        `  - set STRIPE_MOCK_BIN to a stripe-mock binary you already have.`,
      ].join('\n'),
    );
  }
  ensureDir(goBin);
  log(
    `installing stripe-mock ${stripeMockVersion} with go install into ${goBin} (downloads and compiles; takes a minute or two)`,
  );
  const started = Date.now();
  run(go, ['install', '-v', `github.com/stripe/stripe-mock@${stripeMockVersion}`], {
    env: {
      ...process.env,
      GOBIN: goBin,
      GOPATH: goRoot,
      GOCACHE: join(goRoot, 'cache'),
      GOMODCACHE: join(goRoot, 'pkg', 'mod'),
      // Module caches are read-only by default, which makes `rm -rf .data` fail.
      GOFLAGS: [process.env.GOFLAGS, '-modcacherw'].filter(Boolean).join(' '),
      GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? 'auto',
    },
  });
  writeFileSync(versionStamp, `${stripeMockVersion}\n`);
  log(`stripe-mock ${stripeMockVersion} installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

function binary() {
  if (process.env.STRIPE_MOCK_BIN) {
    if (!existsSync(process.env.STRIPE_MOCK_BIN))
      throw new EngineError(`STRIPE_MOCK_BIN=${process.env.STRIPE_MOCK_BIN} does not exist.`);
    return process.env.STRIPE_MOCK_BIN;
  }
  if (installedVersion() !== stripeMockVersion) install();
  return installedBin;
}

const readPid = () => readCommonPid(pidFile);

const answering = () => portOpen(httpPort);

export const stripeMock = {
  name: 'stripe-mock',
  skip: () => (process.env.STRIPE_MOCK_URL ? 'STRIPE_MOCK_URL is set; using that server' : null),
  async status() {
    return (await answering()) ? `running on 127.0.0.1:${httpPort} (https ${httpsPort})` : 'stopped';
  },
  async start() {
    const bin = binary();
    if (await answering()) {
      log(`stripe-mock already running on 127.0.0.1:${httpPort}`);
      return false;
    }
    ensureDir(dataDir);
    const out = openSync(logFile, 'a');
    log(`starting stripe-mock ${stripeMockVersion} on 127.0.0.1:${httpPort} (log: ${logFile})`);
    const child = spawnDetached(
      bin,
      ['-http-addr', `127.0.0.1:${httpPort}`, '-https-addr', `127.0.0.1:${httpsPort}`],
      { stdio: ['ignore', out, out] },
    );
    writeFileSync(pidFile, `${child.pid}\n`);
    await waitFor('stripe-mock', async () => {
      if (child.exitCode !== null) {
        throw new EngineError(`stripe-mock exited with ${child.exitCode}; see ${logFile}`);
      }
      return answering();
    });
    return true;
  },
  async stop() {
    const pid = readPid();
    if (pid === null) return;
    if (alive(pid)) {
      log('stopping stripe-mock');
      process.kill(pid, 'SIGTERM');
      await waitFor('stripe-mock to stop', async () => !alive(pid), { timeoutMs: 10_000 }).catch(() => {
        if (alive(pid)) process.kill(pid, 'SIGKILL');
      });
    }
    rmSync(pidFile, { force: true });
  },
  url: () => process.env.STRIPE_MOCK_URL ?? `http://127.0.0.1:${httpPort}`,
  version: stripeMockVersion,
};
