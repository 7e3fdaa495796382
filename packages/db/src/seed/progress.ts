export type Log = (line: string) => void;

const number = new Intl.NumberFormat('en-US');
export const formatCount = (value: number): string => number.format(Math.round(value));
export const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

/**
 * Counts rows of a long load and prints a line at every 10% and at least every few seconds,
 * so a slow load is never a silent wait.
 */
export class Progress {
  private done = 0;
  private nextDecile = 1;
  private lastPrint: number;
  private readonly started: number;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly log: Log,
    private readonly everyMs = 3_000,
  ) {
    this.started = performance.now();
    this.lastPrint = this.started;
  }

  add(rows: number): void {
    this.done += rows;
    const now = performance.now();
    const decile = this.total > 0 ? Math.floor((this.done / this.total) * 10) : 10;
    if (decile >= this.nextDecile || now - this.lastPrint >= this.everyMs) {
      this.nextDecile = decile + 1;
      this.lastPrint = now;
      this.print(now);
    }
  }

  get rows(): number {
    return this.done;
  }

  private print(now: number): void {
    const elapsed = now - this.started;
    const percent = this.total > 0 ? ` (${Math.floor((this.done / this.total) * 100)}%)` : '';
    const rate = elapsed > 0 ? ` ${formatCount((this.done / elapsed) * 1000)} rows/s` : '';
    this.log(
      `${this.label}: ${formatCount(this.done)}/${formatCount(this.total)}${percent} after ${formatSeconds(elapsed)},${rate}`,
    );
  }
}

/** Runs `work` and records how long it took under `name`. */
export async function timed<T>(
  phases: Map<string, number>,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    phases.set(name, performance.now() - started);
  }
}
