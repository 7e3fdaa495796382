import type { CatalogDb } from '@boxoffice/db';
import type { Redis } from 'ioredis';
import { queueKeys } from './keys';
import { bandBase, bandOf, randomOrderKey } from './score';
import { joinScript, pulseScript, reservedScript, standingsScript } from './scripts';
import type { QueueSettings, QueueSettingsCache } from './settings';
import { composeStatus, type Pulse, type QueueStatus, type Standing } from './status';
import type { QueueTokens } from './tokens';

export interface WaitingRoomDeps {
  redis: Redis;
  catalog: CatalogDb;
  settings: QueueSettingsCache;
  tokens: QueueTokens;
}

/** The window over which the admission rate and wait time are measured. */
const pulseWindowSeconds = 10;
/** Fans per standings script call: bounds how long one call holds Redis. */
const standingsChunk = 2000;

export interface QueueFan {
  id: string;
  isMember: boolean;
}

/** The API side of the waiting room: join, where do I stand, may I reserve. */
export class WaitingRoom {
  private readonly pulses = new Map<string, { value: Promise<Pulse>; until: number }>();

  /** pulseTtlMs: an event's pulse is the same for every fan, so joins and status calls share one read. */
  constructor(
    readonly deps: WaitingRoomDeps,
    private readonly pulseTtlMs = 250,
  ) {}

  settingsOf(eventId: string): Promise<QueueSettings> {
    return this.deps.settings.get(eventId);
  }

  /** Idempotent per fan: joining again keeps the place (and an admitted fan keeps the grant). */
  async join(fan: QueueFan, eventId: string): Promise<QueueStatus> {
    const settings = await this.settingsOf(eventId);
    if (!settings.enabled) return this.compose(settings, { kind: 'absent' }, fan.id);
    const k = queueKeys(eventId);
    const prequeue = settings.opensAt !== null && settings.opensAt.getTime() > Date.now();
    const band = bandOf(fan.isMember, settings.memberPriority, prequeue);
    const [kind, value] = (await joinScript.run(
      this.deps.redis,
      [k.queue, k.admitted, k.seen, k.fans, k.state, k.log],
      [fan.id, bandBase(band), prequeue ? 1 : 0, prequeue ? randomOrderKey() : 0, fan.isMember ? 1 : 0],
    )) as [string, string | number];
    const standing: Standing =
      kind === 'admitted'
        ? { kind: 'admitted', grantExpiresAt: Number(value) }
        : { kind: 'queued', rank: Number(value) };
    return this.compose(settings, standing, fan.id);
  }

  /** The caller's status; asking also counts as being present (like an open stream). */
  async status(userId: string, eventId: string): Promise<QueueStatus> {
    const settings = await this.settingsOf(eventId);
    if (!settings.enabled) return this.compose(settings, { kind: 'absent' }, userId);
    const [standing] = (await this.standings(eventId, [userId], true)).standings;
    return this.compose(settings, standing ?? { kind: 'absent' }, userId);
  }

  /** Standings of many fans in few round trips (SSE ticks); touch marks them present. */
  /** Standings of many fans in few round trips (SSE ticks); touch marks them present. */
  async standings(
    eventId: string,
    userIds: readonly string[],
    touch: boolean,
  ): Promise<{ standings: Standing[]; nowMs: number }> {
    const k = queueKeys(eventId);
    const chunks: string[][] = [];
    for (let i = 0; i < userIds.length; i += standingsChunk)
      chunks.push(userIds.slice(i, i + standingsChunk));
    // Sent together: Redis runs them one after another without waiting on a round trip between them.
    const replies = await Promise.all(
      chunks.map(
        (chunk) =>
          standingsScript.run(
            this.deps.redis,
            [k.queue, k.admitted, k.seen],
            [touch ? 1 : 0, ...chunk],
          ) as Promise<(number | string)[]>,
      ),
    );
    const standings: Standing[] = [];
    let nowMs = Date.now();
    for (const [c, reply] of replies.entries()) {
      const size = chunks[c]?.length ?? 0;
      for (let j = 0; j < size; j++) {
        const code = Number(reply[2 * j]);
        standings.push(
          code >= 0
            ? { kind: 'queued', rank: code }
            : code === -1
              ? { kind: 'admitted', grantExpiresAt: Number(reply[2 * j + 1]) }
              : { kind: 'absent' },
        );
      }
      nowMs = Number(reply[reply.length - 1]);
    }
    return { standings, nowMs };
  }

  /** The event's pulse, read at most once per pulseTtlMs per process (0: always fresh). */
  pulse(eventId: string): Promise<Pulse> {
    const cached = this.pulses.get(eventId);
    if (cached && cached.until > Date.now()) return cached.value;
    const value = this.readPulse(eventId);
    if (this.pulseTtlMs > 0) {
      if (this.pulses.size > 1000) this.pulses.clear();
      this.pulses.set(eventId, { value, until: Date.now() + this.pulseTtlMs });
      value.catch(() => this.pulses.delete(eventId));
    }
    return value;
  }

  private async readPulse(eventId: string): Promise<Pulse> {
    const k = queueKeys(eventId);
    const [soldOut, admitted, waitedMs, span, waiting, liveGrants] = (
      (await pulseScript.run(
        this.deps.redis,
        [k.state, k.rate, k.queue, k.admitted],
        [pulseWindowSeconds],
      )) as number[]
    ).map(Number) as [number, number, number, number, number, number];
    return {
      soldOut: soldOut === 1,
      measuredRate: admitted > 0 ? admitted / Math.max(1, span) : null,
      meanWaitSeconds: admitted > 0 ? waitedMs / admitted / 1000 : null,
      waiting,
      liveGrants,
    };
  }

  async compose(settings: QueueSettings, standing: Standing, userId: string): Promise<QueueStatus> {
    const needsPulse = settings.enabled && standing.kind === 'queued';
    return this.statusFrom(
      settings,
      standing,
      userId,
      needsPulse ? await this.pulse(settings.eventId) : idlePulse,
    );
  }

  statusFrom(settings: QueueSettings, standing: Standing, userId: string, pulse: Pulse): QueueStatus {
    return composeStatus(settings, standing, pulse, userId, this.deps.tokens, Date.now());
  }

  /**
   * For POST /reserve: on an event with its queue on, the fan must bring a valid access token (403
   * otherwise). Returns whether the queue applied, so a held reservation can use up the grant.
   */
  async requireAccess(eventId: string, userId: string, accessToken: string | undefined): Promise<boolean> {
    const settings = await this.settingsOf(eventId);
    if (!settings.enabled) return false;
    this.deps.tokens.verifyAccess(accessToken, userId, eventId);
    return true;
  }

  /**
   * The admitted fan now holds seats: their slot becomes those seats (logged as reserved). The grant
   * stays `settleMs` longer so the admission loops see the seats taken before they see the slot free.
   */
  async markReserved(eventId: string, userId: string, settleMs = 2000): Promise<boolean> {
    const k = queueKeys(eventId);
    return (await reservedScript.run(this.deps.redis, [k.admitted, k.fans], [userId, settleMs])) === 1;
  }
}

const idlePulse: Pulse = {
  soldOut: false,
  measuredRate: null,
  meanWaitSeconds: null,
  waiting: 0,
  liveGrants: 0,
};
