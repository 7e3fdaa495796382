import { Pool } from 'undici';

export interface OpenLoadOptions {
  url: string;
  /** Requests started per second, whatever the server's speed (open model). */
  rate: number;
  durationSeconds: number;
  connections: number;
  request: (i: number) => { path: string; body: string; headers: Record<string, string> };
  /** GET sends no body and no content type; POST (the default) sends `body` as JSON. */
  method?: 'GET' | 'POST';
  /** Keep each answer's body in its sample (default true); false keeps only its size, for large pages. */
  keepBodies?: boolean;
  /** Called just before the first request leaves (after any planning), where CPU accounting starts. */
  onLoadStart?: () => void;
  /** Called the moment the last answer is in, before any post-processing (CPU accounting ends there). */
  onLoadEnd?: () => void;
}

export interface Sample {
  status: number;
  /** From the request's scheduled start, so a slow server cannot hide queueing (no coordinated omission). */
  latencyMs: number;
  body: string;
  index: number;
  /** When the answer arrived, from the start of the run. */
  doneAtMs: number;
  /** Length of the answer's body in characters. */
  bodyLength?: number;
  /** How late the generator sent it (ms after it was due): a stall of the generator, not the server. */
  sentLateMs?: number;
}

/** Fire requests on a fixed schedule and record each answer's latency from when it was due. */
export async function runOpenLoad(options: OpenLoadOptions): Promise<{ samples: Sample[]; elapsedMs: number }> {
  const pool = new Pool(options.url, { connections: options.connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const total = Math.round(options.rate * options.durationSeconds);
  const intervalMs = 1000 / options.rate;
  const samples: Sample[] = [];
  const inflight: Promise<void>[] = [];
  options.onLoadStart?.();
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const { path, body, headers } = options.request(i);
    // Latency counts from when the request was due, or from when it left if it left early.
    const sentAt = performance.now();
    const from = Math.min(due, sentAt);
    const sentLateMs = Math.max(0, sentAt - due);
    const request =
      options.method === 'GET'
        ? pool.request({ method: 'GET', path, headers })
        : pool.request({ method: 'POST', path, body, headers: { 'content-type': 'application/json', ...headers } });
    inflight.push(
      request
        .then(async (res) => {
          const text = await res.body.text();
          const kept = options.keepBodies === false ? '' : text;
          samples.push({ status: res.statusCode, latencyMs: performance.now() - from, body: kept, index: i, doneAtMs: performance.now() - start, bodyLength: text.length, sentLateMs });
        })
        .catch(() => {
          samples.push({ status: 0, latencyMs: performance.now() - from, body: '', index: i, doneAtMs: performance.now() - start, sentLateMs });
        }),
    );
  }
  await Promise.all(inflight);
  options.onLoadEnd?.();
  const elapsedMs = performance.now() - start;
  await pool.close();
  return { samples, elapsedMs };
}
