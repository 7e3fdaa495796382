import { vitestPreset } from '@boxoffice/vitest-config';
import { defineConfig } from 'vitest/config';

// Spread rather than mergeConfig: the preset's vitest copy and this app's (which sees PostCSS) differ
// in type identity, though not in shape.
export default defineConfig({ test: { ...vitestPreset.test, include: ['src/**/*.test.ts'] } });
