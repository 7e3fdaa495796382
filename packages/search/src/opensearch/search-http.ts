import { Pool, RetryAgent } from 'undici';

/** A `_search` answer as filter_path leaves it: totals, and each hit's picked source fields. */
export interface SearchAnswer {
  hits: { total?: number | { value: number }; hits?: { _source: unknown }[] };
}

/** OpenSearch refused a search (4xx/5xx after retries): the status and the node's own reason. */
export class SearchRequestError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: string,
  ) {
    super(`OpenSearch answered ${statusCode} to a search: ${body.slice(0, 500)}`);
    this.name = 'SearchRequestError';
  }
}

/**
 * `POST /{index}/_search` over undici, for the one request every uncached search makes. The
 * opensearch-js client (still used for indexing and administration) costs more on this path than the
 * search itself warrants: its Transport builds a result object with a per-request accessor property,
 * a thenable, listeners and a string concatenation of the body for each call, and an API process
 * calling it at 200 searches/s kept 6–24 MB of young objects alive per scavenge (20–35 ms pauses;
 * a bare http.request loop: 4 KB). Same node, same body, same filter_path.
 *
 * Connection failures and 502/503/504 are retried twice (a search is idempotent); other answers
 * of 400 and above throw SearchRequestError.
 */
export class SearchHttp {
  private readonly pool: Pool;
  private readonly dispatcher: RetryAgent;
  private readonly headers: Record<string, string>;
  private readonly basePath: string;

  constructor(nodeUrl: string | URL, options: { timeoutMs?: number; connections?: number } = {}) {
    const url = new URL(nodeUrl);
    const timeout = options.timeoutMs ?? 30_000;
    this.pool = new Pool(url.origin, { connections: options.connections ?? 64, headersTimeout: timeout, bodyTimeout: timeout });
    this.dispatcher = new RetryAgent(this.pool, { maxRetries: 2, minTimeout: 50, methods: ['POST'], statusCodes: [502, 503, 504] });
    this.headers = { 'content-type': 'application/json' };
    if (url.username) {
      const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      this.headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
    this.basePath = url.pathname.replace(/\/$/, '');
  }

  async search(index: string, body: unknown, filterPath: readonly string[]): Promise<SearchAnswer> {
    const path = `${this.basePath}/${encodeURIComponent(index)}/_search?filter_path=${encodeURIComponent(filterPath.join(','))}`;
    const res = await this.dispatcher.request({ method: 'POST', path, body: JSON.stringify(body), headers: this.headers });
    const text = await res.body.text();
    if (res.statusCode >= 400) throw new SearchRequestError(res.statusCode, text);
    return JSON.parse(text) as SearchAnswer;
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}
