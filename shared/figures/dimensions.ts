// Dimensions of the figures (统计维度) and the rollup grains that answer filters.
// A figure for a filter is read from the rollups of one grain: a single dimension, or
// department × county (a district supervisor looking at one department).
import type { Level } from '../enums.js';
import { regionGrain } from '../region-code.js';

export const GRAINS = ['all', 'dept', 'county', 'town', 'item', 'channel', 'level', 'dept_county'] as const;
export type Grain = (typeof GRAINS)[number];

/**
 * Grains that also keep month rows. The fine grains (township, item, channel, level,
 * department × county) keep day rows only — each case would otherwise write two more rows per
 * fine grain, and they are read over short ranges — except for the overdue counter, whose
 * running total since 2019 needs month rows everywhere (it changes rarely, so it costs little).
 */
export const MONTH_GRAINS: ReadonlySet<Grain> = new Set(['all', 'dept', 'county']);

export interface Filter {
  department?: string;
  region?: string; // 12-digit code of a county/district or a township
  item?: string;
  channel?: string;
  level?: string;
}

/** The dimensions of one case (or complaint, evaluation) as the rollups see them. */
export interface Dims {
  dept: string;
  county?: string;
  town?: string;
  item?: string;
  channel?: string;
  level?: Level;
}

export const NEARBY_LEVELS: ReadonlySet<Level> = new Set(['town', 'street', 'village', 'community']); // 就近办

/** The rollup identities (grain=value) a contribution with these dimensions is added to. */
export function grainValues(d: Dims): Array<[Grain, string]> {
  const out: Array<[Grain, string]> = [
    ['all', '*'],
    ['dept', d.dept],
  ];
  if (d.county) out.push(['county', d.county], ['dept_county', `${d.dept}~${d.county}`]);
  if (d.town) out.push(['town', d.town]);
  if (d.item) out.push(['item', d.item]);
  if (d.channel) out.push(['channel', d.channel]);
  if (d.level) out.push(['level', d.level]);
  return out;
}

export class UnsupportedFilterError extends Error {}

/** The one grain that answers a filter; throws for combinations no rollup holds. */
export function grainForFilter(f: Filter): [Grain, string] {
  const set = Object.entries(f).filter(([, v]) => v !== undefined && v !== '') as Array<[keyof Filter, string]>;
  if (set.length === 0) return ['all', '*'];
  if (set.length === 1) {
    const [k, v] = set[0]!;
    if (k === 'department') return ['dept', v];
    if (k === 'region') return [regionGrain(v), v];
    return [k, v];
  }
  if (set.length === 2 && f.department && f.region && regionGrain(f.region) === 'county') {
    return ['dept_county', `${f.department}~${f.region}`];
  }
  throw new UnsupportedFilterError('filters combine one dimension at a time, or department with a county/district; narrow the filter');
}

/** Complaints and evaluations carry no channel or handling level: under those filters they are read unfiltered. */
export function withoutCaseOnlyDims(f: Filter): Filter {
  const { channel: _c, level: _l, ...rest } = f;
  return rest;
}
