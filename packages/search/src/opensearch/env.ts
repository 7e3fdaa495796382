import { parseEnv, searchEnv } from '@boxoffice/config';
import type { z } from 'zod';

/** OpenSearch settings (full profile); the schema lives with every other knob in @boxoffice/config. */
export const openSearchEnv = searchEnv;
export type OpenSearchEnv = z.infer<typeof searchEnv>;

export function parseOpenSearchEnv(): OpenSearchEnv {
  return parseEnv(searchEnv);
}
