// Pure parts of satisfaction by district and of the applicants' breakdowns: where an evaluation
// is counted (its case's region, or 地区未知), what rules version 1 wrote for it (legacy.ts), and
// the age-band and assisted-mode rows — hand-worked.
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../shared/calendar/index.js';
import { applicantBreakdown } from '../../shared/figures/applicants.js';
import { assess, regionOfCase, type EntityRecord, type FigureContext } from '../../shared/figures/contribution.js';
import { contributionV1 } from '../../shared/figures/legacy.js';

const ctx = (caseRegion?: string): FigureContext => ({
  calendar: defaultCalendar,
  itemOn: () => undefined,
  ...(caseRegion ? { caseRegion } : {}),
});
const r = (id: string, type: string, at: string, body: Record<string, unknown>, voided = false): EntityRecord => ({
  id,
  type,
  at,
  atMs: Date.parse(at),
  body,
  ...(voided ? { voided } : {}),
});
const evaluation = (body: Record<string, unknown>) => [
  r('e1', 'evaluation.submitted', '2024-03-05T10:00:00+08:00', { itemCode: 'I1', channel: 'sms', score: 4, ...body }),
];
const rowsOf = (c: Map<string, Record<string, number>>) =>
  [...c.keys()].filter((k) => k.startsWith('R|') && k.endsWith('D2024-03-05')).sort();

describe('where an evaluation is counted', () => {
  it('in the county and township of the case it names, with its department and item', () => {
    const c = assess('evaluation', 'D1', evaluation({ caseId: 'C1' }), ctx('370303001101')).contribution;
    expect(rowsOf(c)).toEqual([
      'R|all=*|D2024-03-05',
      'R|county=370303000000|D2024-03-05',
      'R|dept=D1|D2024-03-05',
      'R|dept_county=D1~370303000000|D2024-03-05',
      'R|item=I1|D2024-03-05',
      'R|town=370303001000|D2024-03-05',
    ]);
    expect(c.get('R|county=370303000000|D2024-03-05')).toEqual({ eN: 1, eSat: 1 });
    expect(c.get('R|all=*|M2024-03')).toEqual({ eN: 1, eSat: 1 });
  });

  it('as region unknown when it names no case, or the case is not known: its own pseudo-county', () => {
    for (const [body, region] of [
      [{}, '370303001000'],
      [{ caseId: 'C9' }, undefined],
    ] as const) {
      const c = assess('evaluation', 'D1', evaluation(body), ctx(region)).contribution;
      expect(rowsOf(c)).toEqual([
        'R|all=*|D2024-03-05',
        'R|county=unknown|D2024-03-05',
        'R|dept=D1|D2024-03-05',
        'R|dept_county=D1~unknown|D2024-03-05',
        'R|item=I1|D2024-03-05',
      ]);
      expect(c.get('R|all=*|D2024-03-05')).toEqual({ eN: 1, eSat: 1, eNoR: 1 });
    }
  });

  it('a city-level case is a known region in no district', () => {
    const c = assess('evaluation', 'D1', evaluation({ caseId: 'C1' }), ctx('370300000000')).contribution;
    expect(rowsOf(c)).toEqual(['R|all=*|D2024-03-05', 'R|dept=D1|D2024-03-05', 'R|item=I1|D2024-03-05']);
    expect(c.get('R|all=*|D2024-03-05')).toEqual({ eN: 1, eSat: 1 });
  });

  it('rules version 1 counted it in no region and without the 地区未知 counter', () => {
    const v1 = contributionV1('evaluation', 'D1', evaluation({ caseId: 'C1' }), ctx('370303001000'));
    expect(rowsOf(v1)).toEqual(['R|all=*|D2024-03-05', 'R|dept=D1|D2024-03-05', 'R|item=I1|D2024-03-05']);
    expect(v1.get('R|all=*|D2024-03-05')).toEqual({ eN: 1, eSat: 1 });
  });

  it("the region of a case is its latest live acceptance's", () => {
    const acc = (id: string, at: string, regionCode: string, voided = false) => r(id, 'case.accepted', at, { regionCode }, voided);
    expect(
      regionOfCase([acc('a', '2024-03-01T09:00:00+08:00', '370303001000'), acc('b', '2024-03-02T09:00:00+08:00', '370305001000')]),
    ).toBe('370305001000');
    expect(
      regionOfCase([acc('a', '2024-03-01T09:00:00+08:00', '370303001000'), acc('b', '2024-03-02T09:00:00+08:00', '370305001000', true)]),
    ).toBe('370303001000');
    expect(regionOfCase([r('s', 'case.submitted', '2024-03-01T09:00:00+08:00', { regionCode: '370303001000' })])).toBeUndefined();
  });
});

describe('applicants by age band and assisted mode', () => {
  const accepted = (applicant: Record<string, unknown>, assisted: string) =>
    assess(
      'case',
      'D1',
      [
        r('a', 'case.accepted', '2024-03-05T10:00:00+08:00', {
          itemCode: 'I1',
          regionCode: '370303001000',
          channel: 'window',
          assisted,
          greenChannel: false,
          applicant,
          materials: [],
        }),
      ],
      ctx(),
    ).contribution.get('R|all=*|D2024-03-05')!;

  it("counts a person's band, and assisted within it; every case by mode, and the 60+ within it", () => {
    expect(accepted({ type: 'person', ageBand: '70_79' }, 'proxy')).toMatchObject({ ab_70_79: 1, abA_70_79: 1, as_proxy: 1, asE_proxy: 1 });
    const young = accepted({ type: 'person', ageBand: 'under_60' }, 'guided');
    expect(young).toMatchObject({ ab_under_60: 1, abA_under_60: 1, as_guided: 1 });
    expect(young.asE_guided).toBeUndefined();
    const enterprise = accepted({ type: 'enterprise', ageBand: '80_plus' }, 'none');
    expect(Object.keys(enterprise).filter((k) => /^(ab|as)/.test(k))).toEqual(['as_none']);
  });

  it('turns counters into rows with shares and their parts', () => {
    const b = applicantBreakdown({
      acc: 10,
      age: 8,
      eld: 4,
      ab_under_60: 4,
      abA_under_60: 1,
      ab_60_69: 2,
      ab_80_plus: 2,
      abA_80_plus: 2,
      as_none: 6,
      as_proxy: 4,
      asE_none: 1,
      asE_proxy: 3,
    });
    expect(b.ageBands.map((x) => [x.band, x.cases, x.share.value, x.assisted, x.assistedShare.value])).toEqual([
      ['under_60', 4, 0.5, 1, 0.25],
      ['60_69', 2, 0.25, 0, 0],
      ['70_79', 0, 0, 0, null],
      ['80_plus', 2, 0.25, 2, 1],
    ]);
    expect(b.assisted.map((x) => [x.mode, x.cases, x.share.value, x.elderly, x.elderlyShare.value])).toEqual([
      ['none', 6, 0.6, 1, 0.25],
      ['guided', 0, 0, 0, 0],
      ['proxy', 4, 0.4, 3, 0.75],
    ]);
  });
});
