// The read side's contract (shared/contract/cases.ts, figure-views.ts) describes exactly what the
// shared code composes for the answers: the case clock in every state, the applicants' rows and a
// series point parse through their schemas and come out unchanged (z.object drops keys it does not
// declare, so an undeclared key would show as a difference). The API's own answers are parsed the
// same way in test/integration/figures-api.test.ts.
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../shared/calendar/index.js';
import { evaluateCase, type CaseEvent, type CaseEventType } from '../../shared/clock/index.js';
import { CaseClock, CaseDetail, UnjudgedClock, WarningsAnswer } from '../../shared/contract/cases.js';
import { ApplicantsAnswer, BreakdownAnswer, SeriesPoint } from '../../shared/contract/figure-views.js';
import { applicantBreakdown } from '../../shared/figures/applicants.js';
import { applicantCounter, C } from '../../shared/figures/counters.js';
import { DEFAULT_DEADLINES } from '../../shared/figures/deadlines.js';
import { computeMetric } from '../../shared/figures/metrics.js';

let nextId = 0;
const ev = (type: CaseEventType, local: string, days?: number): CaseEvent => {
  nextId += 1;
  return { id: `e${nextId}`, type, at: `${local}:00+08:00`, ...(days === undefined ? {} : { days }) };
};
const judge = (events: CaseEvent[], promisedDays: number) =>
  evaluateCase(events, { promisedDays, calendar: defaultCalendar, now: '2024-04-10T12:00:00+08:00' });
const roundTrips = (schema: { parse(v: unknown): unknown }, v: unknown) => expect(schema.parse(v)).toEqual(v);

describe('the case contract', () => {
  it('holds the clock of an open, red, suspended, extended, completed, withdrawn and unjudgeable case', () => {
    const clocks = {
      open: judge([ev('case.accepted', '2024-04-08T09:00')], 10),
      red: judge([ev('case.accepted', '2024-03-01T09:00')], 5),
      suspended: judge([ev('case.accepted', '2024-03-25T09:00'), ev('case.suspended', '2024-03-27T09:00')], 10),
      resumed: judge(
        [
          ev('case.accepted', '2024-03-18T09:00'),
          ev('case.suspended', '2024-03-19T09:00'),
          ev('case.resumed', '2024-03-22T09:00'),
          ev('case.extended', '2024-03-25T09:00', 3),
        ],
        10,
      ),
      completed: judge([ev('case.accepted', '2024-03-01T09:00'), ev('case.completed', '2024-03-05T15:00')], 5),
      withdrawn: judge([ev('case.accepted', '2024-03-01T09:00'), ev('case.withdrawn', '2024-03-02T15:00')], 5),
      cannotJudge: judge([ev('case.resumed', '2024-03-01T09:00'), ev('case.accepted', '2024-03-02T09:00')], 5),
    };
    expect(clocks.red.warning).toBe('red');
    expect(clocks.suspended.status).toBe('suspended');
    expect(clocks.cannotJudge.problem).toBeDefined();
    for (const [name, clock] of Object.entries(clocks)) {
      expect(CaseClock.safeParse(clock).success, name).toBe(true);
      expect(CaseClock.parse(clock), name).toEqual(clock);
    }
  });

  it('holds a case page: the item, the clock (or the unjudged note) and every event as stored', () => {
    const clock = judge([ev('case.accepted', '2024-03-01T09:00')], 5);
    const events = [
      {
        id: 'a1',
        type: 'case.accepted',
        at: '2024-03-01T09:00:00+08:00',
        caseId: 'C1',
        itemCode: 'I1',
        channel: 'window',
        materials: [{ code: 'M1', via: 'paper' }],
        receivedAt: '2024-03-01T01:00:01.000Z',
        unknownItem: true,
      },
      {
        id: 'x1',
        type: 'case.extended',
        at: '2024-03-02T09:00:00+08:00',
        caseId: 'C1',
        days: 3,
        receivedAt: '2024-03-02T01:00:01.000Z',
        voidedBy: 'v1',
        voidedAt: '2024-03-02T02:00:00.000Z',
      },
    ];
    const item = { itemCode: 'I1', name: '事项', promisedDays: 5, statutoryDays: 20, effectiveFrom: '2024-01-01' };
    roundTrips(CaseDetail, { department: 'D1', caseId: 'C1', item, judged: true, clock, calendarVersion: 'builtin', events });
    const unjudged = { status: clock.status, acceptedOn: clock.acceptedOn, note: 'the item is not in the catalog' };
    expect(UnjudgedClock.parse(unjudged)).toEqual(unjudged);
    roundTrips(CaseDetail, {
      department: 'D1',
      caseId: 'C1',
      item: null,
      judged: false,
      clock: unjudged,
      calendarVersion: 'builtin',
      events,
    });
    expect(
      CaseDetail.safeParse({
        department: 'D1',
        caseId: 'C1',
        item: null,
        judged: false,
        clock: null,
        calendarVersion: 'builtin',
        events: [{ id: 'a1' }],
      }).success,
    ).toBe(false);
  });

  it('holds a warnings page, and refuses a case whose warning is not a list level', () => {
    const clock = judge([ev('case.accepted', '2024-03-01T09:00')], 5);
    const row = {
      department: 'D1',
      caseId: 'C1',
      itemCode: 'I1',
      regionCode: '370303001000',
      channel: 'window',
      status: clock.status,
      acceptedOn: clock.acceptedOn,
      deadline: clock.deadline,
      daysOverdue: clock.daysOverdue,
      elapsedWorkingDays: clock.elapsedWorkingDays,
      limitDays: 5,
      warning: 'red',
    };
    roundTrips(WarningsAnswer, { level: 'red', asOf: '2024-04-10', filter: { department: 'D1' }, cases: [row], next: 'abc' });
    roundTrips(WarningsAnswer, { level: 'yellow', asOf: '2024-04-10', filter: {}, cases: [] });
    expect(WarningsAnswer.safeParse({ level: 'red', asOf: '2024-04-10', filter: {}, cases: [{ ...row, warning: 'none' }] }).success).toBe(
      false,
    );
  });
});

describe('the series, breakdown and applicants contract', () => {
  const ctx = { today: '2024-04-10', calendar: defaultCalendar, deadlines: DEFAULT_DEADLINES };
  const parts = [
    { from: '2024-03-01', to: '2024-03-31', counters: { [C.accepted]: 10, [C.completed]: 8, [C.completedKnownItem]: 8, [C.onTime]: 6 } },
  ];

  it('holds a point of a count, a rate and days', () => {
    for (const metric of ['accepted', 'onTimeRate', 'processingP50'] as const) {
      roundTrips(SeriesPoint, { from: '2024-03-01', to: '2024-03-31', ...computeMetric(metric, parts, ctx) });
    }
  });

  it('holds a ranked breakdown row and the region-unknown row', () => {
    const row = { key: 'D1', label: '甲局', ...computeMetric('onTimeRate', parts, ctx), rank: null, rankStatus: 'below_minimum' };
    roundTrips(BreakdownAnswer, {
      metric: 'onTimeRate',
      by: 'department',
      unit: 'rate',
      filter: {},
      ranking: { minVolume: 30, volume: 'completed' },
      rows: [row, { key: 'unknown', label: '地区未知 / region unknown', value: 1, rank: null, rankStatus: 'region_unknown' }],
    });
  });

  it('holds the applicants answer applicantBreakdown composes', () => {
    const sum = {
      [C.accepted]: 10,
      [C.ageBanded]: 6,
      [C.elderly]: 4,
      [applicantCounter.band('70_79')]: 4,
      [applicantCounter.bandAssisted('70_79')]: 1,
      [applicantCounter.assisted('proxy')]: 2,
      [applicantCounter.assistedElderly('proxy')]: 1,
    };
    const answer = { filter: { region: '370303000000' }, accepted: 10, ageBanded: 6, elderly: 4, ...applicantBreakdown(sum) };
    roundTrips(ApplicantsAnswer, answer);
    expect(answer.ageBands.find((r) => r.band === '70_79')?.share).toEqual({ value: 4 / 6, numerator: 4, denominator: 6 });
  });
});
