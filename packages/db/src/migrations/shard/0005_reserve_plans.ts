import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations import no application code.
// PL/pgSQL plans each statement of a function through the plan cache, which keeps re-planning for
// every call while a custom plan looks cheaper than the generic one. Every statement of the hold
// path does (a 1-4 element ticket array, a null Idempotency-Key folded away), so each hold paid
// the planner again: 28% of a shard backend's CPU under load (perf). Generic plans are made once
// per connection. They are made on whatever statistics the tables have then, and a reservations
// table that was empty at that moment got a sequential scan that grew with every hold; the hold
// path only ever looks rows up by key, so sequential scans are priced out inside these functions.
// Measured on the 50,000-seat bench event, batches of 25: 849 -> 318 µs of backend CPU per hold.
const functions = [
  'reserve_seats(uuid, uuid, uuid, uuid[], integer, text)',
  'reserve_seats_batch(uuid[], uuid, uuid[], jsonb, integer, text[])',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const fn of functions) {
    await sql.raw(`alter function ${fn} set plan_cache_mode = force_generic_plan`).execute(db);
    await sql.raw(`alter function ${fn} set enable_seqscan = off`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const fn of functions) {
    await sql.raw(`alter function ${fn} reset plan_cache_mode`).execute(db);
    await sql.raw(`alter function ${fn} reset enable_seqscan`).execute(db);
  }
}
