import type { CatalogDb } from '@boxoffice/db';
import { AppError } from '@boxoffice/domain';
import { sql } from 'kysely';

/** An event's waiting-room configuration; events without a row have the queue off. */
export interface QueueSettings {
  eventId: string;
  enabled: boolean;
  opensAt: Date | null;
  admissionRatePerSecond: number;
  memberPriority: boolean;
}

export const defaultAdmissionRate = 100;

const off = (eventId: string): QueueSettings => ({
  eventId,
  enabled: false,
  opensAt: null,
  admissionRatePerSecond: defaultAdmissionRate,
  memberPriority: true,
});

const columns = ['event_id', 'enabled', 'opens_at', 'admission_rate_per_second', 'member_priority'] as const;

function toSettings(row: {
  event_id: string;
  enabled: boolean;
  opens_at: Date | null;
  admission_rate_per_second: number;
  member_priority: boolean;
}): QueueSettings {
  return {
    eventId: row.event_id,
    enabled: row.enabled,
    opensAt: row.opens_at,
    admissionRatePerSecond: row.admission_rate_per_second,
    memberPriority: row.member_priority,
  };
}

export async function readQueueSettings(catalog: CatalogDb, eventId: string): Promise<QueueSettings> {
  const row = await catalog
    .selectFrom('event_queue_settings')
    .select(columns)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return row ? toSettings(row) : off(eventId);
}

export async function listEnabledQueues(catalog: CatalogDb): Promise<QueueSettings[]> {
  const rows = await catalog
    .selectFrom('event_queue_settings')
    .select(columns)
    .where('enabled', '=', true)
    .execute();
  return rows.map(toSettings);
}

export type QueueSettingsInput = Omit<QueueSettings, 'eventId'>;

/** Admins switch an event's queue on or off; every change bumps the row's version. */
export async function configureQueue(
  catalog: CatalogDb,
  eventId: string,
  input: QueueSettingsInput,
): Promise<QueueSettings> {
  const event = await catalog.selectFrom('events').select('id').where('id', '=', eventId).executeTakeFirst();
  if (!event) throw new AppError('EVENT_NOT_FOUND', 'No such event', { details: [{ eventID: eventId }] });
  const values = {
    enabled: input.enabled,
    opens_at: input.opensAt,
    admission_rate_per_second: input.admissionRatePerSecond,
    member_priority: input.memberPriority,
  };
  const row = await catalog
    .insertInto('event_queue_settings')
    .values({ event_id: eventId, ...values })
    .onConflict((oc) =>
      oc.column('event_id').doUpdateSet({ ...values, version: sql`event_queue_settings.version + 1` }),
    )
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toSettings(row);
}

/**
 * Settings read on hot paths (join, status, every reserve) come from a short per-process cache, so a
 * change made by an admin reaches every API process within `ttlMs`.
 */
export class QueueSettingsCache {
  private readonly entries = new Map<string, { value: Promise<QueueSettings>; until: number }>();

  constructor(
    private readonly catalog: CatalogDb,
    private readonly ttlMs = 2000,
  ) {}

  get(eventId: string): Promise<QueueSettings> {
    const entry = this.entries.get(eventId);
    if (entry && entry.until > Date.now()) return entry.value;
    const value = readQueueSettings(this.catalog, eventId);
    this.entries.set(eventId, { value, until: Date.now() + this.ttlMs });
    value.catch(() => this.entries.delete(eventId));
    return value;
  }

  /** This process made the change: no need to wait for the cache to expire. */
  set(settings: QueueSettings): void {
    this.entries.set(settings.eventId, { value: Promise.resolve(settings), until: Date.now() + this.ttlMs });
  }
}
