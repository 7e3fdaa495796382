import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations import no application code.
//
// `event_search` is the PostgreSQL search backend's projection: one row per listed event (not draft,
// not cancelled) with the venue, performers and lowest price folded in and a weighted tsvector.
// Statement-level triggers on every table it reads from keep it current in the same transaction as
// the change, so renaming a venue or a performer re-projects the events that show it. Statement-level
// (with transition tables) rather than row-level so a COPY of 150,000 events refreshes in one
// set-based statement, not 150,000.
//
// `search_words` is the vocabulary of those documents. Queries resolve each word against it: a known
// word matches exactly (cheap in GIN), a partial one as a prefix, and a misspelt one through its
// nearest words (pg_trgm similarity or a Levenshtein distance to a word's prefix), so typo tolerance
// costs a lookup in a small table instead of trigram rechecks over every event.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists unaccent;
    create extension if not exists fuzzystrmatch;

    -- Both the documents and the queries go through this, so "BEYONCE" finds "Beyoncé" and "ÉTÉ" finds
    -- "été": ICU lowercases what the C collation of the database would leave alone.
    create function search_fold(value text) returns text language sql stable parallel safe
      as $fold$ select lower(unaccent(value) collate "und-x-icu") $fold$;

    create table event_search (
      event_id uuid primary key references events (id) on delete cascade,
      name text not null,
      type event_type not null,
      starts_at timestamptz not null,
      venue_id uuid not null,
      venue_name text not null,
      city text not null,
      -- search_fold(city): matched against search_fold() of the requested city.
      city_key text not null,
      latitude double precision,
      longitude double precision,
      performers text[] not null,
      lowest_price_amount integer,
      lowest_price_currency char(3),
      -- name and headliner A, other performers B, venue and city B, description C.
      document tsvector not null
    );
    create index event_search_document_idx on event_search using gin (document);
    create index event_search_starts_at_idx on event_search (starts_at, event_id);
    create index event_search_city_idx on event_search (city_key, starts_at, event_id);
    create index event_search_type_idx on event_search (type, starts_at, event_id);
    -- Covering, so distance filters and counts are index-only scans: heap rows of one area are scattered
    -- over the table, and visiting them cost ten times the scan.
    create index event_search_location_idx on event_search using gist (point(longitude, latitude))
      include (type, starts_at, event_id, latitude, longitude)
      where latitude is not null and longitude is not null;

    -- Byte order (collate "C") so a prefix is a plain index range whatever the database's collation.
    create table search_words (word text collate "C" primary key);
    create index search_words_trgm_idx on search_words using gin (word gin_trgm_ops);

    create function event_search_refresh(ids uuid[]) returns void language plpgsql as $$
    begin
      with projected as (
        insert into event_search as s (event_id, name, type, starts_at, venue_id, venue_name, city, city_key,
          latitude, longitude, performers, lowest_price_amount, lowest_price_currency, document)
        select e.id, e.name, e.type, e.starts_at, v.id, v.name, v.city, search_fold(v.city), v.latitude, v.longitude,
               coalesce(p.names, '{}'), price.amount, price.currency,
               setweight(to_tsvector('simple', search_fold(e.name)), 'A')
                 || setweight(to_tsvector('simple', search_fold(coalesce(p.names[1], ''))), 'A')
                 || setweight(to_tsvector('simple', search_fold(coalesce(array_to_string(p.names[2:], ' '), ''))), 'B')
                 || setweight(to_tsvector('simple', search_fold(v.name || ' ' || v.city)), 'B')
                 || setweight(to_tsvector('simple', search_fold(e.description)), 'C')
          from events e
          join venues v on v.id = e.venue_id
          left join lateral (
            select array_agg(pf.name order by ep.billing_order, pf.name) as names
              from event_performers ep join performers pf on pf.id = ep.performer_id
             where ep.event_id = e.id
          ) p on true
          left join lateral (
            select t.price_amount as amount, t.currency from event_price_tiers t
             where t.event_id = e.id order by t.price_amount, t.code limit 1
          ) price on true
         where e.id = any(ids) and e.status not in ('draft', 'cancelled')
         -- One lock order for every refresh, so concurrent refreshes of the same events cannot deadlock.
         order by e.id
        on conflict (event_id) do update set
          name = excluded.name, type = excluded.type, starts_at = excluded.starts_at, venue_id = excluded.venue_id,
          venue_name = excluded.venue_name, city = excluded.city, city_key = excluded.city_key,
          latitude = excluded.latitude, longitude = excluded.longitude, performers = excluded.performers,
          lowest_price_amount = excluded.lowest_price_amount, lowest_price_currency = excluded.lowest_price_currency,
          document = excluded.document
        where (s.*) is distinct from (excluded.*)
        returning s.document
      )
      -- Words are never removed: a stale one only offers a correction that matches nothing.
      insert into search_words (word)
      select distinct word from projected, unnest(tsvector_to_array(projected.document)) as word
       order by word
      on conflict do nothing;

      delete from event_search s
       where s.event_id = any(ids)
         and not exists (select 1 from events e where e.id = s.event_id and e.status not in ('draft', 'cancelled'));
    end $$;

    create function event_search_sync_events() returns trigger language plpgsql as $$
    begin
      perform event_search_refresh(array(select id from new_rows));
      return null;
    end $$;

    create function event_search_sync_venues() returns trigger language plpgsql as $$
    begin
      perform event_search_refresh(array(
        select e.id from new_rows n
          join old_rows o on o.id = n.id
          join events e on e.venue_id = n.id
         where (n.name, n.city, n.latitude, n.longitude) is distinct from (o.name, o.city, o.latitude, o.longitude)));
      return null;
    end $$;

    create function event_search_sync_performers() returns trigger language plpgsql as $$
    begin
      perform event_search_refresh(array(
        select distinct ep.event_id from new_rows n
          join old_rows o on o.id = n.id
          join event_performers ep on ep.performer_id = n.id
         where n.name is distinct from o.name));
      return null;
    end $$;

    -- Shared by event_performers and event_price_tiers: both name their event in event_id.
    create function event_search_sync_event_rows() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform event_search_refresh(array(select distinct event_id from new_rows));
      elsif tg_op = 'DELETE' then
        perform event_search_refresh(array(select distinct event_id from old_rows));
      else
        perform event_search_refresh(array(select event_id from new_rows union select event_id from old_rows));
      end if;
      return null;
    end $$;

    create trigger event_search_events_insert after insert on events
      referencing new table as new_rows for each statement execute function event_search_sync_events();
    create trigger event_search_events_update after update on events
      referencing new table as new_rows for each statement execute function event_search_sync_events();
    create trigger event_search_venues_update after update on venues
      referencing old table as old_rows new table as new_rows for each statement execute function event_search_sync_venues();
    create trigger event_search_performers_update after update on performers
      referencing old table as old_rows new table as new_rows for each statement execute function event_search_sync_performers();
    create trigger event_search_event_performers_insert after insert on event_performers
      referencing new table as new_rows for each statement execute function event_search_sync_event_rows();
    create trigger event_search_event_performers_update after update on event_performers
      referencing old table as old_rows new table as new_rows for each statement execute function event_search_sync_event_rows();
    create trigger event_search_event_performers_delete after delete on event_performers
      referencing old table as old_rows for each statement execute function event_search_sync_event_rows();
    create trigger event_search_price_tiers_insert after insert on event_price_tiers
      referencing new table as new_rows for each statement execute function event_search_sync_event_rows();
    create trigger event_search_price_tiers_update after update on event_price_tiers
      referencing old table as old_rows new table as new_rows for each statement execute function event_search_sync_event_rows();
    create trigger event_search_price_tiers_delete after delete on event_price_tiers
      referencing old table as old_rows for each statement execute function event_search_sync_event_rows();

    select event_search_refresh(array(select id from events));
    analyze event_search;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger if exists event_search_events_insert on events;
    drop trigger if exists event_search_events_update on events;
    drop trigger if exists event_search_venues_update on venues;
    drop trigger if exists event_search_performers_update on performers;
    drop trigger if exists event_search_event_performers_insert on event_performers;
    drop trigger if exists event_search_event_performers_update on event_performers;
    drop trigger if exists event_search_event_performers_delete on event_performers;
    drop trigger if exists event_search_price_tiers_insert on event_price_tiers;
    drop trigger if exists event_search_price_tiers_update on event_price_tiers;
    drop trigger if exists event_search_price_tiers_delete on event_price_tiers;
    drop function if exists event_search_sync_events(), event_search_sync_venues(), event_search_sync_performers(),
      event_search_sync_event_rows(), event_search_refresh(uuid[]);
    drop table if exists event_search, search_words;
    drop function if exists search_fold(text);
  `.execute(db);
}
