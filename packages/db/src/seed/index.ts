import type { DatabaseEnv } from '@boxoffice/config';

export async function seed(_env: DatabaseEnv, set: string, _args: string[]): Promise<void> {
  throw new Error(`seed set "${set}" is not written yet`);
}
