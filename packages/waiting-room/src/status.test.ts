import { describe, expect, it } from 'vitest';
import type { QueueSettings } from './settings';
import { composeStatus, type Pulse } from './status';

const tokens = { queueToken: () => 'q', accessToken: (_u: string, _e: string, at: number) => `a${at}` };
const settings: QueueSettings = {
  eventId: 'e',
  enabled: true,
  opensAt: null,
  admissionRatePerSecond: 100,
  memberPriority: true,
};
const pulse: Pulse = { soldOut: false, measuredRate: 50, meanWaitSeconds: 3, waiting: 1000, liveGrants: 10 };
const now = 1_000_000;

describe('composeStatus', () => {
  it('estimates the wait from the measured rate, else the configured one', () => {
    expect(composeStatus(settings, { kind: 'queued', rank: 120 }, pulse, 'u', tokens, now)).toMatchObject({
      state: 'waiting',
      position: 121,
      ahead: 120,
      etaSeconds: 3,
      queueToken: 'q',
      accessToken: null,
    });
    expect(
      composeStatus(
        settings,
        { kind: 'queued', rank: 120 },
        { ...pulse, measuredRate: null },
        'u',
        tokens,
        now,
      ).etaSeconds,
    ).toBe(2);
  });

  it('hides positions before the opening and the estimate when sold out', () => {
    const before = composeStatus(
      { ...settings, opensAt: new Date(now + 1000) },
      { kind: 'queued', rank: 5 },
      pulse,
      'u',
      tokens,
      now,
    );
    expect(before).toMatchObject({
      state: 'prequeue',
      position: null,
      ahead: null,
      etaSeconds: null,
      opensAt: new Date(now + 1000).toISOString(),
    });
    expect(
      composeStatus(settings, { kind: 'queued', rank: 5 }, { ...pulse, soldOut: true }, 'u', tokens, now),
    ).toMatchObject({ state: 'sold_out', position: 6, etaSeconds: null });
  });

  it('hands an admitted fan an access token that ends with the grant', () => {
    expect(
      composeStatus(settings, { kind: 'admitted', grantExpiresAt: now + 90_500 }, pulse, 'u', tokens, now),
    ).toMatchObject({ state: 'admitted', accessToken: `a${now + 90_500}`, accessExpiresIn: 90 });
  });

  it('says not_queued when the queue is off or the fan is not in it', () => {
    expect(
      composeStatus({ ...settings, enabled: false }, { kind: 'queued', rank: 1 }, pulse, 'u', tokens, now),
    ).toMatchObject({ state: 'not_queued', queueToken: null });
    expect(composeStatus(settings, { kind: 'absent' }, pulse, 'u', tokens, now).state).toBe('not_queued');
  });
});
