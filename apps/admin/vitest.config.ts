import { vitestPreset } from '@boxoffice/vitest-config';
import { defineConfig, mergeConfig } from 'vitest/config';

export default mergeConfig(vitestPreset, defineConfig({ test: { include: ['src/**/*.test.ts'] } }));
