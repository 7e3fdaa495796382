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
 * The statement is the catalog's search_resolve_terms() (migration 0006), planned once per connection.
 */
export async function resolveTerms(catalog: CatalogDb, terms: readonly string[]): Promise<ResolvedTerm[]> {
  if (terms.length === 0) return [];
  const { rows } = await sql<{
    term: string;
    is_word: boolean;
    has_prefix: boolean;
    expansions: string[];
    corrections: string[];
  }>`select * from search_resolve_terms(${[...terms]}::text[], ${maxExpansions})`.execute(catalog);
  return rows.map((row) => ({
    term: row.term,
    isWord: row.is_word,
    hasPrefix: row.has_prefix,
    expansions: row.expansions,
    corrections: row.corrections,
  }));
}
