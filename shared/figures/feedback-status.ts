// Where one complaint or evaluation stands (投诉/评价办理状态), as of today: its deadlines, whether it
// was (or is now) late to respond, to resolve or to rectify — the rows of the work lists. Judged
// exactly as the follow-up rates judge them (domain.md; shared/figures/metrics.ts): a deadline of
// N working days is the N-th working day after receipt (N = 0: the day itself); done on time when
// its deadline index is ≤ N; still pending counts as late once today is after the deadline. Pure.
import { shanghaiDate, type WorkingCalendar } from '../calendar/index.js';
import type { EntityRecord } from './contribution.js';
import { deadlineIndex } from './contribution.js';
import type { ComplaintCategory, FollowUpDeadlines } from './deadlines.js';

export interface FeedbackContext {
  calendar: WorkingCalendar;
  deadlines: FollowUpDeadlines;
  today: string;
}

const byTime = (a: EntityRecord, b: EntityRecord) => a.atMs - b.atMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const liveOf = (records: readonly EntityRecord[]) => records.filter((r) => !r.voided && r.type !== 'void').sort(byTime);

/** The deadline date of a limit of `days` working days counted from the day after `day`. */
export function followUpDeadline(calendar: WorkingCalendar, day: string, days: number): string {
  return days === 0 ? day : calendar.addWorkingDays(day, days);
}

/** Late (true), on time (false), or not yet known (null: pending and not yet past its deadline). */
function lateness(ctx: FeedbackContext, day: string, days: number, doneAtMs: number | undefined): boolean | null {
  if (doneAtMs !== undefined) return deadlineIndex(ctx.calendar, day, shanghaiDate(doneAtMs)) > days;
  return followUpDeadline(ctx.calendar, day, days) < ctx.today ? true : null;
}

export interface ComplaintStatus {
  receivedAt: string;
  receivedOn: string;
  category: ComplaintCategory;
  channel: string;
  regionCode: string;
  itemCode: string | null;
  caseId: string | null;
  summary: string | null;
  respondBy: string;
  respondedAt: string | null;
  responseLate: boolean | null;
  resolveBy: string;
  resolvedAt: string | null;
  resolutionLate: boolean | null;
  /** Not resolved (never, or reopened after its last resolution). */
  open: boolean;
  reopened: boolean;
  substantiated: boolean | null;
  followUp: string | null;
  /** Late to respond or to resolve (as of today). */
  late: boolean;
}

/** A complaint's status, or null while its `complaint.received` is missing (or voided). */
export function complaintStatus(records: readonly EntityRecord[], ctx: FeedbackContext): ComplaintStatus | null {
  const rs = liveOf(records);
  const received = rs.filter((r) => r.type === 'complaint.received').at(-1);
  if (!received) return null;
  const b = received.body as {
    category: ComplaintCategory;
    channel: string;
    regionCode: string;
    itemCode?: string;
    caseId?: string;
    summary?: string;
  };
  const day = shanghaiDate(received.atMs);
  const limits = ctx.deadlines.complaints[b.category] ?? { respondDays: 1, resolveDays: 5 };
  const responded = rs.find((r) => r.type === 'complaint.responded' && r.atMs >= received.atMs);
  let resolution: EntityRecord | undefined;
  let reopened = false;
  for (const r of rs) {
    if (r.type === 'complaint.resolved') resolution = r;
    else if (r.type === 'complaint.reopened') {
      resolution = undefined;
      reopened = true;
    }
  }
  const followUp = rs.filter((r) => r.type === 'complaint.followed_up').at(-1);
  const responseLate = lateness(ctx, day, limits.respondDays, responded?.atMs);
  const resolutionLate = lateness(ctx, day, limits.resolveDays, resolution?.atMs);
  return {
    receivedAt: received.at,
    receivedOn: day,
    category: b.category,
    channel: b.channel,
    regionCode: b.regionCode,
    itemCode: b.itemCode ?? null,
    caseId: b.caseId ?? null,
    summary: b.summary ?? null,
    respondBy: followUpDeadline(ctx.calendar, day, limits.respondDays),
    respondedAt: responded?.at ?? null,
    responseLate,
    resolveBy: followUpDeadline(ctx.calendar, day, limits.resolveDays),
    resolvedAt: resolution?.at ?? null,
    resolutionLate,
    open: !resolution,
    reopened,
    substantiated: resolution ? resolution.body.substantiated === true : null,
    followUp: (followUp?.body.satisfaction as string | undefined) ?? null,
    late: responseLate === true || resolutionLate === true,
  };
}

export interface EvaluationStatus {
  submittedAt: string;
  submittedOn: string;
  itemCode: string;
  channel: string;
  score: number;
  bad: boolean;
  caseId: string | null;
  comment: string | null;
  calledBack: boolean;
  /** Bad reviews only (差评, score 1–2): the rectification deadline and whether it was kept. */
  rectifyBy: string | null;
  rectifiedAt: string | null;
  rectificationLate: boolean | null;
}

/** An evaluation's status, or null while its `evaluation.submitted` is missing (or voided). */
export function evaluationStatus(records: readonly EntityRecord[], ctx: FeedbackContext): EvaluationStatus | null {
  const rs = liveOf(records);
  const submitted = rs.filter((r) => r.type === 'evaluation.submitted').at(-1);
  if (!submitted) return null;
  const b = submitted.body as { itemCode: string; channel: string; score: number; caseId?: string; comment?: string };
  const day = shanghaiDate(submitted.atMs);
  const bad = b.score <= 2;
  const rectified = rs.find((r) => r.type === 'evaluation.rectified'); // the first counts
  return {
    submittedAt: submitted.at,
    submittedOn: day,
    itemCode: b.itemCode,
    channel: b.channel,
    score: b.score,
    bad,
    caseId: b.caseId ?? null,
    comment: b.comment ?? null,
    calledBack: rs.some((r) => r.type === 'evaluation.called_back'),
    rectifyBy: bad ? followUpDeadline(ctx.calendar, day, ctx.deadlines.rectifyDays) : null,
    rectifiedAt: bad ? (rectified?.at ?? null) : null,
    rectificationLate: bad ? lateness(ctx, day, ctx.deadlines.rectifyDays, rectified?.atMs) : null,
  };
}

export const COMPLAINT_STATES = ['open', 'resolved', 'late', 'late_response', 'late_resolution'] as const;
export type ComplaintStateFilter = (typeof COMPLAINT_STATES)[number];
export const EVALUATION_STATES = ['unrectified', 'rectified', 'late_rectification'] as const;
export type EvaluationStateFilter = (typeof EVALUATION_STATES)[number];

export function complaintInState(s: ComplaintStatus, state: ComplaintStateFilter): boolean {
  switch (state) {
    case 'open':
      return s.open;
    case 'resolved':
      return !s.open;
    case 'late':
      return s.late;
    case 'late_response':
      return s.responseLate === true;
    case 'late_resolution':
      return s.resolutionLate === true;
  }
}

/** Rectification states concern bad reviews only: a good review is in none of them. */
export function evaluationInState(s: EvaluationStatus, state: EvaluationStateFilter): boolean {
  if (!s.bad) return false;
  switch (state) {
    case 'unrectified':
      return s.rectifiedAt === null;
    case 'rectified':
      return s.rectifiedAt !== null;
    case 'late_rectification':
      return s.rectificationLate === true;
  }
}
