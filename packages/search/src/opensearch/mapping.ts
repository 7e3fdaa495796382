/**
 * The `events` index: settings, analyzers and mapping.
 *
 * Text fields are analysed twice:
 *   - the field itself: standard tokenizer + possessive + lowercase + asciifolding, ranked by BM25 and queried with
 *     fuzziness AUTO (typos such as "swfit");
 *   - an `.ngram` subfield: the 3-letter grams of each word (the same idea as pg_trgm), so partial and
 *     misspelled words ("tayl swif", "tailor") still share most of their grams with the indexed word.
 *     (2-letter grams were tried first: they occur in nearly every document, so a partial query matched
 *     most of the 150,000-event benchmark set, which made totals meaningless and search slow.)
 * Exact filters use keyword subfields; the city keyword is lowercased by a normalizer so the filter is
 * case-insensitive.
 *
 * The ngram tokenizers and the lowercase/asciifolding filters come from the analysis-common module, which
 * the launcher in infra/opensearch loads as a classpath plugin.
 */

export interface EventsIndexSettings {
  /** How soon a write becomes searchable. CDC (<1 s end to end) wants something like '200ms'. */
  refreshInterval?: string;
  /** Leave out the ngram subfields (a standard-analyzer-only index, for size comparisons). */
  ngram?: boolean;
  shards?: number;
  replicas?: number;
}

export const defaultRefreshInterval = '1s';

export function eventsIndexBody(settings: EventsIndexSettings = {}) {
  const ngram = settings.ngram ?? true;
  const withNgram = (field: Record<string, unknown>, keyword?: Record<string, unknown>) => ({
    ...field,
    fields: {
      ...(ngram ? { ngram: { type: 'text', analyzer: 'event_ngram' } } : {}),
      ...(keyword ? { keyword } : {}),
    },
  });
  const text = { type: 'text', analyzer: 'event_text' };
  const exact = { type: 'keyword', ignore_above: 256 };
  const exactCaseless = { type: 'keyword', normalizer: 'caseless', ignore_above: 256 };

  return {
    settings: {
      index: {
        number_of_shards: settings.shards ?? 1,
        // One node: a replica could never be assigned and would leave the index yellow.
        number_of_replicas: settings.replicas ?? 0,
        refresh_interval: settings.refreshInterval ?? defaultRefreshInterval,
      },
      analysis: {
        tokenizer: {
          // Each gram is its own position, so "at least 75% of the query's grams" counts grams, not words
          // (a gram token filter would stack a word's grams on one position, as synonyms). Grams never
          // span two words: only letters and digits make up a gram.
          event_grams: { type: 'ngram', min_gram: 3, max_gram: 3, token_chars: ['letter', 'digit'] },
        },
        filter: {
          // "Bluey's" is indexed as "bluey", so "bluey" finds it.
          possessive: { type: 'stemmer', language: 'possessive_english' },
        },
        analyzer: {
          event_text: {
            type: 'custom',
            tokenizer: 'standard',
            filter: ['possessive', 'lowercase', 'asciifolding'],
          },
          event_ngram: { type: 'custom', tokenizer: 'event_grams', filter: ['lowercase', 'asciifolding'] },
        },
        normalizer: {
          caseless: { type: 'custom', filter: ['lowercase', 'asciifolding'] },
        },
      },
    },
    mappings: {
      // Unknown fields are kept in _source but not indexed: a new EventDocument field never breaks writes.
      dynamic: false,
      properties: {
        id: { type: 'keyword' },
        version: { type: 'long' },
        name: withNgram(text, exactCaseless),
        // Long prose: standard analysis only. Its grams would double the index and match almost anything.
        description: text,
        type: { type: 'keyword' },
        startsAt: { type: 'date' },
        status: { type: 'keyword' },
        venue: {
          properties: {
            id: { type: 'keyword' },
            name: withNgram(text, exactCaseless),
            city: withNgram(text, exactCaseless),
            country: exact,
            location: { type: 'geo_point' },
          },
        },
        performers: withNgram(text, exactCaseless),
        lowestPrice: {
          properties: {
            amount: { type: 'integer' },
            currency: { type: 'keyword' },
          },
        },
      },
    },
  };
}
