import { describe, expect, it } from 'vitest';
import { describeHealth } from './health';

describe('describeHealth', () => {
  it('says ok when every check passes and names what fails otherwise', () => {
    expect(describeHealth({ status: 'ok', checks: { catalog: 'ok', redis: 'ok' } })).toBe('API ok');
    expect(describeHealth({ status: 'degraded', checks: { catalog: 'ok', redis: 'timeout' } })).toBe('API degraded: redis timeout');
    expect(describeHealth(null)).toBe('API unreachable');
  });
});
