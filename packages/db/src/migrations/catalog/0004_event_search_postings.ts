import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations import no application code.
//
// `event_search_words` is a word -> event postings list beside the GIN index: one row per word of each
// `event_search` document, with the columns search filters and sorts on. A broad word ("london",
// 4,000 events of 150,000) costs the GIN path one heap visit and a tsquery recheck per match (~3,500
// pages for one count); here counting and taking the soonest matches are index-only scans of a few
// dozen pages. The text search resolves each typed word to vocabulary words first (search_words), so
// exact words are all it ever looks up. Kept by event_search_refresh(), in the same transaction as the
// change, like event_search itself.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table event_search_words (
      word text collate "C" not null,
      starts_at timestamptz not null,
      event_id uuid not null references event_search (event_id) on delete cascade,
      type event_type not null,
      city_key text not null
    );
    -- Covering: matches of a word, soonest first, with the city and type filters, without the heap.
    create index event_search_words_word_idx on event_search_words (word, starts_at, event_id) include (type, city_key);
    create index event_search_words_event_idx on event_search_words (event_id);

    create or replace function event_search_refresh(ids uuid[]) returns void language plpgsql as $$
    declare
      changed uuid[];
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
        returning s.event_id
      )
      select coalesce(array_agg(event_id), '{}') into changed from projected;

      if cardinality(changed) > 0 then
        delete from event_search_words w where w.event_id = any(changed);
        insert into event_search_words (word, starts_at, event_id, type, city_key)
        select word, s.starts_at, s.event_id, s.type, s.city_key
          from event_search s, unnest(tsvector_to_array(s.document)) as word
         where s.event_id = any(changed);
        -- Words are never removed: a stale one only offers a correction that matches nothing.
        insert into search_words (word)
        select distinct word from event_search s, unnest(tsvector_to_array(s.document)) as word
         where s.event_id = any(changed)
         order by word
        on conflict do nothing;
      end if;

      delete from event_search s
       where s.event_id = any(ids)
         and not exists (select 1 from events e where e.id = s.event_id and e.status not in ('draft', 'cancelled'));
    end $$;

    insert into event_search_words (word, starts_at, event_id, type, city_key)
    select word, s.starts_at, s.event_id, s.type, s.city_key
      from event_search s, unnest(tsvector_to_array(s.document)) as word;
    analyze event_search_words;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function event_search_refresh(ids uuid[]) returns void language plpgsql as $$
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
      insert into search_words (word)
      select distinct word from projected, unnest(tsvector_to_array(projected.document)) as word
       order by word
      on conflict do nothing;

      delete from event_search s
       where s.event_id = any(ids)
         and not exists (select 1 from events e where e.id = s.event_id and e.status not in ('draft', 'cancelled'));
    end $$;
    drop table if exists event_search_words;
  `.execute(db);
}
