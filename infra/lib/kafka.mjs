// A private single-node Kafka in KRaft mode (one process is broker and controller) under .data/kafka,
// started from Maven Central jars (no distribution): infra/kafka/pom.xml resolves kafka_2.13 and its
// dependencies into .data/tools/kafka/lib; the storage is formatted once (kafka.tools.StorageTool), then
// kafka.Kafka runs. Clients on 127.0.0.1:59092, controller on 127.0.0.1:59093. A restart keeps the data.
//
// Also exports the JVM/Maven helpers kafka-connect.mjs shares (same toolchain, same jar resolution).

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import {
  alive,
  aptInstall,
  dataDir,
  EngineError,
  ensureDir,
  isRoot,
  javaTool,
  log,
  portOpen,
  readPid,
  root,
  run,
  sha256Of,
  spawnDetached,
  waitFor,
  which,
} from './common.mjs';
import { ports } from './ports.mjs';

// Kafka 4.3.1: kafkajs 2.2.4 (the indexer's client) was checked against it (produce, consume, group join,
// offset commit). Debezium 3.6.3.Final is built against Kafka 4.3.0. Keep in step with infra/kafka/*.xml
// and docker/compose.yml (a test compares them).
export const kafkaVersion = '4.3.1';

const heap = process.env.BOXOFFICE_KAFKA_HEAP ?? '512m';
const srcDir = join(root, 'infra', 'kafka');
const pom = join(srcDir, 'pom.xml');
const libDir = join(dataDir, 'tools', 'kafka', 'lib');
const homeDir = join(dataDir, 'kafka');
const logDir = join(homeDir, 'data');
const configFile = join(homeDir, 'server.properties');
const pidFile = join(dataDir, 'kafka.pid');
const logFile = join(dataDir, 'kafka.log');
const mainClass = 'kafka.Kafka';

const installHint =
  'install a Java 17 runtime and Maven, e.g. `sudo apt-get install -y openjdk-17-jre-headless maven` ' +
  '(or set JAVA_HOME to a Java 17+ and put `mvn` on PATH), then run this again; ' +
  'or point KAFKA_BROKERS at a Kafka 3.x/4.x you already run';


/** java (17+) and mvn; installs them as root on Debian. */
export function jvmToolchain(what) {
  let java = javaTool('java');
  let mvn = which('mvn');
  const missing = [!java && 'openjdk-17-jre-headless', !mvn && 'maven'].filter(Boolean);
  if (missing.length) {
    if (!isRoot || !which('apt-get')) {
      throw new EngineError(
        `${what} needs ${[!java && 'java', !mvn && 'mvn'].filter(Boolean).join(' and ')}: ${installHint}.`,
      );
    }
    aptInstall(missing, `${what} needs Java 17 and Maven`);
    java = javaTool('java');
    mvn = which('mvn');
  }
  if (!java || !mvn) throw new EngineError(`java or mvn is still missing: ${installHint}.`);
  const res = spawnSync(java, ['-XshowSettings:properties', '-version'], { encoding: 'utf8' });
  const spec = /java\.specification\.version = (\d+)/.exec(`${res.stderr}${res.stdout}`)?.[1];
  if (!spec || Number(spec) < 17) {
    throw new EngineError(
      `${what} needs Java 17 or newer, but ${java} is Java ${spec ?? '(unknown)'}: ${installHint}.`,
    );
  }
  return { java, mvn, javaVersion: Number(spec) };
}

/**
 * `mvn dependency:copy-dependencies` of a pom into a folder, once per pom content (a stamp holds its hash).
 * `expectJar` must be there afterwards; `exclude` lists groupIds left out (a Connect plugin's provided API).
 */
export function resolveJars(mvn, { pomFile, into, expectJar, what, exclude = [] }) {
  const stamp = join(into, '.resolved');
  const want = sha256Of(pomFile);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === want) return;
  log(`resolving ${what} jars with Maven into ${into} (about 40 MB on a first run)`);
  const started = Date.now();
  rmSync(into, { recursive: true, force: true });
  ensureDir(into);
  run(mvn, [
    '-B',
    '-q',
    '-Dstyle.color=never',
    '-f',
    pomFile,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${into}`,
    '-DincludeScope=runtime',
    ...(exclude.length ? [`-DexcludeGroupIds=${exclude.join(',')}`] : []),
  ]);
  if (!existsSync(join(into, expectJar))) {
    throw new EngineError(`Maven finished but ${into} has no ${expectJar}; see the output above.`);
  }
  writeFileSync(stamp, `${want}\n`);
  log(
    `${readdirSync(into).filter((f) => f.endsWith('.jar')).length} ${what} jars resolved in ${Math.round((Date.now() - started) / 1000)} s`,
  );
}

/** Log4j 2 to the console (the engine's stdout is its .data/*.log), INFO with the chattiest loggers at WARN. */
export function log4jConfig(quiet = []) {
  return [
    'status = error',
    'appender.console.type = Console',
    'appender.console.name = console',
    'appender.console.layout.type = PatternLayout',
    'appender.console.layout.pattern = [%d{ISO8601}] %p %m (%c)%n',
    'rootLogger.level = info',
    'rootLogger.appenderRef.console.ref = console',
    ...quiet.flatMap((name, i) => [`logger.q${i}.name = ${name}`, `logger.q${i}.level = warn`]),
    '',
  ].join('\n');
}

/** A process we started (its command line names our main class), not a stranger that reused the pid. */
export function isOurs(pid, main) {
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline)) return alive(pid);
  return readFileSync(cmdline, 'utf8').includes(main);
}

export function logTail(file, lines = 25) {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/** SIGTERM, then SIGKILL after `timeoutMs` (a clean stop flushes logs and releases the data folder lock). */
export async function stopJvm({ name, pidFile: file, main, timeoutMs = 60_000 }) {
  const pid = readPid(file);
  if (pid === null) return;
  if (alive(pid) && isOurs(pid, main)) {
    log(`stopping ${name}`);
    process.kill(pid, 'SIGTERM');
    await waitFor(`${name} to stop`, async () => !alive(pid), { timeoutMs }).catch(() => {
      if (alive(pid)) {
        log(`${name} did not stop within ${timeoutMs / 1000} s; killing it`);
        process.kill(pid, 'SIGKILL');
      }
    });
  }
  rmSync(file, { force: true });
}

/** Starts a detached JVM, records its pid, and waits for `ready()`; kills it again if it never gets there. */
export async function startJvm({
  name,
  java,
  args,
  cwd,
  pidFile: file,
  logFile: out,
  ready,
  timeoutMs = 120_000,
}) {
  const fd = openSync(out, 'a');
  const child = spawnDetached(java, args, { cwd, stdio: ['ignore', fd, fd] });
  writeFileSync(file, `${child.pid}\n`);
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = signal ?? code;
  });
  await waitFor(
    name,
    async () => {
      if (exited !== null) {
        rmSync(file, { force: true });
        throw new EngineError(
          `${name} exited (${exited}) while starting; last lines of ${out}:\n${logTail(out)}`,
        );
      }
      return ready();
    },
    { timeoutMs, intervalMs: 250 },
  ).catch((error) => {
    if (exited === null && child.pid) {
      process.kill(child.pid, 'SIGKILL');
      rmSync(file, { force: true });
    }
    throw error;
  });
}

/**
 * True when a Kafka broker answers an ApiVersions request (v0: key 18, no body) with error code 0: the
 * socket alone opens before the broker can serve clients.
 */
/** The java command line of a Kafka-family server: fixed heap, G1, log4j2 config and tmp under its home. */
export function jvmArgs({ heap, homeDir, extraOpts = '', libDir, mainClass, configFile }) {
  return [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${join(homeDir, 'log4j2.properties')}`,
    `-Djava.io.tmpdir=${ensureDir(join(homeDir, 'tmp'))}`,
    ...extraOpts.split(/\s+/).filter(Boolean),
    '-cp',
    `${libDir}/*`,
    mainClass,
    configFile,
  ];
}

export function kafkaAnswers(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolveAnswer) => {
    const clientId = Buffer.from('boxoffice-infra');
    const request = Buffer.alloc(4 + 2 + 2 + 4 + 2 + clientId.length);
    request.writeInt32BE(request.length - 4, 0);
    request.writeInt16BE(18, 4); // ApiVersions
    request.writeInt16BE(0, 6); // version 0 (every broker still answers it, with its supported range)
    request.writeInt32BE(1, 8); // correlation id
    request.writeInt16BE(clientId.length, 12);
    clientId.copy(request, 14);
    const socket = net.connect({ port, host });
    let received = Buffer.alloc(0);
    const done = (ok) => {
      socket.destroy();
      resolveAnswer(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 10) done(received.readInt32BE(4) === 1 && received.readInt16BE(8) === 0);
    });
  });
}

function writeConfig() {
  ensureDir(logDir);
  writeFileSync(
    configFile,
    [
      '# Boxoffice single-node Kafka, KRaft (written by infra/lib/kafka.mjs; edits are overwritten)',
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.bootstrap.servers=127.0.0.1:${ports.kafkaController}`,
      `listeners=PLAINTEXT://127.0.0.1:${ports.kafka},CONTROLLER://127.0.0.1:${ports.kafkaController}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${ports.kafka}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'inter.broker.listener.name=PLAINTEXT',
      `log.dirs=${logDir}`,
      // One node: every internal topic has one replica.
      'offsets.topic.replication.factor=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'num.partitions=1',
      // A consumer group of one (the indexer) should not wait 3 s for more members on every (re)start.
      'group.initial.rebalance.delay.ms=0',
      // Change topics are replayable for a week, then compacted away by age; small segments for a dev disk.
      'log.retention.hours=168',
      'log.segment.bytes=67108864',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(homeDir, 'log4j2.properties'),
    log4jConfig(['kafka.log', 'org.apache.kafka.storage', 'state.change.logger']),
  );
}

/** Formats the storage folder once (KRaft needs a cluster id and the controller's metadata before the first start). */
function formatOnce(java) {
  if (existsSync(join(logDir, 'meta.properties'))) return;
  const clusterId = randomBytes(16).toString('base64url'); // Kafka's Uuid text form: 22 base64url chars
  log(`formatting Kafka storage in ${logDir} (cluster ${clusterId})`);
  run(
    java,
    [
      `-Dlog4j2.configurationFile=${join(homeDir, 'log4j2.properties')}`,
      '-cp',
      `${libDir}/*`,
      'kafka.tools.StorageTool',
      'format',
      '--cluster-id',
      clusterId,
      '--config',
      configFile,
      '--standalone',
    ],
    { quiet: true },
  );
}

const brokers = () => process.env.KAFKA_BROKERS ?? `127.0.0.1:${ports.kafka}`;

export const kafka = {
  name: 'kafka',
  skip: () => (process.env.KAFKA_BROKERS ? 'KAFKA_BROKERS is set; using that cluster' : null),
  async status() {
    return (await kafkaAnswers(ports.kafka)) ? `running on 127.0.0.1:${ports.kafka}` : 'stopped';
  },
  async start() {
    if (await kafkaAnswers(ports.kafka)) {
      log(`Kafka already running on 127.0.0.1:${ports.kafka}`);
      return false;
    }
    for (const port of [ports.kafka, ports.kafkaController]) {
      if (await portOpen(port)) {
        throw new EngineError(
          `port ${port} is taken by something that is not our Kafka; stop it or set BOXOFFICE_KAFKA_PORT / BOXOFFICE_KAFKA_CONTROLLER_PORT.`,
        );
      }
    }
    const started = Date.now();
    const { java, mvn, javaVersion } = jvmToolchain('Kafka');
    resolveJars(mvn, {
      pomFile: pom,
      into: libDir,
      expectJar: `kafka_2.13-${kafkaVersion}.jar`,
      what: `Kafka ${kafkaVersion}`,
    });
    writeConfig();
    formatOnce(java);
    log(
      `starting Kafka ${kafkaVersion} (KRaft, Java ${javaVersion}, heap ${heap}) on 127.0.0.1:${ports.kafka} (log: ${logFile})`,
    );
    await startJvm({
      name: 'Kafka',
      java,
      args: jvmArgs({ heap, homeDir, extraOpts: process.env.KAFKA_JAVA_OPTS, libDir, mainClass, configFile }),
      cwd: homeDir,
      pidFile,
      logFile,
      ready: () => kafkaAnswers(ports.kafka),
    });
    log(`Kafka is up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  },
  stop: () => stopJvm({ name: 'Kafka', pidFile, main: mainClass }),
  brokers,
  version: kafkaVersion,
};
