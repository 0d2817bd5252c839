// Region scopes as data: a region is itself and its descendants in the division table, never a
// zero-stripped prefix — 齐都镇 370305100 does not cover 皇城镇 370305102 or 敬仲镇 370305103.
import { describe, expect, it } from 'vitest';
import { ancestry, regionContains, regionScope } from '../../shared/access/region-scope.js';
import { structuralParent } from '../../shared/region-code.js';
import { BUILT_IN_REGIONS } from '../../shared/built-in-regions.js';
import { regionSelectable } from '../../web/src/features/dashboard/filters-data';

const QIDU = '370305100000';
const LINZI = '370305000000';

describe('region scopes', () => {
  it('a township ending in 0 covers itself and its villages only', () => {
    const s = regionScope(QIDU, BUILT_IN_REGIONS);
    expect([...s.codes]).toEqual([QIDU]);
    expect(regionContains(QIDU, '370305100201', BUILT_IN_REGIONS)).toBe(true);
    for (const other of ['370305102000', '370305103000', '370305101000', '370305104201', LINZI, '370300000000'])
      expect(regionContains(QIDU, other, BUILT_IN_REGIONS)).toBe(false);
  });

  it('a county covers its townships (from the table) and codes below them, not other counties', () => {
    const s = regionScope(LINZI, BUILT_IN_REGIONS);
    expect(s.codes.has(QIDU)).toBe(true);
    expect(s.codes.has('370305102000')).toBe(true);
    expect(s.codes.has('370303001000')).toBe(false);
    expect(regionContains(LINZI, '370305199123', BUILT_IN_REGIONS)).toBe(true); // a township the table does not list: by structure
    expect(regionContains(LINZI, '370303001000', BUILT_IN_REGIONS)).toBe(false);
  });

  it('zones join the table through their parent', () => {
    const table = [...BUILT_IN_REGIONS, { code: '370390000000', name: '高新区', level: 'zone' as const, parent: LINZI }];
    expect(regionContains(LINZI, '370390000000', table)).toBe(true);
    expect(regionContains('370390000000', LINZI, table)).toBe(false);
    expect(ancestry('370390000000', table)).toEqual(['370390000000', LINZI, '370300000000', '370000000000']);
  });

  it('walks structure below the table, and refuses what is not a code', () => {
    expect(structuralParent('370305100201')).toBe(QIDU);
    expect(structuralParent(QIDU)).toBe(LINZI);
    expect(structuralParent(LINZI)).toBe('370300000000');
    expect(structuralParent('abc')).toBeNull();
    expect(regionContains(QIDU, undefined, BUILT_IN_REGIONS)).toBe(false);
  });

  it('the dashboard offers a county user only regions of that county, also for a county code ending in 0', () => {
    const scope = { kind: 'region' as const, regionCode: '370310000000' };
    const f = { preset: 'month', from: '2024-03-01', to: '2024-03-31' } as never;
    expect(regionSelectable('370310001000', f, scope)).toBe(true);
    expect(regionSelectable('370311001000', f, scope)).toBe(false); // "37031" as a prefix would have taken it
  });
});
