// The case clock (办件时效): hand-computed cases with their arithmetic written
// out, then properties against naive day-by-day loops. Dates are Asia/Shanghai;
// "WD" = working day under the 2024 arrangement (shared/calendar/default-data.ts).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  DAY_MS,
  defaultCalendar,
  InvalidDateError,
  shanghaiDate,
  shanghaiDayStartMs,
  type IsoDate,
} from '../../shared/calendar/index.js';
import {
  CaseClockError,
  evaluateCase,
  workingTimeBetween,
  yellowThresholdDays,
  type CaseEvent,
  type CaseEventType,
} from '../../shared/clock/index.js';
import { workingMsBetween } from '../../shared/clock/working-time.js';

const calendar = defaultCalendar;
const HOUR = 3_600_000;

let nextId = 0;
/** An event at Shanghai local time 'YYYY-MM-DDTHH:MM'. */
function ev(type: CaseEventType, local: string, days?: number): CaseEvent {
  nextId += 1;
  return { id: `e${String(nextId).padStart(4, '0')}`, type, at: `${local}:00+08:00`, ...(days === undefined ? {} : { days }) };
}

const judge = (events: CaseEvent[], promisedDays: number, nowLocal: string) =>
  evaluateCase(events, { promisedDays, calendar, now: `${nowLocal}:00+08:00` });

describe('deadline over holidays and adjusted working days', () => {
  it('accepted on the last working day before the 2024 Spring Festival, completed after it', () => {
    // Fri 02-09 is a WD (除夕 only "encouraged" off). P = 5, counting from the day after:
    // 02-10..17 off; Sun 02-18 (1, 调休), 02-19 (2), 02-20 (3), 02-21 (4), 02-22 (5) → deadline 02-22.
    const events = [ev('case.accepted', '2024-02-09T10:00'), ev('case.completed', '2024-02-21T15:00')];
    const clock = judge(events, 5, '2024-03-01T12:00');
    expect(clock).toMatchObject({
      status: 'completed',
      acceptedOn: '2024-02-09',
      completedOn: '2024-02-21',
      deadline: '2024-02-22',
      onTime: true,
      overdue: false,
      daysOverdue: 0,
      warning: 'none',
      elapsedWorkingDays: 4, // WD in (02-09, 02-21]: 18, 19, 20, 21
    });
    // 02-09 10:00→24:00 = 14 h; 02-18, 19, 20 whole = 72 h; 02-21 00:00→15:00 = 15 h; 101 h / 24
    expect(clock.processingDays).toBeCloseTo(101 / 24, 12);
  });

  it('is still open and not yellow during the holiday', () => {
    // as of Thu 02-15 (off): elapsed = WD in (02-09, 02-15] = 0; yellow needs 0.9 × 5 = 4.5
    const clock = judge([ev('case.accepted', '2024-02-09T10:00')], 5, '2024-02-15T12:00');
    expect(clock).toMatchObject({ status: 'open', deadline: '2024-02-22', elapsedWorkingDays: 0, warning: 'none', onTime: null });
    expect(clock.processingDays).toBeNull();
  });

  it('accepted on an adjusted working Saturday (2024-10-12)', () => {
    // P = 3: Sun 10-13 off, 10-14 (1), 10-15 (2), 10-16 (3) → 10-16
    expect(judge([ev('case.accepted', '2024-10-12T09:00')], 3, '2024-10-12T18:00').deadline).toBe('2024-10-16');
    // P = 0: Sat 10-12 is a WD, so due the same day
    expect(judge([ev('case.accepted', '2024-10-12T09:00')], 0, '2024-10-12T18:00').deadline).toBe('2024-10-12');
  });

  it('counts a suspension spanning National Day 2024', () => {
    // accepted Mon 09-23, P = 10; suspended Fri 09-27 10:00, resumed Tue 10-08 09:30.
    // S = WD d with 09-27 < d ≤ 10-08: Sun 09-29 (1), Mon 09-30 (2), [10-01..07 off], 10-08 (3) → 3.
    // deadline = 13th WD after 09-23: 24 25 26 27 29 30 | 10-08 09 10 11 12(Sat) 14 15 → 10-15.
    const events = [
      ev('case.accepted', '2024-09-23T09:00'),
      ev('case.suspended', '2024-09-27T10:00'),
      ev('case.resumed', '2024-10-08T09:30'),
      ev('case.completed', '2024-10-15T17:00'),
    ];
    const clock = judge(events, 10, '2024-11-01T09:00');
    expect(clock).toMatchObject({
      status: 'completed',
      deadline: '2024-10-15',
      suspendedWorkingDays: 3,
      onTime: true,
      elapsedWorkingDays: 10, // 13 WD in (09-23, 10-15] − 3 suspended
    });
    expect(clock.explanation?.suspensions).toEqual([{ from: '2024-09-27', to: '2024-10-08', countedDays: 3 }]);
    // accepted→completed: 15 h (09-23) + 13 × 24 h − 7 h (10-15 after 17:00) = 320 h
    // suspended:          14 h (09-27) +  3 × 24 h − 14.5 h (10-08 after 09:30) = 71.5 h
    // 320 − 71.5 = 248.5 h
    expect(clock.processingDays).toBeCloseTo(248.5 / 24, 12);
  });

  it('counts an open suspension up to today, has no deadline while suspended, and is never overdue then', () => {
    // as of Thu 10-03: S = WD in (09-27, 10-03] = 09-29, 09-30 → 2; no deadline date while the
    // suspension is open (domain.md), 10 − 4 = 6 working days left when it stopped
    const events = [ev('case.accepted', '2024-09-23T09:00'), ev('case.suspended', '2024-09-27T10:00')];
    const clock = judge(events, 10, '2024-10-03T12:00');
    expect(clock).toMatchObject({
      status: 'suspended',
      deadline: null,
      daysLeft: 6,
      suspendedWorkingDays: 2,
      overdue: false,
      elapsedWorkingDays: 4, // WD in (09-23, 10-03] = 6, less 2 suspended
    });
    expect(clock.explanation?.suspensions).toEqual([{ from: '2024-09-27', to: null, countedDays: 2 }]);

    // P = 1, deadline Tue 03-05; suspended Fri 03-08 (already late), as of Sat 03-09:
    // S = WD in (03-08, 03-09] = 0; suspended → no deadline, not overdue, 0 days left (never below 0)
    const late = judge([ev('case.accepted', '2024-03-04T09:00'), ev('case.suspended', '2024-03-08T09:00')], 1, '2024-03-09T12:00');
    expect(late).toMatchObject({ status: 'suspended', deadline: null, daysLeft: 0, overdue: false, warning: 'yellow' });
    // resumed Mon 03-11: the date is fixed again, S = WD in (03-08, 03-11] = 1 → 03-06, overdue
    const resumed = judge(
      [ev('case.accepted', '2024-03-04T09:00'), ev('case.suspended', '2024-03-08T09:00'), ev('case.resumed', '2024-03-11T09:00')],
      1,
      '2024-03-11T12:00',
    );
    expect(resumed).toMatchObject({ status: 'open', deadline: '2024-03-06', daysLeft: null, overdue: true });
  });

  it('same-day suspend and resume counts 0 days', () => {
    const events = [
      ev('case.accepted', '2024-03-04T09:00'),
      ev('case.suspended', '2024-03-05T09:00'),
      ev('case.resumed', '2024-03-05T17:00'),
    ];
    const clock = judge(events, 2, '2024-03-05T18:00');
    expect(clock).toMatchObject({ suspendedWorkingDays: 0, deadline: '2024-03-06' });
  });

  it('adds an extension and a suspension (over 清明 2024)', () => {
    // accepted Mon 04-01, P = 5, extended +3; suspended Wed 04-03 10:00, resumed Mon 04-08 15:00.
    // S = WD in (04-03, 04-08]: 04-04..06 off, Sun 04-07 (1, 调休), 04-08 (2) → 2.
    // deadline = (5 + 3 + 2) = 10th WD after 04-01: 02 03 07 08 09 10 11 12 15 16 → 04-16.
    const base = [
      ev('case.accepted', '2024-04-01T09:00'),
      ev('case.extended', '2024-04-02T10:00', 3),
      ev('case.suspended', '2024-04-03T10:00'),
      ev('case.resumed', '2024-04-08T15:00'),
    ];
    const onTime = judge([...base, ev('case.completed', '2024-04-16T16:00')], 5, '2024-05-01T09:00');
    expect(onTime).toMatchObject({ deadline: '2024-04-16', extensionDays: 3, suspendedWorkingDays: 2, onTime: true, warning: 'none' });
    expect(onTime.explanation).toMatchObject({ acceptedOn: '2024-04-01', promisedDays: 5, extensionDays: 3, deadline: '2024-04-16' });
    expect(onTime.explanation?.rule).toContain('第 10 个工作日（承诺 5 + 延长 3 + 暂停 2）为截止日 2024-04-16');
    expect(onTime.explanation?.calendarVersion).toBe(calendar.version);

    const late = judge([...base, ev('case.completed', '2024-04-17T09:00')], 5, '2024-05-01T09:00');
    expect(late).toMatchObject({ onTime: false, overdue: true, daysOverdue: 1, warning: 'red' });
  });
});

describe('immediate items (即办件, P = 0)', () => {
  it('completed the same day is on time; the next working day is overdue', () => {
    const sameDay = judge([ev('case.accepted', '2024-03-04T09:00'), ev('case.completed', '2024-03-04T11:00')], 0, '2024-03-06T09:00');
    expect(sameDay).toMatchObject({ deadline: '2024-03-04', onTime: true, overdue: false, warning: 'none' });
    expect(sameDay.processingDays).toBeCloseTo(2 / 24, 12); // 09:00→11:00 on a WD

    const nextDay = judge([ev('case.accepted', '2024-03-04T09:00'), ev('case.completed', '2024-03-05T09:00')], 0, '2024-03-06T09:00');
    // WD in (03-04, 03-05] = 1
    expect(nextDay).toMatchObject({ deadline: '2024-03-04', onTime: false, overdue: true, daysOverdue: 1, warning: 'red' });
  });

  it('accepted on a day off is due the next working day', () => {
    // Sat 03-09 → due Mon 03-11; processing: Sat and Sun count 0, Mon 00:00→10:00 = 10 h
    const clock = judge([ev('case.accepted', '2024-03-09T10:00'), ev('case.completed', '2024-03-11T10:00')], 0, '2024-03-12T09:00');
    expect(clock).toMatchObject({ deadline: '2024-03-11', onTime: true });
    expect(clock.processingDays).toBeCloseTo(10 / 24, 12);
    expect(clock.explanation?.rule).toBe('即办件：受理日 2024-03-09 为休息日，顺延至下一工作日 2024-03-11，截止日 2024-03-11');
  });

  it('moves by extension days after the due date (our reading)', () => {
    // due Mon 03-04, + E 2 → 03-05 (1), 03-06 (2)
    const clock = judge([ev('case.accepted', '2024-03-04T09:00'), ev('case.extended', '2024-03-04T10:00', 2)], 0, '2024-03-04T12:00');
    expect(clock.deadline).toBe('2024-03-06');
  });

  it('is yellow while open on its due day (90% of 0 days has elapsed)', () => {
    expect(judge([ev('case.accepted', '2024-03-04T09:00')], 0, '2024-03-04T12:00').warning).toBe('yellow');
    expect(judge([ev('case.accepted', '2024-03-04T09:00')], 0, '2024-03-05T12:00').warning).toBe('red');
  });
});

describe('the deadline day ends at 24:00 Asia/Shanghai', () => {
  // accepted Mon 03-04, P = 5: 05 06 07 08 11 → deadline Mon 03-11
  const accepted = ev('case.accepted', '2024-03-04T10:00');
  const at = (completedAt: string) =>
    evaluateCase([accepted, { id: 'done', type: 'case.completed', at: completedAt }], {
      promisedDays: 5,
      calendar,
      now: '2024-04-01T00:00:00+08:00',
    });

  it('23:59 on the deadline is on time, 00:01 the next day is overdue', () => {
    expect(at('2024-03-11T23:59:00+08:00')).toMatchObject({ deadline: '2024-03-11', onTime: true, warning: 'none' });
    expect(at('2024-03-12T00:01:00+08:00')).toMatchObject({ onTime: false, overdue: true, daysOverdue: 1, warning: 'red' });
  });

  it('reads a UTC instant as the Shanghai date it falls on', () => {
    // 15:59Z = 23:59 +08:00 on 03-11; 16:01Z = 00:01 +08:00 on 03-12
    expect(at('2024-03-11T15:59:00Z')).toMatchObject({ completedOn: '2024-03-11', onTime: true });
    expect(at('2024-03-11T16:01:00Z')).toMatchObject({ completedOn: '2024-03-12', onTime: false });
    // accepted at 2024-03-03T16:30Z = Mon 03-04 00:30 in Shanghai (still Sunday in UTC)
    const clock = evaluateCase([{ id: 'a', type: 'case.accepted', at: '2024-03-03T16:30:00Z' }], {
      promisedDays: 5,
      calendar,
      now: Date.UTC(2024, 2, 4, 2),
    });
    expect(clock).toMatchObject({ acceptedOn: '2024-03-04', deadline: '2024-03-11' });
  });
});

describe('warnings (黄牌 / 红牌)', () => {
  // accepted Mon 03-04, P = 10 (no holidays in March 2024): 05(1) 06 07 08 11(5) 12 13 14 15(9) 18(10) → deadline 03-18
  const accepted = ev('case.accepted', '2024-03-04T09:00');
  const asOf = (now: string, extra: CaseEvent[] = []) => judge([accepted, ...extra], 10, now);

  it('turns yellow at 90% of P, red after the deadline date', () => {
    expect(asOf('2024-03-14T12:00')).toMatchObject({ elapsedWorkingDays: 8, warning: 'none' });
    expect(asOf('2024-03-15T09:00')).toMatchObject({ elapsedWorkingDays: 9, warning: 'yellow' }); // 9 ≥ 0.9 × 10
    expect(asOf('2024-03-18T23:59')).toMatchObject({ elapsedWorkingDays: 10, overdue: false, warning: 'yellow' });
    expect(asOf('2024-03-19T00:01')).toMatchObject({ overdue: true, daysOverdue: 1, warning: 'red' });
  });

  it('counts the extension in the yellow threshold', () => {
    // E = 5: threshold 0.9 × 15 = 13.5 → 14 WD; deadline = 15th WD = 03-25
    const extended = [ev('case.extended', '2024-03-05T09:00', 5)];
    expect(asOf('2024-03-21T12:00', extended)).toMatchObject({ elapsedWorkingDays: 13, warning: 'none', deadline: '2024-03-25' });
    expect(asOf('2024-03-22T12:00', extended)).toMatchObject({ elapsedWorkingDays: 14, warning: 'yellow' });
  });

  it('is overdue on the days off right after the deadline, with 0 working days overdue', () => {
    // P = 9 → deadline Fri 03-15; Sat 03-16 is after it; WD in (03-15, 03-16] = 0
    expect(judge([accepted], 9, '2024-03-16T10:00')).toMatchObject({ overdue: true, daysOverdue: 0, warning: 'red' });
  });
});

describe('processing time (办理用时)', () => {
  it('follows the examples in domain.md', () => {
    // Mon 03-04 10:00 → 16:00 = 6 h = 0.25
    const monday = judge([ev('case.accepted', '2024-03-04T10:00'), ev('case.completed', '2024-03-04T16:00')], 5, '2024-03-05T00:00');
    expect(monday.processingDays).toBe(0.25);
    // Fri 03-08 16:00 → Mon 03-11 10:00: 8 h + 10 h = 18 h = 0.75
    const weekend = judge([ev('case.accepted', '2024-03-08T16:00'), ev('case.completed', '2024-03-11T10:00')], 5, '2024-03-12T00:00');
    expect(weekend.processingDays).toBe(0.75);
    expect(workingTimeBetween(calendar, '2024-03-08T16:00:00+08:00', '2024-03-11T10:00:00+08:00')).toBe(0.75);
  });

  it('subtracts suspended working time', () => {
    // Mon 10:00 → Tue 16:00 = 14 h + 16 h = 30 h; suspended Mon 12:00 → Tue 12:00 = 24 h; 6 h = 0.25
    const events = [
      ev('case.accepted', '2024-03-04T10:00'),
      ev('case.suspended', '2024-03-04T12:00'),
      ev('case.resumed', '2024-03-05T12:00'),
      ev('case.completed', '2024-03-05T16:00'),
    ];
    expect(judge(events, 5, '2024-03-06T00:00')).toMatchObject({ processingDays: 0.25, suspendedWorkingDays: 1 });
  });

  it('closes an open suspension at completion', () => {
    // suspended Mon 12:00, completed Tue 16:00 without a resume: 30 h − 28 h = 2 h
    const events = [
      ev('case.accepted', '2024-03-04T10:00'),
      ev('case.suspended', '2024-03-04T12:00'),
      ev('case.completed', '2024-03-05T16:00'),
    ];
    const clock = judge(events, 5, '2024-03-06T00:00');
    expect(clock.explanation?.suspensions).toEqual([{ from: '2024-03-04', to: '2024-03-05', countedDays: 1 }]);
    expect(clock.processingDays).toBeCloseTo(2 / 24, 12);
  });
});

describe('event handling', () => {
  const events = [
    ev('case.submitted', '2024-03-01T09:00'),
    ev('case.accepted', '2024-03-04T09:00'),
    ev('case.suspended', '2024-03-05T09:00'),
    ev('case.resumed', '2024-03-07T09:00'),
    ev('case.extended', '2024-03-08T09:00', 2),
    ev('case.completed', '2024-03-20T09:00'),
  ];

  it('does not depend on the order of the input', () => {
    const expected = judge(events, 10, '2024-04-01T00:00');
    expect(judge([...events].reverse(), 10, '2024-04-01T00:00')).toEqual(expected);
    expect(judge([events[3]!, events[0]!, events[5]!, events[1]!, events[4]!, events[2]!], 10, '2024-04-01T00:00')).toEqual(expected);
  });

  it('orders events at one instant by seq, then id', () => {
    const at = '2024-03-05T09:00:00+08:00';
    const resumeFirstById = [
      { id: 'a', type: 'case.accepted', at: '2024-03-04T09:00:00+08:00' },
      { id: 'z-suspend', type: 'case.suspended', at, seq: 1 },
      { id: 'b-resume', type: 'case.resumed', at, seq: 2 },
    ] satisfies CaseEvent[];
    const now = '2024-03-08T00:00:00+08:00';
    expect(evaluateCase(resumeFirstById, { promisedDays: 5, calendar, now }).status).toBe('open');
    // without seq, 'b-resume' sorts before 'z-suspend': a resumption with no suspension to end,
    // which the clock cannot judge (the suspension it ended is missing)
    const bySeqless = resumeFirstById.map(({ seq: _seq, ...rest }) => rest);
    expect(evaluateCase(bySeqless, { promisedDays: 5, calendar, now })).toMatchObject({
      status: 'cannot_judge',
      problem: { code: 'resumed_without_suspension', recordIds: ['b-resume', 'a'] },
    });
  });

  it('judges the case as of now: later events do not exist yet', () => {
    // as of 03-06: suspended since 03-05; S = WD in (03-05, 03-06] = 1
    expect(judge(events, 10, '2024-03-06T12:00')).toMatchObject({ status: 'suspended', suspendedWorkingDays: 1, extensionDays: 0 });
    expect(judge(events, 10, '2024-03-02T12:00')).toMatchObject({ status: 'submitted', deadline: null, explanation: null });
  });

  it('counts the latest acceptance only', () => {
    // re-accepted Wed 03-06: the earlier suspension is ignored; P = 2 → 03-07 (1), 03-08 (2)
    const reaccepted = [
      ev('case.accepted', '2024-03-04T09:00'),
      ev('case.suspended', '2024-03-05T09:00'),
      ev('case.accepted', '2024-03-06T09:00'),
    ];
    expect(judge(reaccepted, 2, '2024-03-06T12:00')).toMatchObject({
      status: 'open',
      acceptedOn: '2024-03-06',
      suspendedWorkingDays: 0,
      deadline: '2024-03-08',
    });
  });

  it('a voided completion (removed by the caller) re-opens the case', () => {
    expect(
      judge(
        events.filter((e) => e.type !== 'case.completed'),
        10,
        '2024-04-01T00:00',
      ),
    ).toMatchObject({ status: 'open', overdue: true, warning: 'red' });
  });

  it('reports the states before acceptance and withdrawal', () => {
    expect(judge([ev('case.submitted', '2024-03-01T09:00')], 5, '2024-03-02T00:00').status).toBe('submitted');
    expect(
      judge([ev('case.submitted', '2024-03-01T09:00'), ev('case.not_accepted', '2024-03-01T10:00')], 5, '2024-03-02T00:00'),
    ).toMatchObject({
      status: 'not_accepted',
      deadline: null,
      onTime: null,
      warning: 'none',
    });
    const withdrawn = judge([ev('case.accepted', '2024-03-04T09:00'), ev('case.withdrawn', '2024-03-20T09:00')], 5, '2024-04-01T00:00');
    // excluded from timeliness, though past its deadline (03-11); the deadline is still shown
    expect(withdrawn).toMatchObject({
      status: 'withdrawn',
      deadline: '2024-03-11',
      onTime: null,
      overdue: false,
      warning: 'none',
      processingDays: null,
    });
  });

  it("says what it cannot judge instead of throwing, and throws only for a caller's bug", () => {
    const accepted = ev('case.accepted', '2024-03-04T09:00');
    expect(judge([], 5, '2024-03-05T00:00')).toMatchObject({
      status: 'cannot_judge',
      problem: { code: 'no_start_event' },
      deadline: null,
      warning: 'none',
    });
    expect(judge([accepted, { id: 'x', type: 'case.extended', at: '2024-03-04T10:00:00+08:00' }], 5, '2024-03-05T00:00')).toMatchObject({
      status: 'cannot_judge',
      problem: { code: 'invalid_extension', recordIds: ['x'] },
    });
    expect(() => judge([accepted], -1, '2024-03-05T00:00')).toThrow(CaseClockError);
    // a completion dated before the acceptance: which of the two is wrong only the sender knows
    const early = { id: 'c', type: 'case.completed', at: '2024-03-02T10:00:00+08:00' } satisfies CaseEvent;
    expect(judge([accepted, early], 5, '2024-03-08T00:00')).toMatchObject({
      status: 'cannot_judge',
      problem: { code: 'ended_before_acceptance', recordIds: ['c', accepted.id] },
    });
    // a suspension before the first acceptance
    const sus = { id: 's', type: 'case.suspended', at: '2024-03-01T10:00:00+08:00' } satisfies CaseEvent;
    expect(judge([accepted, sus], 5, '2024-03-08T00:00')).toMatchObject({
      status: 'cannot_judge',
      problem: { code: 'event_before_acceptance', recordIds: ['s', accepted.id] },
    });
    // …but events between two acceptances are before the counting one, and ignored (re-acceptance)
    const again = ev('case.accepted', '2024-03-06T09:00');
    const between = { id: 'x2', type: 'case.extended', at: '2024-03-05T10:00:00+08:00', days: 3 } satisfies CaseEvent;
    expect(judge([accepted, between, { ...again, id: 'a2' }], 5, '2024-03-08T00:00')).toMatchObject({
      status: 'open',
      acceptedOn: '2024-03-06',
      extensionDays: 0,
    });
    expect(() => judge([{ id: 'y', type: 'case.accepted', at: '2024-03-04T09:00:00' }], 5, '2024-03-05T00:00')).toThrow(InvalidDateError);
  });
});

// --- properties against naive loops ---------------------------------------------------

/** Naive working ms in [from, to]: walk day by day, add each working day's overlap. */
function naiveWorkingMs(fromMs: number, toMs: number): number {
  let total = 0;
  for (let day: IsoDate = shanghaiDate(fromMs); shanghaiDayStartMs(day) < toMs; day = addDays(day, 1)) {
    const start = shanghaiDayStartMs(day);
    if (calendar.isWorkingDay(day)) total += Math.max(0, Math.min(toMs, start + DAY_MS) - Math.max(fromMs, start));
  }
  return total;
}

/** Naive deadline: walk forward counting working days. */
function naiveDeadline(acceptedOn: IsoDate, p: number, added: number): IsoDate {
  let d = acceptedOn;
  if (p === 0 && !calendar.isWorkingDay(d))
    do d = addDays(d, 1);
    while (!calendar.isWorkingDay(d));
  for (let left = p + added; left > 0; ) {
    d = addDays(d, 1);
    if (calendar.isWorkingDay(d)) left--;
  }
  return d;
}

const instant = fc.integer({ min: Date.parse('2018-12-01T00:00:00Z'), max: Date.parse('2027-02-01T00:00:00Z') });
const minutes = (max: number) => fc.integer({ min: 0, max }).map((m) => m * 60_000);

describe('properties against naive loops', () => {
  it('working time between instants', () => {
    fc.assert(
      fc.property(instant, minutes(60 * 24 * 40), (from, span) => {
        expect(workingMsBetween(calendar, from, from + span)).toBe(naiveWorkingMs(from, from + span));
      }),
      { numRuns: 500 },
    );
  });

  it('processing time, deadline and suspended days of random cases', () => {
    const caseShape = fc.record({
      acceptedMs: instant,
      gaps: fc.array(minutes(60 * 24 * 12), { minLength: 1, maxLength: 7 }),
      promisedDays: fc.integer({ min: 0, max: 30 }),
      extension: fc.integer({ min: 0, max: 10 }),
    });
    fc.assert(
      fc.property(caseShape, ({ acceptedMs, gaps, promisedDays, extension }) => {
        // instants: accepted, then alternately suspended/resumed, last one completes
        const times = [acceptedMs];
        for (const g of gaps) times.push(times[times.length - 1]! + g);
        const completedMs = times[times.length - 1]!;
        const spans: [number, number][] = [];
        for (let i = 1; i + 1 < times.length - 1; i += 2) spans.push([times[i]!, times[i + 1]!]);
        const events: CaseEvent[] = [
          { id: 'acc', type: 'case.accepted', at: acceptedMs, seq: 0 },
          ...spans.flatMap(([s, r], i): CaseEvent[] => [
            { id: `s${i}`, type: 'case.suspended', at: s, seq: 2 * i + 1 },
            { id: `r${i}`, type: 'case.resumed', at: r, seq: 2 * i + 2 },
          ]),
          ...(extension > 0 ? [{ id: 'ext', type: 'case.extended', at: acceptedMs, days: extension, seq: 0.5 } satisfies CaseEvent] : []),
          { id: 'done', type: 'case.completed', at: completedMs, seq: 1e6 },
        ];
        const clock = evaluateCase(events, { promisedDays, calendar, now: completedMs + HOUR });

        const suspendedMs = spans.reduce((sum, [s, r]) => sum + naiveWorkingMs(s, r), 0);
        expect(clock.processingDays! * DAY_MS).toBeCloseTo(naiveWorkingMs(acceptedMs, completedMs) - suspendedMs, 3);

        const s = spans.reduce((sum, [a, b]) => sum + calendar.workingDaysBetween(shanghaiDate(a), shanghaiDate(b)), 0);
        const acceptedOn = shanghaiDate(acceptedMs);
        expect(clock.suspendedWorkingDays).toBe(s);
        expect(clock.deadline).toBe(naiveDeadline(acceptedOn, promisedDays, extension + s));
        expect(clock.onTime).toBe(shanghaiDate(completedMs) <= clock.deadline!);
      }),
      { numRuns: 400 },
    );
  });
});

describe('the yellow threshold (黄牌, 90% of the limit) is one rule', () => {
  it('rounds 90% of the limit up to a whole working day, exactly (no floating-point drift)', () => {
    const naive = (limit: number) => {
      let d = 0;
      while (10 * d < 9 * limit) d += 1; // the smallest whole day with d ≥ 0.9 × limit
      return d;
    };
    for (let limit = 0; limit <= 400; limit += 1) expect(yellowThresholdDays(limit)).toBe(naive(limit));
  });

  it("turns a case yellow on the day the open-case index's yellowFrom date says, for limits 1–60", () => {
    // The index stores yellowFrom = acceptance + threshold working days (aggregate.ts); the clock
    // judges each day. Accepted Mon 2024-03-04; asked each day until just before the deadline.
    const accepted = '2024-03-04';
    for (let limit = 1; limit <= 60; limit += 1) {
      const yellowFrom = calendar.addWorkingDays(accepted, yellowThresholdDays(limit));
      const events = [ev('case.accepted', `${accepted}T09:00`)];
      const dayBefore = addDays(yellowFrom, -1);
      expect(judge(events, limit, `${yellowFrom}T12:00`).warning, `limit ${limit} on ${yellowFrom}`).toBe('yellow');
      if (calendar.isWorkingDay(dayBefore) && dayBefore > accepted) {
        expect(judge(events, limit, `${dayBefore}T12:00`).warning, `limit ${limit} on ${dayBefore}`).toBe('none');
      }
    }
  });
});
