import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations import no application code.
//
// The search statements read event_search_words (and event_search) by index-only scans, which skip
// the heap only for pages the visibility map marks all-visible; only VACUUM sets those marks. At the
// default thresholds (20% of the rows dead, or 20% inserted) the 1.8-million-row postings list of the
// 150,000-event set went unvacuumed through ~125,000 dead rows of catalog updates: half its pages
// were not all-visible, and a text search's postings statement fetched ~1,000 heap rows per word
// (24 ms; 3 ms after a VACUUM). Vacuum these two tables after 2% instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table event_search_words set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
    alter table event_search set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table event_search_words reset (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor);
    alter table event_search reset (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor);
  `.execute(db);
}
