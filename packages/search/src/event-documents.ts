import type { CatalogDb } from '@boxoffice/db';
import { sql } from 'kysely';
import type { EventDocument, EventType } from './backend';

interface DocumentRow {
  id: string;
  version: number;
  name: string;
  description: string;
  type: EventType;
  starts_at: Date;
  status: string;
  venue_id: string;
  venue_name: string;
  city: string;
  country: string;
  latitude: number | null;
  longitude: number | null;
  performers: string[];
  price_amount: number | null;
  price_currency: string | null;
}

function toDocument(row: DocumentRow): EventDocument {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    description: row.description,
    type: row.type,
    startsAt: row.starts_at.toISOString(),
    status: row.status,
    venue: {
      id: row.venue_id,
      name: row.venue_name,
      city: row.city,
      country: row.country,
      location:
        row.latitude === null || row.longitude === null ? null : { lat: row.latitude, lon: row.longitude },
    },
    performers: row.performers,
    lowestPrice:
      row.price_amount === null || row.price_currency === null
        ? null
        : { amount: row.price_amount, currency: row.price_currency.trim() },
  };
}

async function selectDocuments(
  catalog: CatalogDb,
  where: ReturnType<typeof sql>,
  limit: number | null,
): Promise<EventDocument[]> {
  const { rows } = await sql<DocumentRow>`
    select e.id, e.version, e.name, e.description, e.type, e.starts_at, e.status,
           v.id as venue_id, v.name as venue_name, v.city, v.country, v.latitude, v.longitude,
           coalesce((select array_agg(p.name order by ep.billing_order, p.name)
                       from event_performers ep join performers p on p.id = ep.performer_id
                      where ep.event_id = e.id), '{}') as performers,
           price.price_amount, price.currency as price_currency
      from events e
      join venues v on v.id = e.venue_id
      left join lateral (
        select t.price_amount, t.currency from event_price_tiers t
         where t.event_id = e.id order by t.price_amount, t.code limit 1
      ) price on true
     where ${where}
     order by e.id
     ${limit === null ? sql`` : sql`limit ${limit}`}`.execute(catalog);
  return rows.map(toDocument);
}

/**
 * The denormalised documents of these events (every status: the indexer decides what to show),
 * read from the source tables. Ids that do not exist are absent from the answer, which tells an
 * indexer to delete them. Without ids, every event; use `eventDocumentPages` for a full scan.
 */
export function loadEventDocuments(catalog: CatalogDb, ids?: readonly string[]): Promise<EventDocument[]> {
  if (ids === undefined) return selectDocuments(catalog, sql`true`, null);
  if (ids.length === 0) return Promise.resolve([]);
  return selectDocuments(catalog, sql`e.id = any(${[...ids]}::uuid[])`, null);
}

/** Every event's document, `pageSize` at a time in id order (keyset paging: each page is an index range). */
export async function* eventDocumentPages(
  catalog: CatalogDb,
  pageSize = 1000,
): AsyncGenerator<EventDocument[]> {
  let after: string | null = null;
  for (;;) {
    const page = await selectDocuments(
      catalog,
      after === null ? sql`true` : sql`e.id > ${after}::uuid`,
      pageSize,
    );
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]?.id ?? null;
    if (page.length < pageSize) return;
  }
}
