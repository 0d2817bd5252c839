// 行政区划代码 (12-digit administrative division codes): the one place that knows their structure.
//   PP CC DD TTT VVV — province, city, county/district DD, township TTT (001–099 街道 street,
//   100–199 镇 town, 200+ 乡 town), village-level VVV (1xx 居委会 community, 2xx 村委会 village;
//   the NBS 统计用区划代码 convention). Membership in a region is decided by this structure (or by the
//   division table, shared/access/region-scope.ts) — never by stripping trailing zeros, which let
//   a township code such as 370305100 "contain" 370305101.
import type { Level } from './enums.js';

export const REGION_CODE_RE = /^\d{12}$/;

/** A division (行政区划 or 功能区): the API's contract, shared/contract/reference.ts. */
export type { Region } from './contract/reference.js';

/** 市级: a code with no county part (e.g. 370300000000). */
export const isCityLevelCode = (code: string): boolean => code.slice(4, 6) === '00';

/** 区县: a county/district code (e.g. 370303000000). */
export const isCountyCode = (code: string): boolean => !isCityLevelCode(code) && code.slice(6) === '000000';

/** The handling level (办理层级) of a code. */
export function levelOfRegion(code: string): Level {
  if (isCityLevelCode(code)) return 'city';
  if (code.slice(6, 9) === '000') return 'county';
  if (code.slice(9, 12) !== '000') return code[9] === '1' ? 'community' : 'village';
  return Number(code.slice(6, 9)) < 100 ? 'street' : 'town';
}

/** The county/district a code lies in (12 digits), or undefined for a city-level code. */
export function countyOf(code: string): string | undefined {
  return isCityLevelCode(code) ? undefined : `${code.slice(0, 6)}000000`;
}

/** The township/street a code lies in (12 digits), or undefined above township level. */
export function townOf(code: string): string | undefined {
  return code.slice(6, 9) === '000' ? undefined : `${code.slice(0, 9)}000`;
}

/**
 * The pseudo-county of evaluations whose region is unknown (地区未知: naming no case, or a case
 * not known when counted). Its rows sit beside the counties' (county and department × county),
 * read only by the breakdown by region; no user's scope is ever this value.
 */
export const REGION_UNKNOWN = 'unknown';

/** Which rollup grain holds a region filter: a county code (or region unknown) reads county rows, anything below reads township rows. */
export function regionGrain(code: string): 'county' | 'town' {
  return code === REGION_UNKNOWN || code.slice(6, 9) === '000' ? 'county' : 'town';
}

/** The 6-digit county code (370303) used in report scopes, from a 12-digit county code or any code inside it. */
export const countySix = (code: string): string => code.slice(0, 6);

/** The 12-digit code of a 6-digit county code. */
export const countyFromSix = (six: string): string => `${six}000000`;

/** The city's own 12-digit division code from its short code (e.g. 3703 → 370300000000). */
export const cityRegionCode = (cityCode: string): string => cityCode.padEnd(12, '0');

/** The structural parent of a 12-digit code: village → township, township → county, county → city, city → province. */
export function structuralParent(code: string): string | null {
  if (!REGION_CODE_RE.test(code)) return null;
  if (code.slice(9) !== '000') return `${code.slice(0, 9)}000`;
  if (code.slice(6, 9) !== '000') return `${code.slice(0, 6)}000000`;
  if (code.slice(4, 6) !== '00') return `${code.slice(0, 4)}00000000`;
  if (code.slice(2, 4) !== '00') return `${code.slice(0, 2)}0000000000`;
  return null;
}

/** Whether `code` is `root` or lies under it by the code structure (for codes the division table may not list). */
export function structurallyWithin(code: string, root: string): boolean {
  for (let c: string | null = code; c; c = structuralParent(c)) if (c === root) return true;
  return false;
}
