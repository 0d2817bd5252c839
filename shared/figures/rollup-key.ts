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
/** A "still on paper" row: how often one material of one item was handed in on paper. */
export const paperKey = (grain: Grain, value: string, period: Period, item: string, material: string) =>
  `P|${grain}=${value}|${period}|${item}|${material}`;

export interface ParsedRollupKey {
  family: 'R' | 'P';
  grain: Grain;
  value: string;
  period: Period;
  item?: string;
  material?: string;
}

export function parseRollupKey(key: string): ParsedRollupKey {
  const parts = key.split('|');
  const [family, gv, period, item, ...material] = parts;
  const eq = gv!.indexOf('=');
  return {
    family: family as 'R' | 'P', grain: gv!.slice(0, eq) as Grain, value: gv!.slice(eq + 1), period: period as Period,
    ...(family === 'P' ? { item: item!, material: material.join('|') } : {}),
  };
}

/** Counters by rollup key: what one entity adds to the figures. */
export type Contribution = Map<string, Record<string, number>>;

export function addTo(c: Contribution, key: string, counters: Record<string, number>): void {
  let row = c.get(key);
  if (!row) { row = {}; c.set(key, row); }
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
