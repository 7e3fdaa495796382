// A private Kafka Connect worker (distributed mode, one member) with the Debezium PostgreSQL connector, under
// .data/kafka-connect, started from Maven Central jars: infra/kafka/connect-pom.xml resolves the worker into
// .data/tools/kafka-connect/lib, infra/kafka/debezium-pom.xml the connector into a plugin.path folder so its
// dependencies stay isolated. REST API on 127.0.0.1:58083. Connector configs, source offsets and statuses
// live in Kafka topics, so a restart resumes where it stopped. The connector itself is registered by the
// indexer (apps/indexer, `register-connector`), idempotently, one per catalog database.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, EngineError, ensureDir, log, portOpen, root } from './common.mjs';
import {
  jvmArgs,
  jvmToolchain,
  kafkaAnswers,
  kafkaVersion,
  log4jConfig,
  resolveJars,
  startJvm,
  stopJvm,
} from './kafka.mjs';
import { ports } from './ports.mjs';

// Built against Kafka 4.3.0, targets Java 17. Keep in step with infra/kafka/debezium-pom.xml.
export const debeziumVersion = '3.6.3.Final';

const heap = process.env.BOXOFFICE_KAFKA_CONNECT_HEAP ?? '512m';
const srcDir = join(root, 'infra', 'kafka');
const libDir = join(dataDir, 'tools', 'kafka-connect', 'lib');
const pluginsDir = join(dataDir, 'tools', 'kafka-connect', 'plugins');
const debeziumDir = join(pluginsDir, 'debezium-connector-postgres');
const homeDir = join(dataDir, 'kafka-connect');
const configFile = join(homeDir, 'connect-distributed.properties');
const pidFile = join(dataDir, 'kafka-connect.pid');
const logFile = join(dataDir, 'kafka-connect.log');
const mainClass = 'org.apache.kafka.connect.cli.ConnectDistributed';

const restUrl = () => process.env.KAFKA_CONNECT_URL ?? `http://127.0.0.1:${ports.kafkaConnect}`;

/** True once the worker's herder answers (GET /connectors is 503 until it has joined its group). */
async function answers() {
  try {
    const res = await fetch(`http://127.0.0.1:${ports.kafkaConnect}/connectors`, {
      signal: AbortSignal.timeout(2000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

function writeConfig() {
  ensureDir(homeDir);
  writeFileSync(
    configFile,
    [
      '# Boxoffice Kafka Connect worker (written by infra/lib/kafka-connect.mjs; edits are overwritten)',
      `bootstrap.servers=${process.env.KAFKA_BROKERS ?? `127.0.0.1:${ports.kafka}`}`,
      'group.id=boxoffice-connect',
      // Plain JSON change events (no embedded schema): the indexer parses them with zod.
      'key.converter=org.apache.kafka.connect.json.JsonConverter',
      'value.converter=org.apache.kafka.connect.json.JsonConverter',
      'key.converter.schemas.enable=false',
      'value.converter.schemas.enable=false',
      'config.storage.topic=boxoffice-connect-configs',
      'offset.storage.topic=boxoffice-connect-offsets',
      'status.storage.topic=boxoffice-connect-status',
      'config.storage.replication.factor=1',
      'offset.storage.replication.factor=1',
      'status.storage.replication.factor=1',
      // Source offsets (the replication slot position Debezium acknowledges) are flushed every second:
      // fewer duplicates after a crash, and the slot lets PostgreSQL recycle WAL sooner.
      'offset.flush.interval.ms=1000',
      `listeners=http://127.0.0.1:${ports.kafkaConnect}`,
      'rest.advertised.host.name=127.0.0.1',
      `rest.advertised.port=${ports.kafkaConnect}`,
      `plugin.path=${pluginsDir}`,
      // Debezium's jar lacks the ServiceLoader manifests for some optional converters; scan instead of failing.
      'plugin.discovery=hybrid_warn',
      // Change events should leave the worker at once (the CDC lag target is < 1 s end to end).
      'producer.linger.ms=0',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(homeDir, 'log4j2.properties'),
    log4jConfig([
      'org.apache.kafka.clients',
      'org.apache.kafka.common',
      'org.reflections',
      'org.apache.kafka.connect.runtime.isolation',
    ]),
  );
}

export const kafkaConnect = {
  name: 'kafka-connect',
  skip: () => (process.env.KAFKA_CONNECT_URL ? 'KAFKA_CONNECT_URL is set; using that worker' : null),
  async status() {
    return (await answers()) ? `running on 127.0.0.1:${ports.kafkaConnect}` : 'stopped';
  },
  async start() {
    if (await answers()) {
      log(`Kafka Connect already running on 127.0.0.1:${ports.kafkaConnect}`);
      return false;
    }
    if (await portOpen(ports.kafkaConnect)) {
      throw new EngineError(
        `port ${ports.kafkaConnect} is taken by something that is not Kafka Connect; stop it or set BOXOFFICE_KAFKA_CONNECT_PORT.`,
      );
    }
    if (!process.env.KAFKA_BROKERS && !(await kafkaAnswers(ports.kafka))) {
      throw new EngineError(
        `Kafka Connect needs Kafka on 127.0.0.1:${ports.kafka}: start it first (node infra/engines.mjs start kafka kafka-connect).`,
      );
    }
    const started = Date.now();
    const { java, mvn, javaVersion } = jvmToolchain('Kafka Connect');
    resolveJars(mvn, {
      pomFile: join(srcDir, 'connect-pom.xml'),
      into: libDir,
      expectJar: `connect-runtime-${kafkaVersion}.jar`,
      what: `Kafka Connect ${kafkaVersion}`,
    });
    resolveJars(mvn, {
      pomFile: join(srcDir, 'debezium-pom.xml'),
      into: debeziumDir,
      expectJar: `debezium-connector-postgres-${debeziumVersion}.jar`,
      what: `Debezium ${debeziumVersion}`,
      // The worker provides the Kafka and SLF4J APIs; a plugin must not bring its own copies.
      exclude: ['org.apache.kafka', 'org.slf4j'],
    });
    writeConfig();
    log(
      `starting Kafka Connect ${kafkaVersion} + Debezium ${debeziumVersion} (Java ${javaVersion}, heap ${heap}) on 127.0.0.1:${ports.kafkaConnect} (log: ${logFile})`,
    );
    await startJvm({
      name: 'Kafka Connect',
      java,
      args: jvmArgs({ heap, homeDir, extraOpts: process.env.KAFKA_CONNECT_JAVA_OPTS, libDir, mainClass, configFile }),
      cwd: homeDir,
      pidFile,
      logFile,
      ready: answers,
      timeoutMs: 180_000,
    });
    log(`Kafka Connect is up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  },
  stop: () => stopJvm({ name: 'Kafka Connect', pidFile, main: mainClass }),
  url: restUrl,
  version: debeziumVersion,
};
