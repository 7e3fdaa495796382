import { z } from 'zod';
import { type CapturedTable, capturedTables } from './connector';

// A Debezium change event as the JsonConverter writes it without schemas. Only what the indexer uses is
// checked; row images are read for their key columns (a delete's "before" carries only the primary key
// under the default replica identity).
const row = z.record(z.string(), z.unknown());

export const changeEventSchema = z.object({
  op: z.enum(['c', 'u', 'd', 'r', 't', 'm']),
  before: row.nullable().optional(),
  after: row.nullable().optional(),
  source: z.object({
    table: z.enum(capturedTables),
    /** When the transaction committed in PostgreSQL (ms since the epoch). */
    ts_ms: z.number().int(),
  }),
  /** When Debezium emitted the event: source.ts_ms to this is capture (WAL decoding, Debezium) time. */
  ts_ms: z.number().int().optional(),
});
export type ChangeEvent = z.infer<typeof changeEventSchema>;

/** Parses one Kafka message value; null for a tombstone (no value) or anything that is not a change event. */
export function parseChangeEvent(value: Buffer | null): ChangeEvent | null {
  if (value === null || value.length === 0) return null;
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return null;
  }
  const parsed = changeEventSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

const uuid = z.uuid();

/** A uuid column of the row images (both: a moved row touches its old and its new parent). */
export function idsOf(event: ChangeEvent, column: string): string[] {
  const ids = new Set<string>();
  for (const image of [event.before, event.after]) {
    const parsed = uuid.safeParse(image?.[column]);
    if (parsed.success) ids.add(parsed.data);
  }
  return [...ids];
}

/** What a change touches, before looking anything up: events directly, or venues / performers whose events show them. */
export interface ChangeTargets {
  events: Set<string>;
  venues: Set<string>;
  performers: Set<string>;
}

export function emptyTargets(): ChangeTargets {
  return { events: new Set(), venues: new Set(), performers: new Set() };
}

export function addTargets(targets: ChangeTargets, event: ChangeEvent): void {
  const add = (set: Set<string>, ids: string[]) => {
    for (const id of ids) set.add(id);
  };
  const table: CapturedTable = event.source.table;
  switch (table) {
    case 'events':
      add(targets.events, idsOf(event, 'id'));
      // A venue change of the event itself needs nothing more: the document is rebuilt from the new row.
      return;
    case 'event_performers':
    case 'event_price_tiers':
      add(targets.events, idsOf(event, 'event_id'));
      return;
    case 'venues':
      add(targets.venues, idsOf(event, 'id'));
      return;
    case 'performers':
      add(targets.performers, idsOf(event, 'id'));
      return;
  }
}
