import { Pool } from 'undici';

export interface ClosedLoadOptions {
  url: string;
  /** Requests in flight at all times: each connection sends its next request when the last is answered. */
  connections: number;
  durationSeconds: number;
  /** Path of the i-th GET. */
  path: (i: number) => string;
}

/**
 * Closed-loop GET load: the most the server answers per second with `connections` requests always in
 * flight. Only for a throughput ceiling; latencies under a closed loop hide queueing, so they are not kept.
 */
export async function runClosedLoad(options: ClosedLoadOptions): Promise<{ requests: number; ok: number; perSecond: number; elapsedMs: number }> {
  const pool = new Pool(options.url, { connections: options.connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const start = performance.now();
  const end = start + options.durationSeconds * 1000;
  let requests = 0;
  let ok = 0;
  let next = 0;
  const loop = async () => {
    while (performance.now() < end) {
      const path = options.path(next++);
      try {
        const res = await pool.request({ method: 'GET', path });
        await res.body.dump({ limit: Number.POSITIVE_INFINITY });
        if (res.statusCode === 200) ok++;
      } catch {}
      requests++;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  const elapsedMs = performance.now() - start;
  await pool.close();
  return { requests, ok, perSecond: Math.round(ok / (elapsedMs / 1000)), elapsedMs };
}
