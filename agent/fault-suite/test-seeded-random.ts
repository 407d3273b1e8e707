/** A small seeded PRNG (mulberry32) for the fault and abuse suite: the same seed gives the same run. */
export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let value = this.state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  }
  integer(maximumExclusive: number): number {
    return Math.floor(this.next() * maximumExclusive);
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.integer(items.length)]!;
  }
  string(maximumLength: number): string {
    const alphabets = [
      'abcdefghijklmnopqrstuvwxyz-',
      '0123456789',
      '{}[]":,\\/\n\t\u0000 ',
      'ü€😀\u202e\ud800',
      '%$`<>|&;',
    ];
    const length = this.integer(maximumLength + 1);
    let text = '';
    for (let index = 0; index < length; index += 1) text += this.pick([...this.pick(alphabets)]);
    return text;
  }
}

/** How many fuzzed cases to run: a fast subset in `npm test`, the size with AGENT_FAULT_SUITE=nightly. */
export function suiteSize(fast: number, nightly: number): number {
  return process.env['AGENT_FAULT_SUITE'] === 'nightly' ? nightly : fast;
}
