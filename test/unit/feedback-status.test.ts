// Where one complaint or evaluation stands (shared/figures/feedback-status.ts), worked by hand on
// the 2024 calendar: deadlines counted from the day after receipt, lateness judged as of today
// exactly like the follow-up rates, reopening, voids and zero-day limits.
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../shared/calendar/index.js';
import type { EntityRecord } from '../../shared/figures/contribution.js';
import { DEFAULT_DEADLINES } from '../../shared/figures/deadlines.js';
import { complaintInState, complaintStatus, evaluationInState, evaluationStatus } from '../../shared/figures/feedback-status.js';

let seq = 0;
const r = (type: string, at: string, body: Record<string, unknown> = {}, voided = false): EntityRecord => ({
  id: `r${++seq}`,
  type,
  at: `${at}+08:00`,
  atMs: Date.parse(`${at}+08:00`),
  body,
  ...(voided ? { voided: true } : {}),
});
const received = (at: string, over: Record<string, unknown> = {}) =>
  r('complaint.received', at, { category: 'delay', channel: 'window', regionCode: '370303001000', ...over });
const ctx = (today: string, deadlines = DEFAULT_DEADLINES) => ({ calendar: defaultCalendar, deadlines, today });

describe('a complaint', () => {
  it('is late to respond once the 1st working day after receipt has passed without a response', () => {
    // Received Fri 2024-03-01: respond by Mon 03-04, resolve by Fri 03-08.
    const rs = [received('2024-03-01T17:00:00')];
    expect(complaintStatus(rs, ctx('2024-03-04'))).toMatchObject({
      respondBy: '2024-03-04',
      resolveBy: '2024-03-08',
      responseLate: null,
      resolutionLate: null,
      open: true,
      late: false,
    });
    expect(complaintStatus(rs, ctx('2024-03-05'))).toMatchObject({ responseLate: true, resolutionLate: null, late: true });
    expect(complaintInState(complaintStatus(rs, ctx('2024-03-05'))!, 'late_response')).toBe(true);
  });

  it('keeps its deadlines when reopened, and is open again until resolved anew', () => {
    const rs = [
      received('2024-03-01T09:00:00'),
      r('complaint.responded', '2024-03-01T10:00:00'),
      r('complaint.resolved', '2024-03-04T10:00:00', { substantiated: true }),
      r('complaint.reopened', '2024-03-05T10:00:00'),
    ];
    const s = complaintStatus(rs, ctx('2024-03-11'))!;
    expect(s).toMatchObject({
      open: true,
      reopened: true,
      resolvedAt: null,
      resolveBy: '2024-03-08',
      resolutionLate: true,
      substantiated: null,
    });
    const again = complaintStatus([...rs, r('complaint.resolved', '2024-03-07T10:00:00', { substantiated: false })], ctx('2024-03-11'))!;
    expect(again).toMatchObject({ open: false, resolutionLate: false, substantiated: false });
    expect(complaintInState(again, 'resolved')).toBe(true);
  });

  it('ignores a response before receipt and voided records; without a live receipt there is nothing to list', () => {
    const s = complaintStatus([r('complaint.responded', '2024-03-01T08:00:00'), received('2024-03-01T09:00:00')], ctx('2024-03-06'))!;
    expect(s).toMatchObject({ respondedAt: null, responseLate: true });
    expect(
      complaintStatus([received('2024-03-01T09:00:00', {}), r('complaint.responded', '2024-03-01T10:00:00', {}, true)], ctx('2024-03-01'))!
        .respondedAt,
    ).toBeNull();
    expect(complaintStatus([r('complaint.received', '2024-03-01T09:00:00', { category: 'delay' }, true)], ctx('2024-03-06'))).toBeNull();
  });

  it('with a limit of 0 working days is due on the day of receipt', () => {
    const zero = { ...DEFAULT_DEADLINES, complaints: { ...DEFAULT_DEADLINES.complaints, delay: { respondDays: 0, resolveDays: 5 } } };
    expect(
      complaintStatus([received('2024-03-01T09:00:00'), r('complaint.responded', '2024-03-04T09:00:00')], ctx('2024-03-04', zero)),
    ).toMatchObject({ respondBy: '2024-03-01', responseLate: true });
  });
});

describe('an evaluation', () => {
  it('as a bad review is due for rectification on the 15th working day; the first rectification counts', () => {
    const rs = [
      r('evaluation.submitted', '2024-03-01T09:00:00', { itemCode: 'I', channel: 'sms', score: 1, caseId: 'C1' }),
      r('evaluation.rectified', '2024-03-25T09:00:00'),
      r('evaluation.rectified', '2024-03-20T09:00:00'),
    ];
    const s = evaluationStatus(rs, ctx('2024-04-01'))!;
    expect(s).toMatchObject({
      bad: true,
      caseId: 'C1',
      rectifyBy: '2024-03-22',
      rectifiedAt: '2024-03-20T09:00:00+08:00',
      rectificationLate: false,
    });
    expect(evaluationInState(s, 'rectified')).toBe(true);
  });

  it('as a good one has no rectification and is in no rectification state', () => {
    const s = evaluationStatus(
      [r('evaluation.submitted', '2024-03-01T09:00:00', { itemCode: 'I', channel: 'sms', score: 3 })],
      ctx('2024-04-01'),
    )!;
    expect(s).toMatchObject({ bad: false, rectifyBy: null, rectificationLate: null });
    expect(['unrectified', 'rectified', 'late_rectification'].some((x) => evaluationInState(s, x as never))).toBe(false);
  });
});
