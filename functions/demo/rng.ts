// A small, fast, seeded pseudo-random generator for the demo city (演示数据): sfc32
// (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state, passes
// PractRand to 2^40+ bytes) seeded through splitmix32, with the helpers the
// generator needs. Pure 32-bit integer arithmetic, so a seed gives the same
// stream on every engine and platform. Not for cryptography.

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  uint32(): number;
  /** Uniform integer in [lo, hi] (inclusive both ends). */
  int(lo: number, hi: number): number;
  /** Uniform float in [lo, hi). */
  float(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A uniformly chosen element (the array must not be empty). */
  pick<T>(items: readonly T[]): T;
  /** An element chosen with probability proportional to its weight (linear scan; use sampler() in hot loops). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** A sampler of indices 0..n-1 proportional to weights, O(1) per draw (Walker/Vose alias method). */
  sampler(weights: readonly number[]): () => number;
  /** Normal(mean, sd) (Box–Muller). */
  normal(mean?: number, sd?: number): number;
  /** Lognormal: exp(Normal(mu, sigma)); median e^mu. */
  lognormal(mu: number, sigma: number): number;
  /** Geometric number of failures before the first success (mean (1 − p) / p). */
  geometric(p: number): number;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent generator derived from this one's seed and a label (does not advance this one). */
  fork(label: string): Rng;
}

/** splitmix32: spreads a 32-bit seed over the state words. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a over a label, mixed with a seed: stable sub-seeds for fork(). */
export function hashSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return splitmix32(h)();
}

const TWO_32 = 4294967296;

class Sfc32 implements Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  #spare: number | null = null;
  readonly #seed: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`createRng: seed must be a finite number, got ${seed}`);
    // Non-integer or negative seeds map onto 32 bits deterministically.
    this.#seed = Math.trunc(seed) >>> 0;
    const mix = splitmix32(this.#seed ^ Math.trunc(seed / TWO_32));
    this.#a = mix();
    this.#b = mix();
    this.#c = mix();
    this.#d = 1;
    for (let i = 0; i < 12; i++) this.uint32(); // discard the warm-up outputs
  }

  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.uint32() / TWO_32;
  }

  int(lo: number, hi: number): number {
    if (hi < lo) throw new RangeError(`int: empty range [${lo}, ${hi}]`);
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  float(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick: empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i]!;
      if (r < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  sampler(weights: readonly number[]): () => number {
    const n = weights.length;
    if (n === 0) throw new RangeError('sampler: no weights');
    let total = 0;
    for (const w of weights) {
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`sampler: weights must be finite and ≥ 0, got ${w}`);
      total += w;
    }
    if (total <= 0) throw new RangeError('sampler: weights sum to 0');
    const prob = new Float64Array(n);
    const alias = new Int32Array(n);
    const scaled = weights.map((w) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    for (const [i, p] of scaled.entries()) (p < 1 ? small : large).push(i);
    while (small.length && large.length) {
      const s = small.pop()!;
      const l = large.pop()!;
      prob[s] = scaled[s]!;
      alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    for (const i of large) prob[i] = 1;
    for (const i of small) prob[i] = 1; // rounding leftovers
    return () => {
      const u = this.next() * n;
      const i = Math.floor(u);
      return u - i < prob[i]! ? i : alias[i]!;
    };
  }

  normal(mean = 0, sd = 1): number {
    if (this.#spare !== null) {
      const z = this.#spare;
      this.#spare = null;
      return mean + sd * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spare = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  geometric(p: number): number {
    if (p >= 1) return 0;
    let u = 0;
    while (u === 0) u = this.next();
    return Math.floor(Math.log(u) / Math.log(1 - p));
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  fork(label: string): Rng {
    return new Sfc32(hashSeed(this.#seed, label));
  }
}

/** A seeded generator: the same seed always yields the same sequence. */
export function createRng(seed: number): Rng {
  return new Sfc32(seed);
}
