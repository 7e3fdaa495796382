import type { Client } from '@opensearch-project/opensearch';
import {
  type EventDocument,
  type SearchBackend,
  type SearchQuery,
  type SearchResult,
  searchLimits,
} from '../backend';
import {
  deleteEvents,
  ensureEventsIndex,
  indexEvents,
  refreshEventsIndex,
  type WriteOptions,
  type WriteResult,
} from './events-index';
import type { EventsIndexSettings } from './mapping';
import { type HitSource, hitSourceFields, normalizeText, searchBody, toSearchHit } from './query';
import { SearchHttp } from './search-http';

const answerFields = ['hits.total', ...hitSourceFields.map((field) => `hits.hits._source.${field}`)];

export interface OpenSearchBackendOptions {
  /** The events index (or an alias of it), e.g. eventsIndexName('boxoffice'). */
  index: string;
  /** Settings used when ensureIndex() has to create the index. */
  indexSettings?: EventsIndexSettings;
  /** index.max_result_window of the index (OpenSearch's default, searchLimits.maxResultWindow); pages past it come back empty. */
  maxResultWindow?: number;
}

/** Event search on OpenSearch: BM25 over analysed text plus ngram subfields, filters in filter context. */
export class OpenSearchBackend implements SearchBackend {
  readonly name = 'opensearch' as const;
  readonly index: string;
  private readonly maxResultWindow: number;
  private readonly http: SearchHttp;

  constructor(
    readonly client: Client,
    private readonly options: OpenSearchBackendOptions,
  ) {
    this.index = options.index;
    this.maxResultWindow = options.maxResultWindow ?? searchLimits.maxResultWindow;
    // Searches go to the client's node (one node here; a pool of several would need a pool here too).
    const node = client.connectionPool.connections[0]?.url;
    if (!node) throw new Error('OpenSearchBackend: the client has no node to search');
    this.http = new SearchHttp(node);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const found = await this.run(searchBody(query));
    // Words that match nothing as typed or as prefixes may be typos: ask again allowing them.
    if (found.total > 0 || normalizeText(query.text) === null) return found;
    return this.run(searchBody(query, { typos: true }));
  }

  private async run(body: ReturnType<typeof searchBody>): Promise<SearchResult> {
    const page = body.from / body.size + 1;
    const beyondWindow = body.from + body.size > this.maxResultWindow;
    // OpenSearch refuses from+size past max_result_window; such a page is empty, but the total still counts.
    const request = beyondWindow ? { ...body, from: 0, size: 0 } : body;
    // Only what a SearchResult needs: without each hit's index, id, score and sort values and the
    // source fields it does not show, the answer is a third smaller to write and to parse. An empty
    // page leaves out hits.hits altogether.
    const { hits } = await this.http.search(this.index, request, answerFields);
    const total = typeof hits.total === 'number' ? hits.total : (hits.total?.value ?? 0);
    return {
      events: (hits.hits ?? []).map((hit) => toSearchHit(hit._source as HitSource)),
      total,
      page,
      size: body.size,
    };
  }

  /** Creates the index with the events mapping unless it exists; true when it created it. */
  ensureIndex(): Promise<boolean> {
    return ensureEventsIndex(this.client, this.index, this.options.indexSettings);
  }

  /** Index documents at their own versions; an older version never replaces a newer one. */
  indexEvents(docs: readonly EventDocument[], options?: WriteOptions): Promise<WriteResult> {
    return indexEvents(this.client, this.index, docs, options);
  }

  deleteEvents(
    ids: readonly string[],
    version?: number,
    options?: Omit<WriteOptions, 'versionMode'>,
  ): Promise<WriteResult> {
    return deleteEvents(this.client, this.index, ids, version, options);
  }

  refresh(): Promise<void> {
    return refreshEventsIndex(this.client, this.index);
  }

  /** Closes the search connections (the client is the caller's to close). */
  close(): Promise<void> {
    return this.http.close();
  }
}
