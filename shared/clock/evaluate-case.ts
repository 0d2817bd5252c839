// The case clock (办件时效): one case's events → its status, deadline (截止日),
// on-time (按期办结) / overdue (超期) verdict, yellow/red warning (黄牌/红牌),
// elapsed working days and processing time (办理用时), exactly as domain.md
// "The case clock" defines them, with the deadline's computation spelled out.
// Readings of domain.md chosen here (see also timeline.ts and deadline.ts):
//   - "open" for yellow means not completed and not withdrawn: a suspended
//     case can be yellow (its elapsed days exclude the suspension);
//   - with P + E = 0 the 90% threshold is 0, so an open immediate case is
//     yellow from acceptance until it is completed or overdue;
//   - a case completed after its deadline is overdue and red (domain: "red:
//     overdue"; "overdue: … or completed after it");
//   - daysOverdue counts working days, so it is 0 on the days off right after
//     a deadline even though the case is already overdue;
//   - "never overdue while suspended" is taken literally: a case already past
//     its deadline that is then suspended is not overdue (nor red) until it
//     resumes;
//   - a withdrawn case keeps its deadline for display but has no verdict;
//   - while a suspension is open the case has no deadline date (domain.md): the
//     clock gives the working days left when it stopped instead (daysLeft);
//   - what the clock cannot judge (timeline.ts) is the status 'cannot_judge'
//     with its problem, never an exception.

import { DAY_MS, shanghaiDate, toEpochMs, type Instant, type IsoDate, type WorkingCalendar } from '../calendar/index.js';
import { CaseClockError, type CaseEvent } from './case-event.js';
import { explainDeadline, type DeadlineExplanation, type SuspensionExplanation } from './deadline.js';
import { buildTimeline, type CaseTimeline, type ClockProblem, type SuspensionSpan } from './timeline.js';
import { workingMsBetween } from './working-time.js';

export type CaseStatus = 'not_accepted' | 'submitted' | 'open' | 'suspended' | 'completed' | 'withdrawn' | 'cannot_judge';
export type CaseWarning = 'none' | 'yellow' | 'red';

export interface ClockOptions {
  /** The item's promised limit P in working days (承诺时限; 0 = 即办件). */
  readonly promisedDays: number;
  readonly calendar: WorkingCalendar;
  /** The instant to judge at; events after it are ignored. */
  readonly now: Instant;
}

export interface CaseClock {
  readonly status: CaseStatus;
  readonly acceptedOn: IsoDate | null;
  readonly completedOn: IsoDate | null;
  /** null while a suspension is open (暂停中): the date is fixed again when it resumes. */
  readonly deadline: IsoDate | null;
  /** While suspended: working days of P + E left when it stopped (P + E − elapsed, ≥ 0). */
  readonly daysLeft: number | null;
  /** Only with status 'cannot_judge' (无法判定): why, and the records involved. */
  readonly problem?: ClockProblem;
  readonly suspendedWorkingDays: number;
  readonly extensionDays: number;
  /** Completed on or before the deadline date; null unless completed. */
  readonly onTime: boolean | null;
  /** As of now (open) or of completion (completed); never while suspended. */
  readonly overdue: boolean;
  /** Working days d with deadline < d ≤ (completion date ?? today), when overdue. */
  readonly daysOverdue: number;
  readonly warning: CaseWarning;
  /** Working days since acceptance up to completion/withdrawal/today, less suspended days. */
  readonly elapsedWorkingDays: number;
  /** 办理用时 in decimal working days; completed cases only. */
  readonly processingDays: number | null;
  readonly explanation: DeadlineExplanation | null;
}

type AcceptedTimeline = Extract<CaseTimeline, { kind: 'accepted' }>;
type Verdict = Pick<CaseClock, 'onTime' | 'overdue' | 'daysOverdue' | 'warning'>;

const NO_CLOCK = {
  acceptedOn: null,
  completedOn: null,
  deadline: null,
  daysLeft: null,
  suspendedWorkingDays: 0,
  extensionDays: 0,
  onTime: null,
  overdue: false,
  daysOverdue: 0,
  warning: 'none',
  elapsedWorkingDays: 0,
  processingDays: null,
  explanation: null,
} as const satisfies Omit<CaseClock, 'status'>;

function explainSuspension(calendar: WorkingCalendar, span: SuspensionSpan, today: IsoDate): SuspensionExplanation {
  const from = shanghaiDate(span.startMs);
  const to = span.endMs === null ? null : shanghaiDate(span.endMs);
  return { from, to, countedDays: calendar.workingDaysBetween(from, to ?? today) };
}

function judge(calendar: WorkingCalendar, status: CaseStatus, deadline: IsoDate, asOf: IsoDate, yellowReached: boolean): Verdict {
  if (status === 'withdrawn') return { onTime: null, overdue: false, daysOverdue: 0, warning: 'none' };
  // IsoDate strings order as dates.
  const overdue = status !== 'suspended' && asOf > deadline;
  const yellow = !overdue && status !== 'completed' && yellowReached;
  return {
    onTime: status === 'completed' ? !overdue : null,
    overdue,
    daysOverdue: overdue ? calendar.workingDaysBetween(deadline, asOf) : 0,
    warning: overdue ? 'red' : yellow ? 'yellow' : 'none',
  };
}

/** Working time from acceptance to completion less suspended working time, in working days. */
/**
 * 黄牌: the working days after acceptance (suspensions excluded) from which an open case is yellow —
 * 90% of its limit (promised + extension days), rounded up to a whole day; 0 for an immediate case.
 * The clock and the open-case index both use it, so the list and the case page never disagree.
 */
export function yellowThresholdDays(limitDays: number): number {
  return Math.ceil((9 * limitDays) / 10);
}

function processingDays(calendar: WorkingCalendar, t: AcceptedTimeline): number | null {
  if (t.end?.type !== 'completed') return null;
  const endMs = t.end.ms; // completion closed every suspension, so endMs below is only a fallback
  const suspendedMs = t.suspensions.reduce((sum, s) => sum + workingMsBetween(calendar, s.startMs, s.endMs ?? endMs), 0);
  return (workingMsBetween(calendar, t.acceptedMs, endMs) - suspendedMs) / DAY_MS;
}

function acceptedClock(t: AcceptedTimeline, { promisedDays, calendar }: ClockOptions, today: IsoDate): CaseClock {
  const acceptedOn = shanghaiDate(t.acceptedMs);
  const suspensions = t.suspensions.map((s) => explainSuspension(calendar, s, today));
  const explanation = explainDeadline(calendar, acceptedOn, promisedDays, t.extensionDays, suspensions);
  const suspended = suspensions.at(-1)?.to === null;
  const status: CaseStatus = t.end?.type ?? (suspended ? 'suspended' : 'open');
  const endOn = t.end ? shanghaiDate(t.end.ms) : null;
  const elapsed = calendar.workingDaysBetween(acceptedOn, endOn ?? today) - explanation.suspendedWorkingDays;
  const yellowReached = elapsed >= yellowThresholdDays(promisedDays + t.extensionDays);
  return {
    status,
    acceptedOn,
    completedOn: status === 'completed' ? endOn : null,
    deadline: suspended ? null : explanation.deadline,
    daysLeft: suspended ? Math.max(0, promisedDays + t.extensionDays - elapsed) : null,
    suspendedWorkingDays: explanation.suspendedWorkingDays,
    extensionDays: t.extensionDays,
    ...judge(calendar, status, explanation.deadline, endOn ?? today, yellowReached),
    elapsedWorkingDays: elapsed,
    processingDays: processingDays(calendar, t),
    explanation,
  };
}

/**
 * Judge one case as of `options.now` (events after it are ignored). Throws
 * CaseClockError only for an invalid promisedDays (a caller's bug); a case the
 * clock cannot judge is the status 'cannot_judge' with its problem.
 */
export function evaluateCase(events: readonly CaseEvent[], options: ClockOptions): CaseClock {
  const p = options.promisedDays;
  if (!Number.isInteger(p) || p < 0) throw new CaseClockError(`promisedDays must be an integer ≥ 0, got ${p}`);
  const nowMs = toEpochMs(options.now);
  const timeline = buildTimeline(events, nowMs);
  if (timeline.kind === 'cannot_judge') return { status: 'cannot_judge', ...NO_CLOCK, problem: timeline.problem };
  if (timeline.kind === 'unaccepted') return { status: timeline.status, ...NO_CLOCK };
  return acceptedClock(timeline, options, shanghaiDate(nowMs));
}
