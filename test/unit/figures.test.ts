// Pure figure code: the quantile sketch, deadline indices, levels of region codes, filter grains,
// period planning and catalog figures — hand-worked cases and properties against brute force.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../shared/calendar/index.js';
import { catalogFigures, isCertificateFree, versionsInForce } from '../../shared/figures/catalog-figures.js';
import { deadlineIndex } from '../../shared/figures/contribution.js';
import { grainForFilter, UnsupportedFilterError } from '../../shared/figures/dimensions.js';
import { levelOfRegion } from '../../shared/region-code.js';
import { rate } from '../../shared/figures/metrics.js';
import { comparedPeriod, planPeriods, planRunningTotal } from '../../shared/figures/periods.js';
import { histogramOf } from '../../shared/figures/histogram.js';
import { diffContributions } from '../../shared/figures/rollup-key.js';
import { bucketOf, exactQuantile, sketchQuantiles } from '../../shared/figures/sketch.js';

describe('quantile sketch (办理用时 p50/p90)', () => {
  it('is within 1% of the exact interpolated quantile on any data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.001, max: 400, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0.5, 0.9),
        (values, q) => {
          const counters: Record<string, number> = {};
          for (const v of values) counters[bucketOf(v)] = (counters[bucketOf(v)] ?? 0) + 1;
          const got = sketchQuantiles(counters, [q])[0]!;
          const want = exactQuantile(values, q)!;
          return Math.abs(got - want) / want <= 0.01;
        },
      ),
    );
  });
  it('keeps zero exact and says null for no data', () => {
    expect(sketchQuantiles({ [bucketOf(0)]: 3 }, [0.5])).toEqual([0]);
    expect(sketchQuantiles({}, [0.5, 0.9])).toEqual([null, null]);
  });
});

describe('deadline index (on time for a limit of N working days iff index ≤ N)', () => {
  it('counts like the case clock, from the day after receipt', () => {
    // Received Fri 2024-03-01: Mon 03-04 is the 1st working day after, Fri 03-08 the 5th.
    expect(deadlineIndex(defaultCalendar, '2024-03-01', '2024-03-01')).toBe(0);
    expect(deadlineIndex(defaultCalendar, '2024-03-01', '2024-03-04')).toBe(1);
    expect(deadlineIndex(defaultCalendar, '2024-03-01', '2024-03-08')).toBe(5);
    // Sat 03-02 is after the 0th day and on or before the 1st working day: index 1.
    expect(deadlineIndex(defaultCalendar, '2024-03-01', '2024-03-02')).toBe(1);
    // Over the 2024 Spring Festival: received Fri 02-09, answered Sun 02-18 (an adjusted working day) → 1.
    expect(deadlineIndex(defaultCalendar, '2024-02-09', '2024-02-18')).toBe(1);
  });
});

describe('dimensions', () => {
  it('reads the handling level from a 12-digit code', () => {
    expect(levelOfRegion('370300000000')).toBe('city');
    expect(levelOfRegion('370303000000')).toBe('county');
    expect(levelOfRegion('370303001000')).toBe('street'); // 车站街道
    expect(levelOfRegion('370302102000')).toBe('town'); // 昆仑镇
    expect(levelOfRegion('370303001101')).toBe('community');
    expect(levelOfRegion('370302102201')).toBe('village');
  });
  it('answers a filter from one grain, or refuses the combination', () => {
    expect(grainForFilter({})).toEqual(['all', '*']);
    expect(grainForFilter({ region: '370303001000' })).toEqual(['town', '370303001000']);
    expect(grainForFilter({ department: 'D-A', region: '370303000000' })).toEqual(['dept_county', 'D-A~370303000000']);
    expect(() => grainForFilter({ channel: 'online', level: 'town' })).toThrow(UnsupportedFilterError);
  });
});

describe('periods', () => {
  it('reads whole old months as month rows and recent days one by one', () => {
    const p = planPeriods('2024-01-15', '2024-03-31', '2024-12-01');
    expect(p.map((x) => x.period).filter((x) => x.startsWith('M'))).toEqual(['M2024-02', 'M2024-03']);
    expect(p.filter((x) => x.period.startsWith('D'))).toHaveLength(17); // Jan 15–31
    expect(planPeriods('2024-11-01', '2024-11-30', '2024-12-01').every((x) => x.period.startsWith('D'))).toBe(true);
    expect(planPeriods('2024-01-01', '2024-03-31', '2025-01-01', false)).toHaveLength(91);
  });
  it('plans a running total as whole years, whole months of the last year, then the days of the last month', () => {
    const p = planRunningTotal('2024-01-01', '2024-03-03');
    expect(p.map((x) => x.period)).toEqual(['M2024-01', 'M2024-02', 'D2024-03-01', 'D2024-03-02', 'D2024-03-03']);
    const long = planRunningTotal('2019-01-01', '2026-11-27');
    expect(long.map((x) => x.period).slice(0, 8)).toEqual(['Y2019', 'Y2020', 'Y2021', 'Y2022', 'Y2023', 'Y2024', 'Y2025', 'M2026-01']);
    expect(long).toHaveLength(7 + 10 + 27);
    // The parts tile the range: each starts the day after the previous one ends.
    for (let i = 1; i < long.length; i++) expect(Date.parse(long[i]!.from) - Date.parse(long[i - 1]!.to)).toBe(86_400_000);
    // A start inside a year: its months, then whole years.
    expect(planRunningTotal('2023-11-01', '2025-01-02').map((x) => x.period)).toEqual([
      'M2023-11',
      'M2023-12',
      'Y2024',
      'D2025-01-01',
      'D2025-01-02',
    ]);
    // A day that ends its month reads the month row; one that ends its year, the year row.
    expect(planRunningTotal('2024-01-01', '2024-03-31').map((x) => x.period)).toEqual(['M2024-01', 'M2024-02', 'M2024-03']);
    expect(planRunningTotal('2019-01-01', '2025-12-31').map((x) => x.period)).toEqual([
      'Y2019',
      'Y2020',
      'Y2021',
      'Y2022',
      'Y2023',
      'Y2024',
      'Y2025',
    ]);
    expect(planRunningTotal('2023-11-01', '2024-02-29').map((x) => x.period)).toEqual(['M2023-11', 'M2023-12', 'M2024-01', 'M2024-02']);
  });
});

describe('rates and contributions', () => {
  it('a rate with no denominator is null, never 0% or 100%', () => {
    expect(rate(0, 0)).toEqual({ value: null, numerator: 0, denominator: 0 });
    expect(rate(1, 4).value).toBe(0.25);
  });
  it('diffs contributions without zero entries', () => {
    const a = new Map([['R|all=*|D2024-03-01', { acc: 1, onl: 1 }]]);
    const b = new Map([
      ['R|all=*|D2024-03-01', { acc: 1 }],
      ['R|all=*|D2024-03-02', { acc: 1 }],
    ]);
    expect([...diffContributions(a, b)]).toEqual([
      ['R|all=*|D2024-03-01', { onl: -1 }],
      ['R|all=*|D2024-03-02', { acc: 1 }],
    ]);
  });
});

describe('catalog figures (免证办, 承诺时限压缩比, 下沉事项)', () => {
  const item = (code: string, over: object) => ({
    itemCode: code,
    departmentCode: 'D',
    effectiveFrom: '2024-01-01',
    statutoryDays: 20,
    promisedDays: 5,
    levels: ['city'],
    materials: [],
    ...over,
  });
  it('works a small catalog by hand', () => {
    const items = [
      item('A', {
        materials: [
          { code: '1', kind: 'certificate', exemption: 'e_license' },
          { code: '2', kind: 'form', exemption: 'none' },
        ],
      }), // free: its certificate is exempt
      item('B', { materials: [{ code: '1', kind: 'proof', exemption: 'none' }], levels: ['county', 'town'] }), // not free
      item('C', { statutoryDays: 0, promisedDays: 0, levels: ['town', 'village'] }), // free: nothing to exempt; no statutory limit
    ];
    expect(items.map(isCertificateFree)).toEqual([true, false, true]);
    const f = catalogFigures(items);
    expect(f).toMatchObject({ items: 3, certificateFreeItems: 2, coverage: 2 / 3, immediateItems: 1 });
    expect(f.limitCompression).toBeCloseTo(1 - 10 / 40, 12); // A and B only: 1 − (5+5)/(20+20)
    expect(f.delegated).toMatchObject({ town: 2, village: 1, street: 0, city: 1 });
  });
  it('uses the version in force on the day', () => {
    const v = versionsInForce([item('A', { promisedDays: 5 }), item('A', { promisedDays: 3, effectiveFrom: '2024-06-01' })], '2024-05-31');
    expect(v.map((x) => x.promisedDays)).toEqual([5]);
  });
});

describe('the compared period (环比 previous, 同比 year)', () => {
  it('compares whole months with the whole months just before, other ranges with as many days', () => {
    expect(comparedPeriod('2024-03-01', '2024-03-31', 'previous')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(comparedPeriod('2025-01-01', '2025-03-31', 'previous')).toEqual({ from: '2024-10-01', to: '2024-12-31' });
    expect(comparedPeriod('2025-01-01', '2025-12-31', 'previous')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    // 10 days → the 10 days before.
    expect(comparedPeriod('2024-03-05', '2024-03-14', 'previous')).toEqual({ from: '2024-02-24', to: '2024-03-04' });
  });

  it('compares a year or a month to date with the same days of the year or month before', () => {
    // 今年 on 6 December: the same days last year, not the 340 days just before.
    expect(comparedPeriod('2026-01-01', '2026-12-06', 'previous')).toEqual({ from: '2025-01-01', to: '2025-12-06' });
    expect(comparedPeriod('2024-01-01', '2024-02-28', 'previous')).toEqual({ from: '2023-01-01', to: '2023-02-28' });
    // 本月 on the 6th: 1–6 of the month before; on 30 March, February ends on the 29th.
    expect(comparedPeriod('2026-12-01', '2026-12-06', 'previous')).toEqual({ from: '2026-11-01', to: '2026-11-06' });
    expect(comparedPeriod('2024-03-01', '2024-03-30', 'previous')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(comparedPeriod('2025-01-01', '2025-01-06', 'previous')).toEqual({ from: '2024-12-01', to: '2024-12-06' });
  });

  it('compares with the same dates a year earlier, month ends with month ends', () => {
    expect(comparedPeriod('2025-02-01', '2025-02-28', 'year')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(comparedPeriod('2024-02-01', '2024-02-29', 'year')).toEqual({ from: '2023-02-01', to: '2023-02-28' });
    expect(comparedPeriod('2024-02-29', '2024-03-10', 'year')).toEqual({ from: '2023-02-28', to: '2023-03-10' });
    expect(comparedPeriod('2025-03-01', '2025-03-15', 'year')).toEqual({ from: '2024-03-01', to: '2024-03-15' });
  });
});

describe('the processing-time histogram', () => {
  it('puts each case in its bin of working days, and adds up to the cases', () => {
    const counters: Record<string, number> = { accepted: 9 };
    for (const v of [0, 0.25, 0.75, 1.5, 4, 4.2, 12, 60, 0.6]) {
      const k = bucketOf(v);
      counters[k] = (counters[k] ?? 0) + 1;
    }
    const h = histogramOf(counters);
    expect(h.total).toBe(9);
    expect(h.bins.map((b) => b.count)).toEqual([2, 2, 1, 0, 2, 0, 1, 0, 1]);
    expect(h.bins[0]).toEqual({ from: 0, to: 0.5, count: 2 });
    expect(h.bins.at(-1)).toEqual({ from: 40, to: null, count: 1 });
    expect(histogramOf({}).total).toBe(0);
  });
});
