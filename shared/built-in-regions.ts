// The division table (行政区划) the API knows without reading the database: the city's built-in
// districts/counties and townships. Functional zones an administrator adds join it at runtime
// (functions/services/reference-service.ts, regions()).
import type { Region } from './region-code.js';
import { ZIBO_DIVISION_ROWS } from './zibo-divisions.js';

export type { Region };

export const BUILT_IN_REGIONS: readonly Region[] = ZIBO_DIVISION_ROWS.filter((r) => r.level >= 2).map((r) => ({
  code: r.code12,
  name: r.name,
  level: r.level === 2 ? 'city' : r.level === 3 ? 'county' : r.kind === '街道' ? 'street' : 'town',
  parent: r.parent ? `${r.parent}${'0'.repeat(12 - r.parent.length)}` : null,
}));
