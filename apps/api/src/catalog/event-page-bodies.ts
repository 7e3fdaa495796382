import { catalogCacheKeys } from '@boxoffice/cache';
import { eventAnswerTemplate, eventNotFound } from '@boxoffice/trpc';
import type { Redis } from 'ioredis';
import type { Counter } from 'prom-client';
import type { CatalogServices } from './catalog-services';
import { seatKeys } from './seat-keys';

type Template = ReturnType<typeof eventAnswerTemplate> & { generation: string };

interface Body {
  /** `{seat sequence}:{page generation}` the body was built at. */
  version: string;
  json: string;
  builtAt: number;
  /** The static part, serialised once per page generation: a seat change only re-renders statuses. */
  template: Template;
}

export interface EventPageBodiesOptions {
  /** Budget for the bodies kept and their templates, in characters (a 1,000-seat page is ~140 KB). */
  maxChars?: number;
  /** A body is rebuilt at least this often, whatever its version says. */
  maxAgeMs?: number;
  requests?: Counter<'cache' | 'result'>;
}

/**
 * GET /event/{eventID} for anonymous readers, serialised once per state of the event instead of once
 * per request: a 1,000-seat page is ~140 KB of JSON, and building it (the cached static page parsed
 * and checked, a thousand statuses read from Redis, the answer serialised) cost ~5.7 ms of API CPU.
 * After a seat change only the statuses are read and spliced into the static part, serialised once
 * per page generation (eventAnswerTemplate).
 *
 * A body is served while the event's seat sequence (bumped atomically with every status change by
 * publishSeatChanges) and page generation (bumped by invalidateEventCaches) are what they were when it
 * was built: one MGET per request, so an answer is as live as the Redis hash was when its build began
 * (a reader joins a build in flight), not up to a second behind like the microcache. `maxAgeMs` bounds
 * what that check cannot see: the status hash expiring after a day idle and being refilled from the
 * shard without a sequence bump.
 */
export class EventPageBodies {
  private readonly bodies = new Map<string, Body>();
  private readonly builds = new Map<string, Promise<string>>();
  private chars = 0;
  private readonly maxChars: number;
  private readonly maxAgeMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly catalog: CatalogServices,
    private readonly options: EventPageBodiesOptions = {},
  ) {
    this.maxChars = options.maxChars ?? 64_000_000;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
  }

  /** The event's answer as JSON; EVENT_NOT_FOUND (404) for an unknown or draft event. */
  async get(eventId: string): Promise<string> {
    const [seq, generation] = await this.redis.mget(seatKeys.sequence(eventId), catalogCacheKeys.eventGeneration(eventId));
    const version = `${Number(seq ?? 0)}:${generation ?? '0'}`;
    const body = this.bodies.get(eventId);
    if (body && body.version === version && Date.now() - body.builtAt < this.maxAgeMs) {
      this.count('hit');
      // Most recently used last: eviction takes the front of the map.
      this.bodies.delete(eventId);
      this.bodies.set(eventId, body);
      return body.json;
    }
    this.count('miss');
    // One build per event at a time. During a hot on-sale the sequence moves every millisecond, so
    // keyed by version every concurrent reader would build its own 10,000-seat page; a build in flight
    // is at most its own duration behind, well inside the microcache's second.
    const pending = this.builds.get(eventId);
    if (pending) return pending;
    const building = this.build(eventId, generation ?? '0').finally(() => this.builds.delete(eventId));
    this.builds.set(eventId, building);
    return building;
  }

  private async build(eventId: string, generation: string): Promise<string> {
    const builtAt = Date.now();
    // The generation was read before the page: a change landing in between leaves this body a version
    // behind, so the next request rebuilds it. The sequence is the one read with the statuses.
    let template = this.bodies.get(eventId)?.template;
    if (template?.generation !== generation) {
      const page = await this.catalog.eventPage(eventId);
      if (!page) throw eventNotFound(eventId);
      template = { ...eventAnswerTemplate(page), generation };
    }
    const { statuses, seq } = await this.catalog.seatSnapshot(eventId, template.ticketIds);
    const json = template.render(statuses, seq);
    this.store(eventId, { version: `${seq}:${generation}`, json, builtAt, template });
    return json;
  }

  private store(eventId: string, body: Body) {
    this.forget(eventId);
    const chars = charsOf(body);
    // One giant venue's page must not flush every other event's.
    if (chars > this.maxChars / 4) return;
    for (const [oldId] of this.bodies) {
      if (this.chars + chars <= this.maxChars) break;
      this.forget(oldId);
    }
    this.bodies.set(eventId, body);
    this.chars += chars;
  }

  private forget(eventId: string) {
    const body = this.bodies.get(eventId);
    if (!body) return;
    this.bodies.delete(eventId);
    this.chars -= charsOf(body);
  }

  private count(result: 'hit' | 'miss') {
    this.options.requests?.inc({ cache: 'event-body', result });
  }
}

const charsOf = (body: Body) => body.json.length + body.template.size;
