// The dashboard's filters as URL state (web/src/features/dashboard/filters-data.ts): presets,
// parsing and writing, and the rule that the page only ever offers filter combinations the API
// answers (one dimension, or department + county) and breakdowns that would not silently ignore
// a filter or a user's scope.
import { latestReportFor } from '../../web/src/features/reports/reports-data';
import { homeHref } from '../../web/src/features/shell/routes';
import { workQueue } from '../../web/src/features/overview/overview-data';
import { translate, type MessageKey } from '../../web/src/i18n/messages';
import { describe, expect, it } from 'vitest';
import {
  apiFilter,
  breakdownSupported,
  coarseInterval,
  effectiveFilter,
  figuresQuery,
  filtersToParams,
  offeredDims,
  paperSupported,
  parseFilters,
  presetRange,
  regionSelectable,
  setDim,
  trendQuery,
  trendWindow,
  warningsQuery,
  type DashboardFilters,
} from '../../web/src/features/dashboard/filters-data';

const TODAY = '2026-11-27';
const ALL = { kind: 'all' } as const;
const ZHANGDIAN = { kind: 'region', regionCode: '370303000000' } as const;
const TOWN = { kind: 'region', regionCode: '370303001000' } as const;
const DEPT = { kind: 'department', departmentCode: 'D-SJJ' } as const;
const base = (over: Partial<DashboardFilters> = {}): DashboardFilters => ({ ...parseFilters(new URLSearchParams(), TODAY), ...over });

describe('periods', () => {
  it('computes the presets in Shanghai dates', () => {
    expect(presetRange('thisMonth', TODAY)).toEqual({ from: '2026-11-01', to: '2026-11-27' });
    expect(presetRange('lastMonth', TODAY)).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(presetRange('lastMonth', '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetRange('lastMonth', '2024-03-10')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(presetRange('thisYear', TODAY)).toEqual({ from: '2026-01-01', to: '2026-11-27' });
  });

  it('picks weeks or months for rates over few cases', () => {
    expect(coarseInterval({ from: '2026-11-01', to: '2026-11-27' })).toBe('week');
    expect(coarseInterval({ from: '2026-01-01', to: '2026-11-27' })).toBe('month');
  });
});

describe('URL state', () => {
  it('defaults to this month compared with the previous period', () => {
    expect(parseFilters(new URLSearchParams(), TODAY)).toEqual({
      period: 'thisMonth',
      from: '2026-11-01',
      to: '2026-11-27',
      compare: 'previous',
    });
  });

  it('round-trips every filter, and a link reproduces the view', () => {
    const f = base({
      period: 'custom',
      from: '2026-03-01',
      to: '2026-05-31',
      compare: 'year',
      department: 'D-SJJ',
      region: '370303000000',
    });
    const params = filtersToParams(f);
    expect(params.toString()).toBe('period=custom&from=2026-03-01&to=2026-05-31&compare=year&dept=D-SJJ&region=370303000000');
    expect(parseFilters(params, TODAY)).toEqual(f);
    const g = base({ period: 'lastMonth', ...presetRange('lastMonth', TODAY), channel: 'online' });
    expect(parseFilters(filtersToParams(g), TODAY)).toEqual(g);
  });

  it('keeps the page’s other parameters and drops defaults', () => {
    const p = filtersToParams(base({ level: 'town' }), new URLSearchParams('caseId=C1&period=thisYear'));
    expect(p.toString()).toBe('caseId=C1&level=town');
  });

  it('falls back to defaults on anything invalid', () => {
    const bad = new URLSearchParams(
      'period=custom&from=2026-13-01&to=2026-02-01&channel=fax&level=moon&dept=D%20X&region=3703&compare=nope',
    );
    expect(parseFilters(bad, TODAY)).toEqual({ period: 'thisMonth', from: '2026-11-01', to: '2026-11-27', compare: 'previous' });
    expect(parseFilters(new URLSearchParams('period=custom&from=2018-12-01&to=2019-01-31'), TODAY).period).toBe('thisMonth');
    expect(parseFilters(new URLSearchParams('period=custom&from=2019-01-01&to=2026-11-27'), TODAY).period).toBe('thisMonth'); // > 3 years
  });

  it('shows a trend of at least twelve months, by month, ending with the period', () => {
    // 本月 on 27 November: December last year to November, the last month partial.
    expect(trendWindow(presetRange('thisMonth', TODAY))).toEqual({ from: '2025-12-01', to: '2026-11-27', interval: 'month' });
    expect(trendWindow(presetRange('lastMonth', TODAY))).toEqual({ from: '2025-11-01', to: '2026-10-31', interval: 'month' });
    expect(trendWindow({ from: '2025-01-01', to: '2025-12-31' })).toEqual({ from: '2025-01-01', to: '2025-12-31', interval: 'month' });
    expect(trendWindow({ from: '2019-01-01', to: '2019-01-31' }).from).toBe('2019-01-01'); // not before the first day of figures
    expect(new URLSearchParams(trendQuery(base({ department: 'D-SJJ' }), 'accepted')).get('from')).toBe('2025-12-01');
  });

  it('never goes past today: a later end is today, a later start is refused', () => {
    expect(parseFilters(new URLSearchParams('period=custom&from=2026-11-01&to=2030-12-31'), TODAY)).toMatchObject({
      period: 'custom',
      from: '2026-11-01',
      to: '2026-11-27',
    });
    expect(parseFilters(new URLSearchParams('period=custom&from=2030-01-01&to=2030-12-31'), TODAY).period).toBe('thisMonth');
  });

  it('sends an item alone (it implies its department) and builds API queries', () => {
    const f = base({ department: 'D-SJJ', item: 'SJJ-001' });
    expect(apiFilter(f)).toEqual({ item: 'SJJ-001' });
    expect(figuresQuery(f, { compare: 'previous' })).toBe('from=2026-11-01&to=2026-11-27&item=SJJ-001&compare=previous');
    expect(warningsQuery({ department: 'D-SJJ', level: 'town' }, 'red', 50)).toBe('level=red&limit=50&department=D-SJJ');
  });
});

describe('only combinations the API answers', () => {
  it('keeps department + county, drops what cannot be combined and says which', () => {
    let f = setDim(base(), 'department', 'D-SJJ', ALL);
    expect(f).toEqual({ filters: expect.objectContaining({ department: 'D-SJJ' }), dropped: [] });
    f = setDim(f.filters, 'region', '370303000000', ALL);
    expect(f.dropped).toEqual([]);
    expect(apiFilter(f.filters)).toEqual({ department: 'D-SJJ', region: '370303000000' });
    f = setDim(f.filters, 'channel', 'online', ALL);
    expect(f.dropped).toEqual(['department', 'region']);
    expect(apiFilter(f.filters)).toEqual({ channel: 'online' });
    // Department + township is not answered: choosing a township drops the department.
    f = setDim(base({ department: 'D-SJJ' }), 'region', '370303001000', ALL);
    expect(f.dropped).toEqual(['department']);
    // An item keeps its department as context; changing the department forgets the item.
    f = setDim(base({ department: 'D-SJJ', channel: 'online' }), 'item', 'SJJ-001', ALL);
    expect(f.filters).toMatchObject({ department: 'D-SJJ', item: 'SJJ-001' });
    expect(f.filters.channel).toBeUndefined();
    expect(setDim(f.filters, 'department', 'D-GJJ', ALL).filters.item).toBeUndefined();
    expect(setDim(base({ channel: 'online' }), 'channel', undefined, ALL).filters.channel).toBeUndefined();
  });

  it('offers each scope only the dimensions it can use', () => {
    expect(offeredDims(ALL)).toEqual({ department: true, region: true, item: true, channel: true, level: true });
    expect(offeredDims(ZHANGDIAN)).toEqual({ department: true, region: true, item: false, channel: false, level: false });
    expect(offeredDims(TOWN)).toEqual({ department: false, region: false, item: false, channel: false, level: false });
    expect(offeredDims(DEPT)).toEqual({ department: false, region: true, item: false, channel: false, level: false });
  });

  it('offers a district user only townships of the district, and none next to a department', () => {
    expect(regionSelectable('370303001000', base(), ZHANGDIAN)).toBe(true);
    expect(regionSelectable('370303000000', base(), ZHANGDIAN)).toBe(false); // the scope itself: no extra filter
    expect(regionSelectable('370302001000', base(), ZHANGDIAN)).toBe(false); // 淄川区
    expect(regionSelectable('370303001000', base({ department: 'D-SJJ' }), ZHANGDIAN)).toBe(false);
    expect(regionSelectable('370302000000', base(), DEPT)).toBe(true);
    expect(regionSelectable('370302001000', base(), DEPT)).toBe(false);
    expect(effectiveFilter(base({ region: '370303001000' }), ZHANGDIAN)).toEqual({ region: '370303000000' }); // the scope wins
  });

  it('shows a breakdown only where no filter or scope would be ignored', () => {
    expect(breakdownSupported('department', {})).toBe(true);
    expect(breakdownSupported('department', { region: '370303000000' })).toBe(true);
    expect(breakdownSupported('department', { region: '370303001000' })).toBe(false);
    expect(breakdownSupported('department', { channel: 'online' })).toBe(false);
    expect(breakdownSupported('region', { department: 'D-SJJ' })).toBe(true);
    expect(breakdownSupported('channel', {})).toBe(true);
    expect(breakdownSupported('channel', { region: '370303000000' })).toBe(false); // a district user would see the city
    expect(breakdownSupported('level', { department: 'D-SJJ' })).toBe(false);
    expect(breakdownSupported('item', { department: 'D-SJJ' })).toBe(true);
    expect(breakdownSupported('item', { department: 'D-SJJ', region: '370303000000' })).toBe(false);
    expect(paperSupported({ department: 'D-SJJ' })).toBe(true);
    expect(paperSupported({ region: '370303000000' })).toBe(true);
    expect(paperSupported({ department: 'D-SJJ', region: '370303000000' })).toBe(false);
    expect(paperSupported({ item: 'SJJ-001' })).toBe(true);
    expect(paperSupported({ item: 'SJJ-001', region: '370303000000' })).toBe(false);
    expect(paperSupported({ channel: 'online' })).toBe(false);
    expect(paperSupported({ region: '370303001000' })).toBe(false);
  });
});

describe("a leader's landing", () => {
  it("is the newest report of the leader's own scope", () => {
    const entry = (id: string, month: string, scopeKind: 'city' | 'county' | 'department', scopeCode: string | null) =>
      ({ id, month, scope: id.split('~').slice(1).join(':'), scopeKind, scopeCode, nameZh: '', nameEn: '', currentVersion: 1 }) as never;
    const list = [
      entry('2026-10~city', '2026-10', 'city', null),
      entry('2026-11~city', '2026-11', 'city', null),
      entry('2026-11~county~370303', '2026-11', 'county', '370303'),
      entry('2026-09~department~D-JYJ', '2026-09', 'department', 'D-JYJ'),
    ];
    expect(latestReportFor(list, { kind: 'all' })?.id).toBe('2026-11~city');
    expect(latestReportFor(list, { kind: 'region', regionCode: '370303000000' })?.id).toBe('2026-11~county~370303');
    expect(latestReportFor(list, { kind: 'department', departmentCode: 'D-JYJ' })?.id).toBe('2026-09~department~D-JYJ');
    expect(latestReportFor(list, { kind: 'department', departmentCode: 'D-SJJ' })).toBeUndefined();
    expect(homeHref('leadership')).toBe('#/monthly-report?latest=1');
    expect(homeHref('supervisor')).toBe('#/overview');
  });
});

describe("the overview's work queue", () => {
  it("links the morning's lists, keeping the department and region, complaints over the last twelve months", () => {
    const zhT = (k: MessageKey, v?: Record<string, string | number>) => translate('zh-CN', k, v);
    const q = workQueue(base({ department: 'D-SJJ' }), TODAY, zhT, 7, 'zh-CN');
    expect(q.map((x) => x.id)).toEqual(['red', 'yellow', 'openComplaints', 'lateComplaints', 'unrectified']);
    expect(q[0]).toMatchObject({ label: '红牌办件：超期未办结 7 件', href: '#/timeliness?dept=D-SJJ' });
    expect(q[2]!.href).toBe('#/complaints?period=custom&from=2025-11-27&to=2026-11-27&dept=D-SJJ&cstate=open');
    expect(q[4]!.href).toContain('rstate=unrectified');
    expect(workQueue(base(), TODAY, zhT, null, 'zh-CN')[0]!.label).toBe('红牌办件（已超期）');
  });
});
