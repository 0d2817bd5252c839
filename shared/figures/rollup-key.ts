// Identity of a rollup row (汇总行): a family, a grain=value, a period (day or month), and for the
// paper family an item and material. Written as one string so contributions can be diffed and
// merged as plain maps; the store turns it into DynamoDB keys.
import type { Grain } from './dimensions.js';

export type Period = `D${string}` | `M${string}` | `Y${string}`; // D2024-03-01 | M2024-03 | Y2024 (running totals only)

export const dayPeriod = (day: string): Period => `D${day}`;
export const monthPeriod = (day: string): Period => `M${day.slice(0, 7)}`;
export const yearPeriod = (day: string): Period => `Y${day.slice(0, 4)}`;

/** A figures row: counters of cases, complaints and evaluations. */
export const rollKey = (grain: Grain, value: string, period: Period) => `R|${grain}=${value}|${period}`;
/**
 * A "still on paper" row: per item, how often each of its materials was handed in on paper (one
 * counter per material, `paperCounter(code)`), so a case adds to one row per grain and period
 * however many of its materials were on paper.
 */
export const paperKey = (grain: Grain, value: string, period: Period, item: string) => `P|${grain}=${value}|${period}|${item}`;
/** The counter of one material in a paper row. */
export const paperCounter = (material: string) => `m:${material}`;
/** The material a paper row's counter counts, or undefined for any other attribute. */
export const materialOfPaperCounter = (counter: string): string | undefined => (counter.startsWith('m:') ? counter.slice(2) : undefined);

export interface ParsedRollupKey {
  family: 'R' | 'P';
  grain: Grain;
  value: string;
  period: Period;
  item?: string;
}

export function parseRollupKey(key: string): ParsedRollupKey {
  const parts = key.split('|');
  const [family, gv, period, ...item] = parts;
  const eq = gv!.indexOf('=');
  return {
    family: family as 'R' | 'P',
    grain: gv!.slice(0, eq) as Grain,
    value: gv!.slice(eq + 1),
    period: period as Period,
    ...(family === 'P' ? { item: item.join('|') } : {}),
  };
}

/** Counters by rollup key: what one entity adds to the figures. */
export type Contribution = Map<string, Record<string, number>>;

export function addTo(c: Contribution, key: string, counters: Record<string, number>): void {
  let row = c.get(key);
  if (!row) {
    row = {};
    c.set(key, row);
  }
  for (const [k, v] of Object.entries(counters)) if (v) row[k] = (row[k] ?? 0) + v;
}

/** new − old, per key and counter, without zero entries: what the aggregator must add. */
export function diffContributions(oldC: Contribution, newC: Contribution): Contribution {
  const out: Contribution = new Map();
  for (const [key, row] of newC) addTo(out, key, row);
  for (const [key, row] of oldC) addTo(out, key, Object.fromEntries(Object.entries(row).map(([k, v]) => [k, -v])));
  for (const [key, row] of out) {
    for (const [k, v] of Object.entries(row)) if (v === 0) delete row[k];
    if (Object.keys(row).length === 0) out.delete(key);
  }
  return out;
}

export function mergeInto(target: Contribution, more: Contribution): void {
  for (const [key, row] of more) addTo(target, key, row);
}
