import type { DatabaseEnv } from '@boxoffice/config';
import { seedDemo } from './demo-seed';
import { writeScaleManifest } from './scale-manifest';
import { describeScaleResult, loadScaleSet, ScaleSetPartialError } from './scale-seed';

export { seedDemo } from './demo-seed';
export { loadScaleSet } from './scale-seed';
export type { SeatingMap, SeatingRow, SeatingSection, SeatingStage } from './seating-map';
export { seatCount, seatLabel, seatPosition, seatsOf } from './seating-map';

/** `db seed demo` (npm start) and `db seed scale [--force]` (benchmarks). */
export async function seed(env: DatabaseEnv, set: string, args: string[]): Promise<void> {
  switch (set) {
    case 'demo':
      await seedDemo(env);
      return;
    case 'scale': {
      const result = await loadScaleSet(env, { force: args.includes('--force') }).catch((error: unknown) => {
        if (!(error instanceof ScaleSetPartialError)) throw error;
        console.error(`[seed:scale] ${error.message}`);
        process.exitCode = 1;
        return null;
      });
      if (!result) return;
      for (const line of describeScaleResult(result)) console.log(line);
      console.log(`[seed:scale] wrote ${await writeScaleManifest(env, result)}`);
      return;
    }
    default:
      throw new Error(`unknown seed set "${set}": use demo or scale`);
  }
}
