import type { QueueSettings } from './settings';

export type QueueState = 'not_queued' | 'prequeue' | 'waiting' | 'admitted' | 'sold_out';

/** What a fan sees of their place (the API contract's QueueStatus). */
export interface QueueStatus {
  eventID: string;
  state: QueueState;
  /** 1-based place in the queue. */
  position: number | null;
  ahead: number | null;
  etaSeconds: number | null;
  /** Opaque; authenticates the fan's SSE stream. */
  queueToken: string | null;
  /** Set once admitted: present it to POST /reserve. */
  accessToken: string | null;
  accessExpiresIn: number | null;
  opensAt: string | null;
}

/** Where one fan stands in Redis: a rank, a live grant, or nowhere. */
export type Standing =
  | { kind: 'queued'; rank: number }
  | { kind: 'admitted'; grantExpiresAt: number }
  | { kind: 'absent' };

/** The event as a whole, read once per status answer or SSE tick. */
export interface Pulse {
  soldOut: boolean;
  /** Admissions per second measured over the last seconds; null before any admission. */
  measuredRate: number | null;
  /** Mean wait of the fans admitted in that window, in seconds. */
  meanWaitSeconds: number | null;
  waiting: number;
  liveGrants: number;
}

export interface StatusTokens {
  queueToken(userId: string, eventId: string): string;
  accessToken(userId: string, eventId: string, expiresAtMs: number): string;
}

/**
 * One fan's QueueStatus from their standing and the event's pulse. ETA = people ahead / the measured
 * admission rate (the configured one until admission has started).
 */
export function composeStatus(
  settings: QueueSettings,
  standing: Standing,
  pulse: Pulse,
  userId: string,
  tokens: StatusTokens,
  nowMs: number,
): QueueStatus {
  const base: QueueStatus = {
    eventID: settings.eventId,
    state: 'not_queued',
    position: null,
    ahead: null,
    etaSeconds: null,
    queueToken: null,
    accessToken: null,
    accessExpiresIn: null,
    opensAt: settings.opensAt?.toISOString() ?? null,
  };
  if (!settings.enabled || standing.kind === 'absent') return base;
  const queueToken = tokens.queueToken(userId, settings.eventId);
  if (standing.kind === 'admitted') {
    return {
      ...base,
      state: 'admitted',
      queueToken,
      accessToken: tokens.accessToken(userId, settings.eventId, standing.grantExpiresAt),
      accessExpiresIn: Math.max(0, Math.floor((standing.grantExpiresAt - nowMs) / 1000)),
    };
  }
  if (settings.opensAt && settings.opensAt.getTime() > nowMs)
    return { ...base, state: 'prequeue', queueToken };
  const ahead = standing.rank;
  const rate = pulse.measuredRate ?? settings.admissionRatePerSecond;
  return {
    ...base,
    state: pulse.soldOut ? 'sold_out' : 'waiting',
    position: ahead + 1,
    ahead,
    etaSeconds: pulse.soldOut || rate <= 0 ? null : Math.ceil(ahead / rate),
    queueToken,
  };
}
