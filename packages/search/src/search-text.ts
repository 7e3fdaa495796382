/**
 * Free text as the PostgreSQL backend matches it: lowercase words of letters and digits. Punctuation
 * never reaches to_tsquery, and every operand is quoted, so no input can make a tsquery syntax error.
 */
const maxTerms = 8;
const maxTermLength = 40;
/** Shorter words match whole: a one- or two-letter prefix would expand to half the vocabulary. */
const minPrefixLength = 3;

export interface SearchText {
  /** The terms joined by single spaces: the normalised query. */
  text: string;
  terms: string[];
}

export function searchText(input: string | undefined): SearchText | null {
  const terms = (input?.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .slice(0, maxTerms)
    .map((term) => term.slice(0, maxTermLength));
  return terms.length ? { text: terms.join(' '), terms } : null;
}

/** A query term as the vocabulary knows it (folded: lowercase, accents removed). */
export interface ResolvedTerm {
  term: string;
  /** The vocabulary holds this exact word. */
  isWord: boolean;
  /** Some word starts with it (the word itself included). */
  hasPrefix: boolean;
  /** The words that start with it, in byte order: at most maxExpansions + 1 (more means "too many"). */
  expansions: string[];
  /** Nearest words when nothing starts with it: the likely intended spellings. */
  corrections: string[];
}

const quote = (word: string) => `'${word.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
const prefix = (term: string) => (term.length >= minPrefixLength ? `${quote(term)}:*` : quote(term));

/**
 * The tsquery: every term must match. In `strict` mode a known word other than the last matches
 * exactly (a posting list, not a prefix scan); the last term is what the fan is still typing, so it
 * stays a prefix. `prefix` mode makes every term a prefix ("tay swift" when "tay" is also a word).
 * A misspelt term becomes the OR of its corrections; a term with neither is dropped.
 */
export function wordsTsQuery(terms: readonly ResolvedTerm[], mode: 'strict' | 'prefix'): string | null {
  const last = terms.length - 1;
  const parts = terms.flatMap((t, i) => {
    if (t.hasPrefix) return [mode === 'strict' && i < last && t.isWord ? quote(t.term) : prefix(t.term)];
    if (t.corrections.length) return [`(${t.corrections.map(quote).join(' | ')})`];
    return [];
  });
  return parts.length ? parts.join(' & ') : null;
}

/**
 * The same match as wordsTsQuery, as vocabulary words: an event matches when, for every set, it has
 * at least one of its words. Null when a prefix stands for more words than `limit` (then the tsquery's
 * prefix match is the cheaper way) or when no term is left.
 */
export function wordSets(terms: readonly ResolvedTerm[], mode: 'strict' | 'prefix', limit: number): string[][] | null {
  const last = terms.length - 1;
  const sets: string[][] = [];
  for (const [i, t] of terms.entries()) {
    if (t.hasPrefix) {
      const exact = (mode === 'strict' && i < last && t.isWord) || t.term.length < minPrefixLength;
      if (exact) sets.push([t.term]);
      else if (t.expansions.length > limit) return null;
      else sets.push(t.expansions);
    } else if (t.corrections.length) sets.push(t.corrections);
  }
  return sets.length ? sets : null;
}
