// A small seeded generator for test data (mulberry32): the same data on every run and engine. Tests
// that compare against a brute-force recomputation or build a scenario use it; the demo city has its
// own (functions/demo/rng.ts). One copy here, so every test's data stays exactly what it was.

export interface SeededRng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number;
  /** A uniformly chosen element (the array must not be empty). */
  pick<T>(xs: readonly T[]): T;
  /** An element chosen with probability proportional to its weight. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T;
  /** True with probability p. */
  chance(p: number): boolean;
}

export function seededRng(seed: number): SeededRng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
    weighted(items) {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [v, w] of items) {
        x -= w;
        if (x < 0) return v;
      }
      return items.at(-1)![0];
    },
    chance: (p) => next() < p,
  };
}
