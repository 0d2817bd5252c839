// What a report is about (报告范围): the whole city, one county/district, or one department — its
// canonical key ('city', 'county:370303', 'department:D-JYJ'), the report id used in URLs
// ('2024-03~city', '2024-03~county~370303', '2024-03~department~D-JYJ': '~' is in no department
// code), and the figures filter that selects its data.
import type { Filter } from '../figures/dimensions.js';
import { isMonth, type Month } from './month.js';
import { countySix } from '../region-code.js';

export type ReportScope =
  | { kind: 'city' }
  | { kind: 'county'; code: string } // 6-digit county/district code, e.g. 370303
  | { kind: 'department'; code: string };

export type ScopeKind = ReportScope['kind'];

const DEPT_RE = /^[A-Za-z0-9._-]{1,32}$/;
/** A county/district: 6 digits whose last two are not 00 (00 is the city itself). */
const COUNTY_RE = /^\d{4}(?!00)\d{2}$/;

/** Parses 'city', 'county:370303' (or the 12-digit 370303000000) and 'department:D-JYJ'. */
export function parseScope(s: string): ReportScope | null {
  if (s === 'city') return { kind: 'city' };
  const i = s.indexOf(':');
  if (i < 0) return null;
  const kind = s.slice(0, i);
  const code = s.slice(i + 1);
  if (kind === 'county') {
    const six = /^\d{6}000000$/.test(code) ? countySix(code) : code;
    return COUNTY_RE.test(six) ? { kind: 'county', code: six } : null;
  }
  if (kind === 'department') return DEPT_RE.test(code) ? { kind: 'department', code } : null;
  return null;
}

export function scopeKey(s: ReportScope): string {
  return s.kind === 'city' ? 'city' : `${s.kind}:${s.code}`;
}

export function reportId(month: Month, s: ReportScope): string {
  return s.kind === 'city' ? `${month}~city` : `${month}~${s.kind}~${s.code}`;
}

export function parseReportId(id: string): { month: Month; scope: ReportScope } | null {
  const [month, kind, code, ...rest] = id.split('~');
  if (!month || !isMonth(month) || !kind || rest.length) return null;
  const scope = parseScope(code === undefined ? kind : `${kind}:${code}`);
  return scope ? { month, scope } : null;
}

/** The 12-digit division code of a county scope. */
export function countyRegion(code6: string): string {
  return `${code6}000000`;
}

/** The figures filter that selects a scope's data. */
export function scopeFilter(s: ReportScope): Filter {
  if (s.kind === 'city') return {};
  if (s.kind === 'county') return { region: countyRegion(s.code) };
  return { department: s.code };
}

/** Order in lists: the city, then counties by code, then departments by code. */
export function compareScopes(a: ReportScope, b: ReportScope): number {
  const rank = { city: 0, county: 1, department: 2 } as const;
  if (rank[a.kind] !== rank[b.kind]) return rank[a.kind] - rank[b.kind];
  const ca = a.kind === 'city' ? '' : a.code;
  const cb = b.kind === 'city' ? '' : b.code;
  return ca < cb ? -1 : ca > cb ? 1 : 0;
}
