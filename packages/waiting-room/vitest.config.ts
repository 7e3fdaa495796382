export { vitestPreset as default } from '@boxoffice/vitest-config';
