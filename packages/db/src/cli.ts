#!/usr/bin/env tsx
// Database commands for the scripts and for people:
//   prepare            create the catalog and shard databases if missing, then migrate them all
//   types [--check]    regenerate src/generated/*.ts from the migrated schema (or verify they match)
//   seed demo|scale    load the demo set (npm start) or the benchmark set
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseEnv, parseEnv, shardUrls } from '@boxoffice/config';
import { createDatabases, migrateAll } from './migrate';

const here = dirname(fileURLToPath(import.meta.url));
const codegenBin = join(here, '..', 'node_modules', '.bin', 'kysely-codegen');

function generate(url: string, outFile: string) {
  execFileSync(codegenBin, ['--dialect', 'postgres', '--url', url, '--out-file', outFile, '--exclude-pattern', 'kysely_*'], {
    stdio: 'pipe',
  });
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const env = parseEnv(databaseEnv);
  switch (command) {
    case 'prepare': {
      await createDatabases(env);
      const applied = await migrateAll(env);
      const summary = Object.entries(applied)
        .map(([where, names]) => `${where}: ${names.length ? names.join(', ') : 'up to date'}`)
        .join('; ');
      console.log(`[db] ${summary}`);
      return;
    }
    case 'types': {
      const check = args.includes('--check');
      const outDir = check ? mkdtempSync(join(tmpdir(), 'boxoffice-types-')) : join(here, 'generated');
      const targets = { catalog: env.DATABASE_URL, shard: shardUrls(env)[0] as string };
      try {
        const stale: string[] = [];
        for (const [name, url] of Object.entries(targets)) {
          const file = join(outDir, `${name}.ts`);
          generate(url, file);
          if (check && readFileSync(file, 'utf8') !== readFileSync(join(here, 'generated', `${name}.ts`), 'utf8')) {
            stale.push(`src/generated/${name}.ts`);
          }
        }
        if (stale.length) {
          console.error(`[db] generated types differ from the migrations: ${stale.join(', ')}; run \`pnpm --filter @boxoffice/db db types\``);
          process.exitCode = 1;
        } else {
          console.log(check ? '[db] generated types match the migrations' : `[db] wrote types to ${outDir}`);
        }
      } finally {
        if (check) rmSync(outDir, { recursive: true, force: true });
      }
      return;
    }
    case 'seed': {
      const { seed } = await import('./seed/index');
      await seed(env, args[0] ?? 'demo', args.slice(1));
      return;
    }
    default:
      console.error('usage: db prepare | types [--check] | seed demo|scale');
      process.exitCode = 2;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
