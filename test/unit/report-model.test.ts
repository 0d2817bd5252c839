// Pure parts of the monthly report: month arithmetic, scopes and ids, number formats, changes
// (percentage points for rates, percent for counts), rankings with a minimum volume, target
// selection, and the path reader the narrative's references use. Run in three time zones.
import { describe, expect, it } from 'vitest';
import { formatChange, formatCount, formatDays, formatRate, shanghaiDateTime } from '../../shared/reports/format.js';
import { changeOf } from '../../shared/reports/headline.js';
import { resolvePath } from '../../shared/reports/model.js';
import { addMonths, closedMonths, daysInMonth, isMonth, monthLabel, monthRange, monthsBetween } from '../../shared/reports/month.js';
import { buildRanking, movers, type RankInput } from '../../shared/reports/ranking.js';
import { compareScopes, parseReportId, parseScope, reportId, scopeFilter, scopeKey } from '../../shared/reports/scope.js';
import { targetsFor, withDefaults, type ReportTarget } from '../../shared/reports/settings.js';
import { ReportSettingsInput } from '../../shared/reports/settings-schema.js';

describe('months', () => {
  it('knows month lengths, leap years and ranges', () => {
    expect(monthRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthRange('2023-02')).toEqual({ from: '2023-02-01', to: '2023-02-28' });
    expect(monthRange('2100-02').to).toBe('2100-02-28');
    expect(monthRange('2000-02').to).toBe('2000-02-29');
    expect(daysInMonth('2024-04')).toBe(30);
    expect(daysInMonth('2024-12')).toBe(31);
    expect(isMonth('2024-13')).toBe(false);
    expect(isMonth('2024-1')).toBe(false);
    expect(() => monthRange('2024-00')).toThrow(RangeError);
  });

  it('steps across years both ways', () => {
    expect(addMonths('2024-01', -1)).toBe('2023-12');
    expect(addMonths('2024-03', -12)).toBe('2023-03');
    expect(addMonths('2023-12', 1)).toBe('2024-01');
    expect(addMonths('2024-05', -29)).toBe('2021-12');
    expect(monthsBetween('2023-11', '2024-02')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
    expect(monthsBetween('2024-02', '2024-01')).toEqual([]);
  });

  it('lists the closed months before a Shanghai date', () => {
    expect(closedMonths('2024-04-01', 3)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(closedMonths('2024-01-31', 1)).toEqual(['2023-12']);
    expect(closedMonths('2024-04-30', 24)).toHaveLength(24);
    expect(closedMonths('2024-04-30', 24)[0]).toBe('2022-04');
  });

  it('labels months in Chinese and English', () => {
    expect(monthLabel('2024-03', 'zh-CN')).toBe('2024年3月');
    expect(monthLabel('2024-12', 'en')).toBe('December 2024');
  });
});

describe('scopes and ids', () => {
  it('parses, keys and round-trips report ids', () => {
    expect(parseScope('city')).toEqual({ kind: 'city' });
    expect(parseScope('county:370303')).toEqual({ kind: 'county', code: '370303' });
    expect(parseScope('county:370303000000')).toEqual({ kind: 'county', code: '370303' });
    expect(parseScope('county:370300')).toBeNull(); // the city itself is not a county
    expect(parseScope('county:37030')).toBeNull();
    expect(parseScope('department:D-JYJ')).toEqual({ kind: 'department', code: 'D-JYJ' });
    expect(parseScope('department:a b')).toBeNull();
    expect(parseScope('town:370303001')).toBeNull();
    for (const s of ['city', 'county:370321', 'department:D.X_1-2'] as const) {
      const scope = parseScope(s)!;
      expect(scopeKey(scope)).toBe(s);
      const id = reportId('2024-03', scope);
      expect(parseReportId(id)).toEqual({ month: '2024-03', scope });
    }
    expect(reportId('2024-03', { kind: 'department', code: 'D-JYJ' })).toBe('2024-03~department~D-JYJ');
    expect(parseReportId('2024-03~city~x')).toBeNull();
    expect(parseReportId('2024-3~city')).toBeNull();
    expect(parseReportId('2024-03~department~D~X')).toBeNull();
  });

  it('selects data with the figures filters and sorts city, counties, departments', () => {
    expect(scopeFilter({ kind: 'city' })).toEqual({});
    expect(scopeFilter({ kind: 'county', code: '370303' })).toEqual({ region: '370303000000' });
    expect(scopeFilter({ kind: 'department', code: 'D-A' })).toEqual({ department: 'D-A' });
    const list = ['department:D-B', 'county:370305', 'city', 'department:D-A', 'county:370302'].map((s) => parseScope(s)!);
    expect(list.sort(compareScopes).map(scopeKey)).toEqual(['city', 'county:370302', 'county:370305', 'department:D-A', 'department:D-B']);
  });
});

describe('numbers and changes', () => {
  it('formats counts, rates, days and missing values', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(-1234.56)).toBe('-1,234.6');
    expect(formatCount(null)).toBe('—');
    expect(formatRate(32 / 35)).toBe('91.4%');
    expect(formatRate(0.9995)).toBe('100.0%');
    expect(formatRate(null)).toBe('—');
    expect(formatDays(3.2708)).toBe('3.3');
    expect(shanghaiDateTime('2024-03-31T18:00:00.000Z')).toBe('2024-04-01 02:00');
  });

  it('changes rates in percentage points and counts in percent, never from nothing', () => {
    expect(changeOf('rate', 32 / 35, 11 / 12)).toEqual({ kind: 'pp', value: (32 / 35 - 11 / 12) * 100 });
    expect(changeOf('rate', 0.5, null)).toEqual({ kind: 'pp', value: null });
    expect(changeOf('count', 36, 13)).toEqual({ kind: 'pct', value: ((36 - 13) / 13) * 100 });
    expect(changeOf('count', 5, 0)).toEqual({ kind: 'pct', value: null });
    expect(changeOf('days', 2.5, 5)).toEqual({ kind: 'pct', value: -50 });
    expect(formatChange('pp', (32 / 35 - 11 / 12) * 100, 'zh-CN')).toBe('-0.2 个百分点');
    expect(formatChange('pp', 3.25, 'en')).toBe('+3.3 pp');
    expect(formatChange('pct', 176.923, 'zh-CN')).toBe('+176.9%');
    expect(formatChange('pct', 0.001, 'en')).toBe('0.0%');
    expect(formatChange('pct', null, 'en')).toBe('—');
  });
});

describe('rankings with a minimum volume', () => {
  const unit = (code: string, num: number, den: number, prev?: [number, number]): RankInput => ({
    code,
    nameZh: code,
    nameEn: code,
    current: { value: den ? num / den : null, numerator: num, denominator: den },
    previous: prev ? { value: prev[1] ? prev[0] / prev[1] : null, numerator: prev[0], denominator: prev[1] } : null,
  });

  it('ranks only units at or above the minimum, lists the rest with their counts', () => {
    const r = buildRanking(
      'onTimeRate',
      'department',
      [unit('A', 29, 30, [20, 30]), unit('B', 3, 3, [3, 3]), unit('C', 40, 50, [45, 50]), unit('D', 0, 0), unit('E', 27, 30, [26, 40])],
      30,
    );
    expect(r.rows.map((x) => [x.code, x.rank, x.status])).toEqual([
      ['A', 1, 'ranked'],
      ['E', 2, 'ranked'],
      ['C', 3, 'ranked'],
      ['B', null, 'below_minimum'],
      ['D', null, 'no_data'],
    ]);
    expect(r).toMatchObject({ key: 'department:onTimeRate', volume: 'completed', minVolume: 30, rankedCount: 3, belowMinimumCount: 1 });
    // B has 100% on 3 cases: listed, not first.
    expect(r.rows.find((x) => x.code === 'B')!.previous!.rank).toBeNull();
    expect(r.rows.find((x) => x.code === 'A')!.previous!.rank).toBe(2); // 20/30: after C (45/50), before E (26/40)
    expect(r.rows.find((x) => x.code === 'A')!.changePp).toBeCloseTo((29 / 30 - 20 / 30) * 100, 9);
    const m = movers(r);
    expect(m.up?.code).toBe('A');
    expect(m.down?.code).toBe('C');
  });

  it('gives equal values the same rank (1, 2, 2, 4)', () => {
    const r = buildRanking('satisfactionRate', 'county', [unit('W', 9, 10), unit('X', 8, 10), unit('Y', 16, 20), unit('Z', 5, 10)], 10);
    expect(r.rows.map((x) => [x.code, x.rank])).toEqual([
      ['W', 1],
      ['Y', 2],
      ['X', 2],
      ['Z', 4],
    ]);
  });
});

describe('settings and targets', () => {
  it("fills defaults and picks a scope's own targets before the shared ones", () => {
    expect(withDefaults(undefined).minVolume).toEqual({ completed: 30, evaluations: 30, items: 10 });
    expect(withDefaults({ minVolume: { completed: 5 } }).minVolume).toEqual({ completed: 5, evaluations: 30, items: 10 });
    const t = (scope: string, metric: ReportTarget['metric'], target: number): ReportTarget => ({
      scope,
      metric,
      target,
      direction: 'atLeast',
    });
    const all = [
      t('*', 'onTimeRate', 0.95),
      t('*', 'nearbyShare', 0.3),
      t('county:370303', 'nearbyShare', 0.4),
      t('city', 'certificateFreeItems', 969),
    ];
    expect(targetsFor(all, 'county:370303').map((x) => [x.scope, x.metric])).toEqual([
      ['county:370303', 'nearbyShare'],
      ['*', 'onTimeRate'],
    ]);
    expect(targetsFor(all, 'city').map((x) => x.metric)).toEqual(['certificateFreeItems', 'onTimeRate', 'nearbyShare']);
    expect(ReportSettingsInput.safeParse({ targets: [{ scope: 'city', metric: 'noSuchMetric', target: 1 }] }).success).toBe(false);
    expect(ReportSettingsInput.safeParse({ targets: [{ scope: 'county:37', metric: 'onTimeRate', target: 1 }] }).success).toBe(false);
    expect(ReportSettingsInput.parse({ targets: [{ scope: '*', metric: 'onTimeRate', target: 0.9 }] }).targets![0]!.direction).toBe(
      'atLeast',
    );
  });
});

describe('report paths', () => {
  it('reads keys, indexes and [key=value] picks', () => {
    const doc = {
      headline: [
        { id: 'accepted', current: { value: 3 } },
        { id: 'onTimeRate', current: { value: 0.5 } },
      ],
      rows: [{ code: 'D.X', n: [7, 8] }],
    };
    expect(resolvePath(doc, 'headline/[id=onTimeRate]/current/value')).toBe(0.5);
    expect(resolvePath(doc, 'rows/[code=D.X]/n/1')).toBe(8);
    expect(resolvePath(doc, 'headline/[id=nope]/current')).toBeUndefined();
  });
});
