// Dimensions of the figures (统计维度) and the rollup grains that answer filters.
// A figure for a filter is read from the rollups of one grain: a single dimension, or
// department × county (a district supervisor looking at one department).
import type { Level } from '../contract/enums.js';

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

/**
 * The handling level of a 12-digit division code (行政区划代码):
 * PPCCDD TTT VVV — county DD, township TTT (001–099 街道 street, 100–199 镇 town, 200+ 乡 town),
 * village-level VVV (1xx 居委会 community, 2xx 村委会 village; NBS 统计用区划代码 convention).
 */
export function levelOfRegion(code: string): Level {
  if (code.slice(4, 6) === '00') return 'city';
  if (code.slice(6, 9) === '000') return 'county';
  if (code.slice(9, 12) !== '000') return code[9] === '1' ? 'community' : 'village';
  return Number(code.slice(6, 9)) < 100 ? 'street' : 'town';
}

export const NEARBY_LEVELS: ReadonlySet<Level> = new Set(['town', 'street', 'village', 'community']); // 就近办

export function countyOf(code: string): string | undefined {
  return code.slice(4, 6) === '00' ? undefined : `${code.slice(0, 6)}000000`;
}
export function townOf(code: string): string | undefined {
  return code.slice(6, 9) === '000' ? undefined : `${code.slice(0, 9)}000`;
}

/** The rollup identities (grain=value) a contribution with these dimensions is added to. */
export function grainValues(d: Dims): Array<[Grain, string]> {
  const out: Array<[Grain, string]> = [['all', '*'], ['dept', d.dept]];
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
  throw new UnsupportedFilterError(
    'filters combine one dimension at a time, or department with a county/district; narrow the filter',
  );
}

/**
 * The pseudo-county of evaluations whose region is unknown (地区未知: naming no case, or a case
 * not known when counted). Its rows sit beside the counties' (county and department × county),
 * read only by the breakdown by region; no user's scope is ever this value.
 */
export const REGION_UNKNOWN = 'unknown';

export function regionGrain(code: string): 'county' | 'town' {
  return code === REGION_UNKNOWN || code.slice(6, 9) === '000' ? 'county' : 'town';
}

/** Complaints and evaluations carry no channel or handling level: under those filters they are read unfiltered. */
export function withoutCaseOnlyDims(f: Filter): Filter {
  const { channel: _c, level: _l, ...rest } = f;
  return rest;
}
