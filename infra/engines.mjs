#!/usr/bin/env node
// Start, stop or report the engines Boxoffice runs on, without Docker.
//   node infra/engines.mjs start [postgres redis ...]   (default: the embedded profile)
//   node infra/engines.mjs stop  [...]
//   node infra/engines.mjs status
import { EngineError, log } from './lib/common.mjs';
import { kafka } from './lib/kafka.mjs';
import { kafkaConnect } from './lib/kafka-connect.mjs';
import { opensearch } from './lib/opensearch.mjs';
import { postgres } from './lib/postgres.mjs';
import { redis } from './lib/redis.mjs';
import { stripeMock } from './lib/stripe-mock.mjs';

export const engines = { postgres, redis, 'stripe-mock': stripeMock, opensearch, kafka, 'kafka-connect': kafkaConnect };
export const profiles = {
  embedded: ['postgres', 'redis'],
  full: ['postgres', 'redis', 'stripe-mock', 'opensearch', 'kafka', 'kafka-connect'],
};

/** Starts the named engines; returns the ones this call actually started (so a caller can stop only those). */
export async function startEngines(names) {
  const started = [];
  for (const name of names) {
    const engine = engines[name];
    if (!engine) throw new EngineError(`unknown engine "${name}" (known: ${Object.keys(engines).join(', ')})`);
    const skip = engine.skip?.();
    if (skip) {
      log(`${name}: ${skip}`);
      continue;
    }
    if (await engine.start()) started.push(name);
  }
  return started;
}

export async function stopEngines(names) {
  for (const name of [...names].reverse()) await engines[name]?.stop();
}

async function main() {
  const [command = 'status', ...rest] = process.argv.slice(2);
  const names = rest.length ? rest : profiles.embedded;
  if (command === 'start') await startEngines(names);
  else if (command === 'stop') await stopEngines(rest.length ? rest : Object.keys(engines));
  else if (command === 'status') {
    for (const [name, engine] of Object.entries(engines)) log(`${name}: ${await engine.status()}`);
  } else throw new EngineError(`unknown command "${command}": use start, stop or status`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    process.stderr.write(`[engines] ${error instanceof EngineError ? error.message : error.stack}\n`);
    process.exit(1);
  });
}
