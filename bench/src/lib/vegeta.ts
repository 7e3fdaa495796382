import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '@boxoffice/config';
import type { OpenLoadOptions, Sample } from './open-load';

/**
 * vegeta (Go) as the open-model load generator: the same fixed schedule as runOpenLoad, at a
 * fraction of a Node client's CPU, which on a 2-core machine is CPU the server gets back. Built
 * with `go install` into .data/tools/go/bin, pinned, like stripe-mock.
 */
export const vegetaVersion = 'v12.13.0';
const goBin = join(repoRoot, '.data', 'tools', 'go', 'bin');
const vegetaBin = join(goBin, 'vegeta');

export function ensureVegeta(): string {
  if (existsSync(vegetaBin)) return vegetaBin;
  const go = existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
  console.log(`installing vegeta ${vegetaVersion} with go install into ${goBin} (a minute or two, once)`);
  mkdirSync(goBin, { recursive: true });
  const res = spawnSync(go, ['install', `github.com/tsenart/vegeta/v12@${vegetaVersion}`], { stdio: 'inherit', env: { ...process.env, GOBIN: goBin } });
  if (res.status !== 0) throw new Error('go install of vegeta failed: install Go 1.22+ (https://go.dev/dl/) or run the bench with --load node');
  return vegetaBin;
}

interface VegetaResult {
  seq: number;
  code: number;
  timestamp: string;
  latency: number;
  body: string;
  error: string;
}

/** Every request planned first (in order, so `request(i)` sees the same sequence), then fired on schedule. */
export async function runVegeta(options: OpenLoadOptions): Promise<{ samples: Sample[]; elapsedMs: number }> {
  const bin = ensureVegeta();
  const dir = join(repoRoot, '.data', 'bench-vegeta');
  mkdirSync(dir, { recursive: true });
  const total = Math.round(options.rate * options.durationSeconds);
  const lines: string[] = [];
  for (let i = 0; i < total; i++) {
    const { path, body, headers } = options.request(i);
    const header: Record<string, string[]> = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
    if (options.method !== 'GET') header['content-type'] = ['application/json'];
    lines.push(
      JSON.stringify({
        method: options.method ?? 'POST',
        url: `${options.url}${path}`,
        header,
        ...(options.method === 'GET' ? {} : { body: Buffer.from(body).toString('base64') }),
      }),
    );
  }
  const targets = join(dir, 'targets.jsonl');
  const output = join(dir, 'results.bin');
  writeFileSync(targets, `${lines.join('\n')}\n`);
  options.onLoadStart?.();
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const attack = spawn(
      bin,
      [
        'attack',
        `-targets=${targets}`,
        '-format=json',
        '-lazy',
        `-rate=${options.rate}/1s`,
        `-duration=${options.durationSeconds}s`,
        `-max-connections=${options.connections}`,
        `-connections=${options.connections}`,
        '-timeout=60s',
        `-output=${output}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    attack.once('error', reject);
    attack.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vegeta attack exited ${code}`))));
  });
  options.onLoadEnd?.();
  const elapsedMs = performance.now() - started;
  const encoded = join(dir, 'results.jsonl');
  const res = spawnSync(bin, ['encode', '--to=json', `--output=${encoded}`, output], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (res.status !== 0) throw new Error('vegeta encode failed');

  const results: VegetaResult[] = [];
  for await (const line of createInterface({ input: createReadStream(encoded) })) if (line) results.push(JSON.parse(line) as VegetaResult);
  const sent = (r: VegetaResult) => Date.parse(r.timestamp);
  const start = Math.min(...results.map(sent));
  const intervalMs = 1000 / options.rate;
  const samples = results.map((r): Sample => {
    const doneAtMs = sent(r) - start + r.latency / 1e6;
    // From when it was due (as runOpenLoad counts), if vegeta sent it late.
    const due = r.seq * intervalMs;
    const text = r.body ? Buffer.from(r.body, 'base64').toString('utf8') : '';
    return {
      status: r.code,
      latencyMs: Math.max(r.latency / 1e6, doneAtMs - due),
      body: options.keepBodies === false ? '' : text,
      index: r.seq,
      doneAtMs,
      bodyLength: text.length,
    };
  });
  return { samples, elapsedMs };
}
