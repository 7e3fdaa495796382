import { type EventDocument, type SearchHit, type SearchQuery, searchLimits } from '../backend';

/** Statuses never shown in search results. */
export const hiddenStatuses = ['draft', 'cancelled'] as const;

/**
 * Fields returned with each hit: everything a SearchHit needs, not the description. Picked from the
 * answer by filter_path (OpenSearchBackend), not by a `_source` filter in the request, which parsed
 * every hit's source into a map and filtered it through an automaton built per request (a quarter of
 * a search thread's time in JFR); filter_path copies the stored bytes through a streaming filter.
 */
export const hitSourceFields = [
  'id',
  'name',
  'type',
  'startsAt',
  'venue.id',
  'venue.name',
  'venue.city',
  'performers',
  'lowestPrice',
];

type Clause = Record<string, unknown>;

/** Fields a partial word is looked up in, with their boosts. */
const prefixFields: readonly [string, number][] = [
  ['name', 3],
  ['performers', 3],
  ['venue.name', 1.5],
  ['venue.city', 1.5],
];

/** A query word as event_text indexes it: lowercase, accents and a possessive "'s" removed. */
export function indexedForm(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]s$/u, '');
}

/**
 * Every word as the start of a word in one of the prefix fields ("tayl swif"): a range of the terms
 * dictionary per word, constant score. Words under 3 letters must match whole.
 */
function everyWordAsPrefix(text: string): Clause {
  const words = text.split(' ').map(indexedForm).filter(Boolean);
  return {
    bool: {
      must: words.map((word) => ({
        dis_max: {
          queries: prefixFields.map(([field, boost]) =>
            word.length >= 3
              ? { prefix: { [field]: { value: word, boost } } }
              : { term: { [field]: { value: word, boost } } },
          ),
        },
      })),
    },
  };
}

/**
 * The text part, BM25 throughout. A document matches when at least one of these matches:
 *  1. every word, each in some field (cross_fields, exact words): "taylor swift miami";
 *  2. the words in one field, the last one as a prefix (search as you type): "taylor sw";
 *  3. every word as the start of a word, each in some field: partial words, "tayl swif".
 * Exact and prefix word matches score above partial ones, so a real word outranks a lookalike.
 * Typos ("taylr swfit", "tyalor swift") are typoClause's: asked only when these find nothing (see
 * searchBody). (The 3rd was a 75%-of-3-letter-grams match over the `.ngram` subfields: a disjunction
 * over every gram's postings, two thirds of the query's cost on the 150,000-event set, for matches
 * that a prefix of each word finds too.)
 */
export function textClause(text: string): Clause {
  return {
    bool: {
      should: [
        {
          multi_match: {
            query: text,
            type: 'cross_fields',
            operator: 'and',
            fields: ['name^3', 'performers^3', 'venue.name^1.5', 'venue.city^1.5', 'description'],
            boost: 3,
          },
        },
        {
          multi_match: {
            query: text,
            type: 'bool_prefix',
            operator: 'and',
            max_expansions: 50,
            fields: ['name^3', 'performers^3', 'venue.name^1.5', 'venue.city^1.5'],
            boost: 2,
          },
        },
        everyWordAsPrefix(text),
      ],
      minimum_should_match: 1,
    },
  };
}

/**
 * The words in one field with typos allowed (fuzziness AUTO, transpositions counting as one edit):
 * "taylr swfit", "tyalor swift". Building the Levenshtein automata of every word for every field was
 * 40% of a text query's CPU on the 150,000-event set, so it is the second query, asked only when
 * textClause matched nothing (as the PostgreSQL backend corrects only words it cannot find).
 * (A 60%-of-3-letter-grams clause over the `.ngram` subfields beside it was tried: it let "zyxcreate
 * 14441-mx2toc9e" find "qwvrenamed 14441-mx2toc9e", nine of sixteen grams, a worse lookalike than any
 * edit distance allows.)
 */
export function typoClause(text: string): Clause {
  return {
    multi_match: {
      query: text,
      type: 'best_fields',
      fuzziness: 'AUTO',
      // The first letter must be right (as the PostgreSQL backend's corrections): typo expansion is
      // the costliest clause, and a word's first letter is the one people rarely get wrong.
      prefix_length: 1,
      max_expansions: 20,
      // 1–2 words: all of them; more: all but a quarter.
      minimum_should_match: '2<-25%',
      tie_breaker: 0.3,
      fields: ['name^3', 'performers^3'],
    },
  };
}

const maxWords = 8;
const maxWordLength = 40;

/**
 * Words of letters and digits, at most 8 of at most 40 characters (as the PostgreSQL backend reads
 * text), so a pasted paragraph cannot turn into thousands of grams. Null when nothing is left.
 */
export function normalizeText(input: string | undefined): string | null {
  const words = (input?.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [])
    .slice(0, maxWords)
    .map((word) => word.slice(0, maxWordLength));
  return words.length > 0 ? words.join(' ') : null;
}

export function filterClauses(query: SearchQuery): Clause[] {
  const filters: Clause[] = [];
  const city = query.city?.trim();
  // The keyword's normalizer lowercases the term too: "new york" finds "New York".
  if (city) filters.push({ term: { 'venue.city.keyword': city } });
  if (query.near) {
    filters.push({
      geo_distance: {
        distance: `${query.near.radiusKm}km`,
        'venue.location': { lat: query.near.lat, lon: query.near.lon },
      },
    });
  }
  if (query.from || query.to) {
    const range: Record<string, string> = {};
    if (query.from) range.gte = query.from.toISOString();
    if (query.to) range.lte = query.to.toISOString();
    filters.push({ range: { startsAt: range } });
  }
  if (query.type) filters.push({ term: { type: query.type } });
  return filters;
}

/**
 * The search request. `typos` swaps the text part for typoClause: the second try of a text search
 * whose first found nothing.
 */
export function searchBody(query: SearchQuery, { typos = false }: { typos?: boolean } = {}) {
  const text = normalizeText(query.text);
  const size = Math.min(Math.max(Math.trunc(query.size), 1), searchLimits.maxSize);
  const page = Math.max(Math.trunc(query.page), 1);
  const must = text ? [typos ? typoClause(text) : textClause(text)] : undefined;
  return {
    from: (page - 1) * size,
    size,
    // Exact up to the deepest reachable hit, like the PostgreSQL backend; past it counting stops (faster).
    track_total_hits: searchLimits.maxResultWindow,
    query: {
      bool: {
        ...(must ? { must } : {}),
        filter: filterClauses(query),
        // Hidden events are excluded at the top, not by a `bool.must_not` inside the filters: nested, it
        // pairs the exclusion with a match-all that every candidate must step through, which was ~40%
        // of a broad word's query time ("music", "tour": 11–16 ms → 6–9 ms per query on the
        // 150,000-event set, `took` medians).
        must_not: [{ terms: { status: [...hiddenStatuses] } }],
      },
    },
    // Best match first; soonest first among equals (and for filter-only searches); the id makes pages stable.
    sort: text
      ? [{ _score: 'desc' }, { startsAt: 'asc' }, { id: 'asc' }]
      : [{ startsAt: 'asc' }, { id: 'asc' }],
  };
}

export type HitSource = Pick<
  EventDocument,
  'id' | 'name' | 'type' | 'startsAt' | 'performers' | 'lowestPrice'
> & {
  venue: Pick<EventDocument['venue'], 'id' | 'name' | 'city'>;
};

export function toSearchHit(source: HitSource): SearchHit {
  return {
    eventID: source.id,
    name: source.name,
    date: new Date(source.startsAt).toISOString(),
    location: `${source.venue.name}, ${source.venue.city}`,
    type: source.type,
    venue: { id: source.venue.id, name: source.venue.name, city: source.venue.city },
    performers: source.performers ?? [],
    lowestPrice: source.lowestPrice ?? null,
  };
}
