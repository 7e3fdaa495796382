import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations import no application code.
//
// A text search first resolves its words against the search_words vocabulary (exact word, prefix
// expansions, corrections) in one statement whose planning took as long as its execution (1.3 of
// 2.5 ms, EXPLAIN ANALYZE on the 150,000-event set), on every search: an unnamed statement is
// planned on every call. In a PL/pgSQL function the plan is made once per connection (generic: the
// plan does not depend on the words, only the rows do).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function search_resolve_terms(terms text[], max_expansions integer)
      returns table (term text, is_word boolean, has_prefix boolean, expansions text[], corrections text[])
      language plpgsql stable
      set plan_cache_mode = force_generic_plan
    as $fn$
    #variable_conflict use_column
    begin
      return query
    select t.term, p.is_word, p.has_prefix, grown.expansions::text[], fix.corrections::text[]
      from unnest(terms) with ordinality as u(raw, ord)
      cross join lateral (select search_fold(u.raw) as term) t
      cross join lateral (
        select exists (select 1 from search_words w where w.word = t.term) as is_word,
               exists (select 1 from search_words w where w.word >= t.term and w.word < t.term || chr(1114111)) as has_prefix
      ) p
      cross join lateral (
        select coalesce(array_agg(w.word order by w.word), '{}') as expansions
          from (select w.word from search_words w
                 where p.has_prefix and w.word >= t.term and w.word < t.term || chr(1114111)
                 order by w.word limit max_expansions + 1) w
      ) grown
      cross join lateral (
        select coalesce((array_agg(c.word order by length(c.word), c.word))[1:5], '{}') as corrections
          from (
            select w.word, d.distance, min(d.distance) over () as best
              from search_words w
              cross join lateral (
                select least(
                  levenshtein_less_equal(t.term, left(w.word, length(t.term) - 2), 2),
                  levenshtein_less_equal(t.term, left(w.word, length(t.term) - 1), 2),
                  levenshtein_less_equal(t.term, left(w.word, length(t.term)), 2),
                  levenshtein_less_equal(t.term, left(w.word, length(t.term) + 1), 2),
                  levenshtein_less_equal(t.term, left(w.word, length(t.term) + 2), 2)) as distance
              ) d
             where not p.has_prefix
               and length(t.term) >= 3
               and ((w.word >= left(t.term, 1) and w.word < left(t.term, 1) || chr(1114111)) or w.word % t.term)
               and d.distance <= case when length(t.term) >= 5 then 2 else 1 end
          ) c
         where c.distance = c.best
      ) fix
     order by u.ord;
    end
    $fn$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function search_resolve_terms(text[], integer)`.execute(db);
}
