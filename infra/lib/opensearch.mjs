// A private single-node OpenSearch under .data/opensearch, started from Maven Central jars (no distribution):
// infra/opensearch/pom.xml resolves the server and the modules we need into .data/tools/opensearch/lib,
// infra/opensearch/BoxofficeOpenSearch.java (compiled into .data/tools/opensearch/classes) starts a node with
// them as classpath plugins. HTTP on 127.0.0.1:59200 (plain, no security plugin), transport on 59300.

import { spawnSync } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  readPid as readCommonPid,
  root,
  run,
  sha256Of,
  spawnDetached,
  waitFor,
  which,
} from './common.mjs';

// 2.19.6 is the newest OpenSearch that runs on Java 17 (3.x needs Java 21). Keep in step with pom.xml.
export const openSearchVersion = '2.19.6';

const httpPort = Number(process.env.BOXOFFICE_OPENSEARCH_PORT ?? 59200);
const transportPort = Number(process.env.BOXOFFICE_OPENSEARCH_TRANSPORT_PORT ?? 59300);
const heap = process.env.BOXOFFICE_OPENSEARCH_HEAP ?? '1g';

const srcDir = join(root, 'infra', 'opensearch');
const pom = join(srcDir, 'pom.xml');
const launcherSource = join(srcDir, 'BoxofficeOpenSearch.java');
const launcherClass = 'dev.boxoffice.infra.BoxofficeOpenSearch';
const toolsDir = join(dataDir, 'tools', 'opensearch');
const libDir = join(toolsDir, 'lib');
const classesDir = join(toolsDir, 'classes');
const libStamp = join(libDir, '.resolved');
const classesStamp = join(classesDir, '.compiled');
const homeDir = join(dataDir, 'opensearch');
const pidFile = join(dataDir, 'opensearch.pid');
const logFile = join(dataDir, 'opensearch.log');

const installHint =
  'install a Java 17 JDK and Maven, e.g. `sudo apt-get install -y openjdk-17-jdk-headless maven` ' +
  '(or set JAVA_HOME to a JDK 17+ and put `mvn` on PATH), then run this again; ' +
  'or point OPENSEARCH_URL at an OpenSearch 2.x you already run';


/** java + javac (a JDK, since the launcher is compiled here) and mvn; installs them as root on Debian. */
function toolchain() {
  let java = javaTool('java');
  let javac = javaTool('javac');
  let mvn = which('mvn');
  const missing = [!javac && 'openjdk-17-jdk-headless', !mvn && 'maven'].filter(Boolean);
  if (missing.length) {
    if (!isRoot || !which('apt-get')) {
      throw new EngineError(
        `OpenSearch needs ${[!java && 'java', !javac && 'javac (a JDK)', !mvn && 'mvn'].filter(Boolean).join(', ')}: ${installHint}.`,
      );
    }
    aptInstall(missing, 'OpenSearch needs a Java 17 JDK and Maven');
    java = javaTool('java');
    javac = javaTool('javac');
    mvn = which('mvn');
  }
  if (!java || !javac || !mvn) throw new EngineError(`java, javac or mvn is still missing: ${installHint}.`);
  const res = spawnSync(java, ['-XshowSettings:properties', '-version'], { encoding: 'utf8' });
  const spec = /java\.specification\.version = (\d+)/.exec(`${res.stderr}${res.stdout}`)?.[1];
  if (!spec || Number(spec) < 17) {
    throw new EngineError(
      `OpenSearch ${openSearchVersion} is run here on Java 17, but ${java} is Java ${spec ?? '(unknown)'}: ${installHint}.`,
    );
  }
  return { java, javac, mvn, javaVersion: Number(spec) };
}

function resolveJars(mvn) {
  const want = sha256Of(pom);
  if (existsSync(libStamp) && readFileSync(libStamp, 'utf8').trim() === want) return;
  log(
    `resolving OpenSearch ${openSearchVersion} jars with Maven into ${libDir} ` +
      '(64 jars, about 46 MB on a first run; took 6 s here, slower networks may need a minute or two)',
  );
  const started = Date.now();
  rmSync(libDir, { recursive: true, force: true });
  ensureDir(libDir);
  run(mvn, [
    '-B',
    '-f',
    pom,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${libDir}`,
    '-DincludeScope=runtime',
  ]);
  if (!existsSync(join(libDir, `opensearch-${openSearchVersion}.jar`))) {
    throw new EngineError(
      `Maven finished but ${libDir} has no opensearch-${openSearchVersion}.jar; see the output above.`,
    );
  }
  writeFileSync(libStamp, `${want}\n`);
  log(
    `${readdirSync(libDir).filter((f) => f.endsWith('.jar')).length} jars resolved in ${Math.round((Date.now() - started) / 1000)} s`,
  );
}

function compileLauncher(javac) {
  const want = sha256Of(pom, launcherSource);
  if (existsSync(classesStamp) && readFileSync(classesStamp, 'utf8').trim() === want) return;
  log('compiling the OpenSearch launcher');
  rmSync(classesDir, { recursive: true, force: true });
  ensureDir(classesDir);
  run(javac, ['-nowarn', '-d', classesDir, '-cp', `${libDir}/*`, launcherSource]);
  writeFileSync(classesStamp, `${want}\n`);
}

function writeConfig() {
  const config = ensureDir(join(homeDir, 'config'));
  ensureDir(join(homeDir, 'data'));
  ensureDir(join(homeDir, 'logs'));
  writeFileSync(
    join(config, 'opensearch.yml'),
    [
      '# Boxoffice single-node OpenSearch (written by infra/lib/opensearch.mjs; edits are overwritten)',
      'cluster.name: boxoffice',
      'node.name: boxoffice',
      `path.data: ${join(homeDir, 'data')}`,
      `path.logs: ${join(homeDir, 'logs')}`,
      'network.host: 127.0.0.1',
      `http.port: ${httpPort}`,
      `transport.port: ${transportPort}`,
      'discovery.type: single-node',
      // Small disks would otherwise flip indices to read-only at the 95% watermark.
      'cluster.routing.allocation.disk.threshold_enabled: false',
      'action.auto_create_index: false',
      '',
    ].join('\n'),
  );
  // Console only: the launcher's stdout is .data/opensearch.log.
  writeFileSync(
    join(config, 'log4j2.properties'),
    [
      'status = error',
      'appender.console.type = Console',
      'appender.console.name = console',
      'appender.console.layout.type = PatternLayout',
      'appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n',
      'rootLogger.level = info',
      'rootLogger.appenderRef.console.ref = console',
      // One line per index/shard change is noise at our test churn (an index per test run).
      'logger.pluginsService.name = org.opensearch.plugins.PluginsService',
      'logger.pluginsService.level = warn',
      'logger.deprecation.name = org.opensearch.deprecation',
      'logger.deprecation.level = error',
      '',
    ].join('\n'),
  );
}

/** The JVM flags that matter from the distribution's jvm.options, plus the heap. */
function jvmArgs(javaVersion) {
  return [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    // G1, as the distribution ships. The parallel and serial collectors cost the node 9-11% less CPU
    // per search here, but stop the world for a full collection of the old generation where G1 marks
    // it concurrently (bench/README, sixth session); BOXOFFICE_OPENSEARCH_GC=-XX:+UseParallelGC to try.
    process.env.BOXOFFICE_OPENSEARCH_GC ?? '-XX:+UseG1GC',
    '-Xss1m',
    '-Djava.awt.headless=true',
    '-Dfile.encoding=UTF-8',
    '-Djna.nosys=true',
    '-XX:-OmitStackTraceInFastThrow',
    '-Dio.netty.noUnsafe=true',
    '-Dio.netty.noKeySetOptimization=true',
    '-Dio.netty.recycler.maxCapacityPerThread=0',
    '-Dio.netty.allocator.numDirectArenas=0',
    '-Dlog4j.shutdownHookEnabled=false',
    '-Dlog4j2.disable.jmx=true',
    '-Dlog4j2.formatMsgNoLookups=true',
    // The distribution's date-parsing compatibility flag; the COMPAT provider is gone from Java 23.
    ...(javaVersion < 23 ? ['-Djava.locale.providers=SPI,COMPAT'] : []),
    `-Djava.io.tmpdir=${ensureDir(join(homeDir, 'tmp'))}`,
    ...(process.env.OPENSEARCH_JAVA_OPTS ?? '').split(/\s+/).filter(Boolean),
  ];
}

const baseUrl = () => process.env.OPENSEARCH_URL ?? `http://127.0.0.1:${httpPort}`;

/** Cluster health status ('green' | 'yellow' | 'red') or null when nothing answers as OpenSearch. */
async function health() {
  try {
    const res = await fetch(`http://127.0.0.1:${httpPort}/_cluster/health`, {
      signal: AbortSignal.timeout(2000),
    });
    if (!res.ok) return null;
    const body = await res.json();
    return typeof body.status === 'string' ? body.status : null;
  } catch {
    return null;
  }
}

const readPid = () => readCommonPid(pidFile);

/** Our launcher, not some other process that reused a stale pid (checked where /proc exists). */
function isOurs(pid) {
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline)) return alive(pid);
  return readFileSync(cmdline, 'utf8').includes(launcherClass);
}

function logTail(lines = 25) {
  if (!existsSync(logFile)) return '';
  return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
}

export const opensearch = {
  name: 'opensearch',
  skip: () => (process.env.OPENSEARCH_URL ? 'OPENSEARCH_URL is set; using that server' : null),
  async status() {
    const status = await health();
    return status ? `running on 127.0.0.1:${httpPort} (cluster ${status})` : 'stopped';
  },
  async start() {
    const current = await health();
    if (current) {
      log(`OpenSearch already running on 127.0.0.1:${httpPort} (cluster ${current})`);
      return false;
    }
    if (await portOpen(httpPort)) {
      throw new EngineError(
        `port ${httpPort} is taken by something that is not OpenSearch; stop it or set BOXOFFICE_OPENSEARCH_PORT.`,
      );
    }
    const started = Date.now();
    const { java, javac, mvn, javaVersion } = toolchain();
    resolveJars(mvn);
    compileLauncher(javac);
    writeConfig();

    const out = openSync(logFile, 'a');
    log(
      `starting OpenSearch ${openSearchVersion} (Java ${javaVersion}, heap ${heap}) on 127.0.0.1:${httpPort} (log: ${logFile})`,
    );
    const child = spawnDetached(
      java,
      [...jvmArgs(javaVersion), '-cp', `${classesDir}:${libDir}/*`, launcherClass, homeDir],
      {
        cwd: homeDir,
        stdio: ['ignore', out, out],
      },
    );
    writeFileSync(pidFile, `${child.pid}\n`);
    let exited = null;
    child.once('exit', (code, signal) => {
      exited = signal ?? code;
    });
    await waitFor(
      'OpenSearch',
      async () => {
        if (exited !== null) {
          rmSync(pidFile, { force: true });
          throw new EngineError(
            `OpenSearch exited (${exited}) while starting; last lines of ${logFile}:\n${logTail()}`,
          );
        }
        const status = await health();
        return status === 'green' || status === 'yellow';
      },
      { timeoutMs: 180_000, intervalMs: 500 },
    ).catch((error) => {
      // Do not leave a half-started node behind: the next start would find its data folder locked.
      if (exited === null && child.pid) {
        process.kill(child.pid, 'SIGKILL');
        rmSync(pidFile, { force: true });
      }
      throw error;
    });
    log(`OpenSearch is up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  },
  async stop() {
    const pid = readPid();
    if (pid === null) return;
    if (alive(pid) && isOurs(pid)) {
      log('stopping OpenSearch');
      process.kill(pid, 'SIGTERM');
      await waitFor('OpenSearch to stop', async () => !alive(pid), { timeoutMs: 45_000 }).catch(() => {
        if (alive(pid)) {
          log('OpenSearch did not stop within 45 s; killing it');
          process.kill(pid, 'SIGKILL');
        }
      });
    }
    rmSync(pidFile, { force: true });
  },
  url: baseUrl,
  version: openSearchVersion,
};
