import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DatabaseEnv, repoRoot, shardUrls } from '@boxoffice/config';
import type { ScaleResult } from './scale-seed';

export const scaleManifestPath = join(repoRoot, '.data', 'scale-seed.json');

const withoutPassword = (url: string): string => {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
};

// A re-run that finds the set loaded keeps the timings of the run that loaded it.
async function previousLoad(database: string): Promise<unknown> {
  try {
    const previous = JSON.parse(await readFile(scaleManifestPath, 'utf8')) as {
      database?: string;
      load?: unknown;
    };
    return previous.database === database ? previous.load : undefined;
  } catch {
    return undefined;
  }
}

/** Where benchmarks find the hot events: `.data/scale-seed.json` at the repository root. */
export async function writeScaleManifest(env: DatabaseEnv, result: ScaleResult): Promise<string> {
  const database = withoutPassword(env.DATABASE_URL);
  const load =
    result.status === 'loaded'
      ? {
          totalMs: Math.round(result.totalMs),
          ticketsMs: Math.round(result.ticketsMs),
          ticketsPerSecond: Math.round(result.ticketsPerSecond),
        }
      : await previousLoad(database);
  const manifest = {
    writtenAt: new Date().toISOString(),
    database,
    shards: shardUrls(env).map(withoutPassword),
    hotEvents: result.hotEvents,
    counts: result.counts,
    ...(load ? { load } : {}),
  };
  await mkdir(join(repoRoot, '.data'), { recursive: true });
  await writeFile(scaleManifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return scaleManifestPath;
}
