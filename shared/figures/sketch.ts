// A mergeable quantile sketch for processing time (办理用时分布), DDSketch-style: logarithmic
// buckets whose representative value is within ALPHA relative error of every value in the
// bucket. Stored sparsely as counters named `pt<index>` (and `ptz` for zero), so rollups of
// days, months, departments merge by adding counters.

/** Relative accuracy of a bucket; under the 1% the figures promise, with room for interpolation. */
export const SKETCH_ALPHA = 0.009;
const GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);
const LOG_GAMMA = Math.log(GAMMA);
/** Values below this (≈ 8.6 s of working time) share the lowest bucket. */
const MIN_VALUE = 1e-4;

export const SKETCH_PREFIX = 'pt';
export const SKETCH_ZERO = 'ptz';

export function bucketOf(value: number): string {
  if (!(value > 0)) return SKETCH_ZERO;
  return `${SKETCH_PREFIX}${Math.ceil(Math.log(Math.max(value, MIN_VALUE)) / LOG_GAMMA)}`;
}

/** The value a bucket stands for (within SKETCH_ALPHA of every value in it). */
export function representativeOf(counter: string): number {
  return representative(counter);
}

function representative(counter: string): number {
  if (counter === SKETCH_ZERO) return 0;
  const i = Number(counter.slice(SKETCH_PREFIX.length));
  return (2 * GAMMA ** i) / (GAMMA + 1);
}

export function isSketchCounter(name: string): boolean {
  return name === SKETCH_ZERO || /^pt-?\d+$/.test(name);
}

/**
 * Quantiles the way domain.md defines them — the value at rank q·(n−1), interpolated linearly
 * between neighbours — read from the sketch's counters.
 */
export function sketchQuantiles(counters: Record<string, number>, qs: number[]): Array<number | null> {
  const buckets = Object.entries(counters)
    .filter(([k, n]) => isSketchCounter(k) && n > 0)
    .map(([k, n]) => ({ v: representative(k), n }))
    .sort((a, b) => a.v - b.v);
  const total = buckets.reduce((s, b) => s + b.n, 0);
  if (total === 0) return qs.map(() => null);
  const valueAtRank = (rank: number): number => {
    let seen = 0;
    for (const b of buckets) {
      seen += b.n;
      if (rank < seen) return b.v;
    }
    return buckets[buckets.length - 1]!.v;
  };
  return qs.map((q) => {
    const r = q * (total - 1);
    const lo = Math.floor(r);
    const a = valueAtRank(lo);
    const b = valueAtRank(Math.min(lo + 1, total - 1));
    return a + (b - a) * (r - lo);
  });
}

/** Exact quantile of a list (the brute-force reference in tests and benchmarks). */
export function exactQuantile(values: number[], q: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const r = q * (s.length - 1);
  const lo = Math.floor(r);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (s[hi]! - s[lo]!) * (r - lo);
}
