import type { CatalogDb, ShardRouter } from '@boxoffice/db';
import {
  AdmissionLoop,
  type AdmissionOptions,
  listEnabledQueues,
  type TickResult,
} from '@boxoffice/waiting-room';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';

export interface AdmissionLoopsOptions {
  redis: Redis;
  catalog: CatalogDb;
  shards: ShardRouter;
  admission: AdmissionOptions;
  logger: Logger;
  registry: Registry;
  onTick?: (eventId: string, result: TickResult) => void;
}

/**
 * One admission loop per event whose waiting room is on, following the settings in the catalog (read
 * every couple of seconds). Every worker process may run them: ticks from several processes share one
 * allowance in Redis, so a second process adds availability, not admissions.
 */
export class AdmissionLoops {
  private readonly loops = new Map<string, AdmissionLoop>();
  private timer: NodeJS.Timeout | undefined;
  private readonly admitted: Counter<'event_id'>;

  constructor(private readonly options: AdmissionLoopsOptions) {
    this.admitted = new Counter({
      name: 'waiting_room_admitted_total',
      help: 'Fans admitted by this process',
      labelNames: ['event_id'],
      registers: [options.registry],
    });
  }

  async start(intervalMs = 2000): Promise<void> {
    await this.refresh();
    this.timer = setInterval(
      () =>
        void this.refresh().catch((err) =>
          this.options.logger.error({ err }, 'refreshing admission loops failed'),
        ),
      intervalMs,
    );
  }

  get served(): string[] {
    return [...this.loops.keys()];
  }

  async refresh(): Promise<void> {
    const enabled = await listEnabledQueues(this.options.catalog);
    const ids = new Set(enabled.map((settings) => settings.eventId));
    for (const settings of enabled) {
      const current = this.loops.get(settings.eventId);
      if (current) {
        current.update(settings);
        continue;
      }
      const { redis, catalog, shards, logger } = this.options;
      const loop = new AdmissionLoop(
        { redis, catalog, shards },
        settings,
        this.options.admission,
        (result) => {
          if (result.admitted.length) this.admitted.labels(settings.eventId).inc(result.admitted.length);
          this.options.onTick?.(settings.eventId, result);
        },
        (err) => logger.error({ err, eventId: settings.eventId }, 'admission tick failed'),
      );
      loop.start();
      this.loops.set(settings.eventId, loop);
      logger.info({ eventId: settings.eventId }, 'admitting from the waiting room');
    }
    for (const [eventId, loop] of this.loops) {
      if (ids.has(eventId)) continue;
      this.loops.delete(eventId);
      await loop.stop();
      this.options.logger.info({ eventId }, 'waiting room switched off');
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.loops.values()].map((loop) => loop.stop()));
    this.loops.clear();
  }
}
