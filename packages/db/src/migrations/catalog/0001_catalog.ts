import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations import no application code.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists pg_trgm;

    create type user_role as enum ('customer', 'admin');
    create type event_type as enum ('concert', 'sports', 'theater', 'comedy', 'festival', 'family');
    create type event_status as enum ('draft', 'scheduled', 'on_sale', 'sold_out', 'cancelled', 'completed');

    create function set_updated_at() returns trigger language plpgsql as $$
    begin
      new.updated_at := now();
      return new;
    end $$;

    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      password_hash text not null,
      display_name text,
      role user_role not null default 'customer',
      is_member boolean not null default false,
      version integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index users_email_key on users (lower(email));

    create table refresh_tokens (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      family_id uuid not null,
      token_hash text not null unique,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      replaced_by uuid references refresh_tokens (id),
      created_at timestamptz not null default now()
    );
    create index refresh_tokens_family_idx on refresh_tokens (family_id);
    create index refresh_tokens_user_idx on refresh_tokens (user_id);

    create table venues (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      address text not null,
      city text not null,
      country text not null,
      latitude double precision,
      longitude double precision,
      capacity integer not null check (capacity >= 0),
      -- The seed's seatingMap: sections (code, name, tier, geometry) with rows of seats.
      seating_map jsonb not null default '{"sections": []}'::jsonb,
      version integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index venues_city_idx on venues (city);

    create table performers (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      type text not null,
      genre text,
      version integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index performers_name_idx on performers (name);

    create table events (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      description text not null default '',
      type event_type not null,
      starts_at timestamptz not null,
      venue_id uuid not null references venues (id),
      on_sale_at timestamptz not null,
      status event_status not null default 'scheduled',
      currency char(3) not null default 'USD',
      version integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index events_starts_at_idx on events (starts_at);
    create index events_venue_idx on events (venue_id);
    create index events_status_idx on events (status);

    create table event_performers (
      event_id uuid not null references events (id) on delete cascade,
      performer_id uuid not null references performers (id),
      billing_order integer not null default 0,
      primary key (event_id, performer_id)
    );
    create index event_performers_performer_idx on event_performers (performer_id);

    create table event_price_tiers (
      event_id uuid not null references events (id) on delete cascade,
      code text not null,
      name text not null,
      price_amount integer not null check (price_amount >= 0),
      currency char(3) not null,
      primary key (event_id, code)
    );

    -- Same key, same answer: replayed writes return the stored response instead of acting twice.
    create table idempotency_keys (
      user_id uuid not null,
      scope text not null,
      key text not null,
      request_hash text not null,
      status_code integer,
      response jsonb,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      primary key (user_id, scope, key)
    );
    create index idempotency_keys_expires_idx on idempotency_keys (expires_at);

    create trigger users_updated_at before update on users for each row execute function set_updated_at();
    create trigger venues_updated_at before update on venues for each row execute function set_updated_at();
    create trigger performers_updated_at before update on performers for each row execute function set_updated_at();
    create trigger events_updated_at before update on events for each row execute function set_updated_at();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists idempotency_keys, event_price_tiers, event_performers, events, performers, venues,
      refresh_tokens, users cascade;
    drop function if exists set_updated_at();
    drop type if exists event_status, event_type, user_role;
  `.execute(db);
}
