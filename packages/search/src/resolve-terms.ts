import type { CatalogDb } from '@boxoffice/db';
import { sql } from 'kysely';
import type { ResolvedTerm } from './search-text';

/** Most vocabulary words a prefix stands for; past it the query goes to the GIN index as a prefix. */
export const maxExpansions = 64;

/**
 * Look each term up in `search_words` (the vocabulary of every listed event's document), in one
 * round trip. A term nothing starts with gets corrections: words sharing its first letter or its
 * trigrams (pg_trgm `%`), within a Levenshtein distance of a prefix of the same length (1 edit up to
 * four letters, 2 from five, so a swapped pair as in "swfit" still finds "swift"), nearest first.
 */
export async function resolveTerms(catalog: CatalogDb, terms: readonly string[]): Promise<ResolvedTerm[]> {
  if (terms.length === 0) return [];
  const { rows } = await sql<{
    term: string;
    is_word: boolean;
    has_prefix: boolean;
    expansions: string[];
    corrections: string[];
  }>`
    select t.term, p.is_word, p.has_prefix, grown.expansions, fix.corrections
      from unnest(${[...terms]}::text[]) with ordinality as u(raw, ord)
      cross join lateral (select search_fold(u.raw) as term) t
      cross join lateral (
        select exists (select 1 from search_words w where w.word = t.term) as is_word,
               exists (select 1 from search_words w where w.word >= t.term and w.word < t.term || chr(1114111)) as has_prefix
      ) p
      cross join lateral (
        select coalesce(array_agg(w.word order by w.word), '{}') as expansions
          from (select w.word from search_words w
                 where p.has_prefix and w.word >= t.term and w.word < t.term || chr(1114111)
                 order by w.word limit ${maxExpansions + 1}) w
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
     order by u.ord`.execute(catalog);
  return rows.map((row) => ({
    term: row.term,
    isWord: row.is_word,
    hasPrefix: row.has_prefix,
    expansions: row.expansions,
    corrections: row.corrections,
  }));
}
