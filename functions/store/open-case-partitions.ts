// Partitions of the open-case index (在办件索引分区): one per department and county, so no key holds
// the whole city's open cases and a district supervisor reads only its county's partitions. The
// county is the case region's county-level code when it is one of the city's built-in districts
// and counties; any other code (the city itself, a functional zone with a code of its own, a code
// the division table does not know) goes to the department's `other` partition. The rule depends
// only on the code and the built-in table, so the writer (the aggregator) and the readers (the
// warnings list, reports) always agree — an administrator's new zone needs no re-keying.
import { regionScope, type DivisionNode } from '../../shared/access/region-scope.js';
import { BUILT_IN_REGIONS } from '../../shared/built-in-regions.js';
import { countySix } from '../../shared/region-code.js';

export const OTHER_COUNTY = 'other';

/** County-level codes (6 digits) of the built-in division table. */
const BUILT_IN_COUNTIES: readonly string[] = [
  ...new Set(BUILT_IN_REGIONS.filter((r) => r.level === 'county').map((r) => countySix(r.code))),
].sort();
const KNOWN = new Set(BUILT_IN_COUNTIES);

/** The county part of an open case's partition. */
export function openCaseCounty(regionCode: string | undefined): string {
  const c = regionCode ? countySix(regionCode) : undefined;
  return c && KNOWN.has(c) ? c : OTHER_COUNTY;
}

/**
 * The county partitions that can hold cases of a region (the region and everything below it in
 * the division table: a case's code shares its county digits with the first code of its ancestry
 * the table knows), or every partition when there is no region.
 */
export function openCaseCounties(region: string | undefined, table: readonly DivisionNode[]): string[] {
  if (!region) return [...BUILT_IN_COUNTIES, OTHER_COUNTY];
  return [...new Set([...regionScope(region, table).codes].map(openCaseCounty))].sort();
}
