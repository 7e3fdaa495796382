import { Client } from '@opensearch-project/opensearch';

export type { Client as OpenSearchClient } from '@opensearch-project/opensearch';

export interface ClientOptions {
  /** Per-request timeout; bulk loads of large batches may want more. */
  requestTimeoutMs?: number;
  maxRetries?: number;
}

/** A client for the plain-HTTP, single-node OpenSearch the infra scripts start (or any OPENSEARCH_URL). */
export function createOpenSearchClient(url: string, options: ClientOptions = {}): Client {
  return new Client({
    node: url,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 3,
    // The default is a keep-alive agent; size it for the API's concurrency on one machine.
    agent: { keepAlive: true, maxSockets: 64, maxFreeSockets: 16 },
    suggestCompression: false,
    // Answers come from our own index and are read field by field (toSearchHit), never merged into an
    // object; the default scan of every answer for "__proto__"/"constructor" keys was ~0.1 ms per search.
    disablePrototypePoisoningProtection: true,
  });
}
