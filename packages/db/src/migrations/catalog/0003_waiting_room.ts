import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations import no application code.
// users.is_member (member priority in the queue) already exists since 0001_catalog.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The virtual waiting room of an event: off unless a row says enabled.
    create table event_queue_settings (
      event_id uuid primary key references events (id) on delete cascade,
      enabled boolean not null default false,
      -- Fans who join before this are shuffled at the opening; null means first come, first served now.
      opens_at timestamptz,
      admission_rate_per_second double precision not null default 100
        check (admission_rate_per_second > 0 and admission_rate_per_second <= 10000),
      member_priority boolean not null default true,
      version integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index event_queue_settings_enabled_idx on event_queue_settings (event_id) where enabled;
    create trigger event_queue_settings_updated_at before update on event_queue_settings
      for each row execute function set_updated_at();

    -- Anonymised: one row per fan's pass through a queue, with no user id, for the organiser's analytics.
    create table queue_log (
      event_id uuid not null,
      -- Per-event sequence from Redis, so a replayed flush inserts nothing twice.
      seq bigint not null,
      member boolean not null,
      joined_at timestamptz not null,
      admitted_at timestamptz,
      left_at timestamptz not null,
      leave_reason text not null check (leave_reason in ('reserved', 'access_expired', 'stream_closed')),
      primary key (event_id, seq)
    );
    create index queue_log_event_left_idx on queue_log (event_id, left_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists queue_log, event_queue_settings;`.execute(db);
}
