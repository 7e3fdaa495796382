#!/usr/bin/env tsx
// Indexer commands (env as the indexer's: DATABASE_URL, KAFKA_CONNECT_URL, CDC_DATABASE_URL):
//   register-connector   create or update the Debezium connector of this catalog database (idempotent)
//   connector-status     print the connector's and its task's state
import { cdcNames, connectorStatus, isRunning, registerConnector } from './connector';
import { parseIndexerEnv } from './env';

async function main(command = process.argv[2]): Promise<void> {
  const env = parseIndexerEnv();
  const databaseUrl = env.CDC_DATABASE_URL ?? env.DATABASE_URL;
  const { connector } = cdcNames(databaseUrl);
  switch (command) {
    case 'register-connector': {
      await registerConnector(env.KAFKA_CONNECT_URL, databaseUrl);
      const deadline = Date.now() + 60_000;
      for (;;) {
        const status = await connectorStatus(env.KAFKA_CONNECT_URL, connector);
        if (isRunning(status)) break;
        if (Date.now() > deadline) throw new Error(`${connector} is not running: ${JSON.stringify(status)}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      console.log(`[indexer] connector ${connector} is running at ${env.KAFKA_CONNECT_URL}`);
      return;
    }
    case 'connector-status':
      console.log(JSON.stringify(await connectorStatus(env.KAFKA_CONNECT_URL, connector), null, 2));
      return;
    default:
      throw new Error('usage: cli.ts <register-connector|connector-status>');
  }
}

main().catch((error) => {
  console.error(`[indexer] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
