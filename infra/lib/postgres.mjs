// A private PostgreSQL cluster under .data/postgres: loopback only, logical WAL for the CDC work.
import { existsSync, writeFileSync, appendFileSync, readFileSync, chownSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { aptInstall, dataDir, ensureDir, ensureTraversable, EngineError, fitsUnixSocket, isRoot, log, newestDir, run, waitFor } from './common.mjs';
import { ports } from './ports.mjs';

const pgData = join(dataDir, 'postgres');
const pgLog = join(dataDir, 'postgres.log');
const superuser = 'boxoffice';

function findBinDir() {
  if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, 'initdb'))) return process.env.PG_BIN;
  const versionDir = newestDir('/usr/lib/postgresql', (name) => /^\d+$/.test(name) && existsSync(join('/usr/lib/postgresql', name, 'bin', 'initdb')));
  return versionDir ? join(versionDir, 'bin') : null;
}

function binDir() {
  let dir = findBinDir();
  if (!dir) {
    aptInstall(['postgresql', 'postgresql-contrib'], 'PostgreSQL is not installed');
    dir = findBinDir();
  }
  if (!dir) throw new EngineError('PostgreSQL installed but initdb was not found under /usr/lib/postgresql/*/bin; set PG_BIN.');
  return dir;
}

// initdb and postgres refuse to run as root; Debian's package creates the `postgres` user for this.
const serviceUser = isRoot ? 'postgres' : null;

function asService(cmd, args, opts = {}) {
  return serviceUser ? run('runuser', ['-u', serviceUser, '--', cmd, ...args], opts) : run(cmd, args, opts);
}

const settings = `
# Boxoffice private cluster (written by infra/lib/postgres.mjs)
listen_addresses = '127.0.0.1'
port = ${ports.postgres}
unix_socket_directories = '${pgData}'
max_connections = 400
shared_buffers = 1GB
work_mem = 16MB
maintenance_work_mem = 256MB
max_wal_size = 4GB
checkpoint_timeout = 15min
wal_level = logical
max_wal_senders = 10
max_replication_slots = 10
log_min_duration_statement = 2000
# Short OLTP statements on one small machine: JIT compilation (tens of ms) costs more than the
# queries it would speed up, and the working set lives in memory, where a random read costs about
# what a sequential one does (the default 4 pushed search plans onto full scans).
jit = off
random_page_cost = 1.1
`;

export const postgres = {
  name: 'postgres',
  skip: () => (process.env.DATABASE_URL ? 'DATABASE_URL is set; using that server' : null),
  async status() {
    const bin = findBinDir();
    if (!bin || !existsSync(join(pgData, 'PG_VERSION'))) return 'not initialised';
    const res = spawnSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(ports.postgres), '-q']);
    return res.status === 0 ? `running on 127.0.0.1:${ports.postgres}` : 'stopped';
  },
  async start() {
    const bin = binDir();
    ensureDir(dataDir);
    if (serviceUser) ensureTraversable(dataDir, serviceUser);
    if (!existsSync(join(pgData, 'PG_VERSION'))) {
      log(`initialising a private PostgreSQL cluster in ${pgData}`);
      ensureDir(pgData);
      if (serviceUser) run('chown', ['-R', `${serviceUser}:`, pgData]);
      asService(join(bin, 'initdb'), ['-D', pgData, '-U', superuser, '--auth=trust', '--encoding=UTF8', '--no-locale'], { quiet: true });
      writeFileSync(join(pgData, 'boxoffice.conf'), settings);
      appendFileSync(join(pgData, 'postgresql.conf'), "\ninclude 'boxoffice.conf'\n");
      if (serviceUser) run('chown', [`${serviceUser}:`, join(pgData, 'boxoffice.conf')]);
    }
    // Settings of an existing cluster follow this file: rewritten whenever they differ.
    if (readFileSync(join(pgData, 'boxoffice.conf'), 'utf8') !== settings) {
      writeFileSync(join(pgData, 'boxoffice.conf'), settings);
    }
    const ready = () => spawnSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(ports.postgres), '-q']).status === 0;
    if (ready()) {
      log(`PostgreSQL already running on 127.0.0.1:${ports.postgres}`);
      return false;
    }
    if (!existsSync(pgLog)) writeFileSync(pgLog, '');
    if (serviceUser) chownSync(pgLog, Number(spawnSync('id', ['-u', serviceUser], { encoding: 'utf8' }).stdout.trim()), Number(spawnSync('id', ['-g', serviceUser], { encoding: 'utf8' }).stdout.trim()));
    log(`starting PostgreSQL on 127.0.0.1:${ports.postgres} (log: ${pgLog})`);
    asService(join(bin, 'pg_ctl'), ['-D', pgData, '-l', pgLog, '-w', '-t', '60', 'start'], { quiet: true });
    await waitFor('PostgreSQL', ready);
    return true;
  },
  async stop() {
    const bin = findBinDir();
    if (!bin || !existsSync(join(pgData, 'postmaster.pid'))) return;
    log('stopping PostgreSQL');
    asService(join(bin, 'pg_ctl'), ['-D', pgData, '-m', 'fast', '-w', 'stop'], { quiet: true, allowFail: true });
  },
  url: (database) => `postgres://${superuser}@127.0.0.1:${ports.postgres}/${database}`,
  /**
   * The same database over the cluster's Unix socket (node-postgres reads `?host=<directory>`; the
   * URL's host and port still name the server for tools that need TCP), or TCP where the path is too long.
   */
  socketUrl: (database) =>
    fitsUnixSocket(join(pgData, `.s.PGSQL.${ports.postgres}`)) ? `${postgres.url(database)}?host=${encodeURIComponent(pgData)}` : postgres.url(database),
  bin: () => binDir(),
};
