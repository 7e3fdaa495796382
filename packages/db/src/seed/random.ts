/**
 * A small seeded PRNG (mulberry32). Each generated row seeds its own generator from its index, so any
 * row can be rebuilt alone and every run of the scale set produces the same rows.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  static forRow(kind: number, index: number): Random {
    return new Random(Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(kind + 1, 0x85ebca77));
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** The generator as a plain function, for code that takes `() => number`. */
  static fn(seed: number): () => number {
    const random = new Random(seed);
    return () => random.next();
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}
