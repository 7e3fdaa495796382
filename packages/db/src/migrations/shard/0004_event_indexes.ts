import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations import no application code.
// Staff pages read an event's latest reservations and its orders (revenue, the recent list):
// without these, each of those reads scans the shard's whole table.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index reservations_event_idx on reservations (event_id, created_at desc)`.execute(db);
  await sql`create index orders_event_idx on orders (event_id, created_at desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists orders_event_idx`.execute(db);
  await sql`drop index if exists reservations_event_idx`.execute(db);
}
