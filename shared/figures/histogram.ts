// The processing-time distribution (办理用时分布) as a histogram of working days, read from the
// log-bucket sketch the rollups keep (`pt<i>` counters, shared/figures/sketch.ts). Each sketch
// bucket falls into the bin of its representative value, which is within 0.9% of every value in
// it: a case is counted in the right bin unless its time lies within 0.9% of a bin edge (say
// 0.991–1.009 working days for the edge 1). Counts add up to the completed cases exactly. Pure.
import { isSketchCounter, representativeOf, SKETCH_ZERO } from './sketch.js';

/** Bin edges in working days: 即时 (0), up to ½ day, 1, 2, 3, 5, 10, 20, 40 working days, and more. */
export const HISTOGRAM_EDGES = [0.5, 1, 2, 3, 5, 10, 20, 40] as const;

export interface HistogramBin {
  /** Lower edge (exclusive, except the first bin which holds 0), working days. */
  from: number;
  /** Upper edge (inclusive), or null for the last, open bin. */
  to: number | null;
  count: number;
}

export function histogramOf(
  counters: Readonly<Record<string, number>>,
  edges: readonly number[] = HISTOGRAM_EDGES,
): { bins: HistogramBin[]; total: number } {
  const bins: HistogramBin[] = [0, ...edges].map((from, i) => ({ from, to: edges[i] ?? null, count: 0 }));
  let total = 0;
  for (const [k, n] of Object.entries(counters)) {
    if (!isSketchCounter(k) || !(n > 0)) continue;
    total += n;
    const v = k === SKETCH_ZERO ? 0 : representativeOf(k);
    const i = edges.findIndex((e) => v <= e);
    bins[i === -1 ? bins.length - 1 : i]!.count += n;
  }
  return { bins, total };
}
