// The legal deadline (办结时限截止日) and how it was reached (计算过程), per
// domain.md "The case clock": counting starts the day after acceptance; the
// deadline is the (P + E + S)-th working day after the acceptance date.
// Immediate items (即办件, P = 0) are due on the acceptance date, or on the next
// working day if accepted on a day off; our reading: an extension E and
// suspended days S then move that due date by E + S working days.

import type { IsoDate, WorkingCalendar } from '../calendar/index.js';

export interface SuspensionExplanation {
  /** Date suspended (暂停日); not itself counted. */
  readonly from: IsoDate;
  /** Date resumed (恢复日), or null while still suspended (counted up to today). */
  readonly to: IsoDate | null;
  /** Working days d with from < d ≤ (to ?? today). */
  readonly countedDays: number;
}

export interface DeadlineExplanation {
  readonly acceptedOn: IsoDate;
  readonly promisedDays: number;
  readonly extensionDays: number;
  readonly suspensions: readonly SuspensionExplanation[];
  readonly suspendedWorkingDays: number;
  readonly deadline: IsoDate;
  /** Version of the working-day calendar used (日历版本). */
  readonly calendarVersion: string;
  /** The computation in words, for the case page (Chinese, user-facing). */
  readonly rule: string;
}

/** Due date of an immediate item before extension and suspension. */
function immediateDue(calendar: WorkingCalendar, acceptedOn: IsoDate): IsoDate {
  return calendar.isWorkingDay(acceptedOn) ? acceptedOn : calendar.nextWorkingDay(acceptedOn);
}

/** Deadline for promised limit P plus `addedDays` = E + S working days. */
export function deadlineFor(calendar: WorkingCalendar, acceptedOn: IsoDate, promisedDays: number, addedDays: number): IsoDate {
  if (promisedDays > 0) return calendar.addWorkingDays(acceptedOn, promisedDays + addedDays);
  const due = immediateDue(calendar, acceptedOn);
  return addedDays > 0 ? calendar.addWorkingDays(due, addedDays) : due;
}

function ruleText(calendar: WorkingCalendar, e: Omit<DeadlineExplanation, 'rule' | 'calendarVersion'>): string {
  const { acceptedOn, promisedDays: p, extensionDays: ext, suspendedWorkingDays: s, deadline } = e;
  if (p > 0) {
    return `受理日 ${acceptedOn} 不计，其后第 ${p + ext + s} 个工作日（承诺 ${p} + 延长 ${ext} + 暂停 ${s}）为截止日 ${deadline}`;
  }
  const due = immediateDue(calendar, acceptedOn);
  const base = due === acceptedOn ? '当日到期' : `为休息日，顺延至下一工作日 ${due}`;
  const more = ext + s > 0 ? `，再加 ${ext + s} 个工作日（延长 ${ext} + 暂停 ${s}）` : '';
  return `即办件：受理日 ${acceptedOn} ${base}${more}，截止日 ${deadline}`;
}

export function explainDeadline(
  calendar: WorkingCalendar,
  acceptedOn: IsoDate,
  promisedDays: number,
  extensionDays: number,
  suspensions: readonly SuspensionExplanation[],
): DeadlineExplanation {
  const suspendedWorkingDays = suspensions.reduce((sum, s) => sum + s.countedDays, 0);
  const deadline = deadlineFor(calendar, acceptedOn, promisedDays, extensionDays + suspendedWorkingDays);
  const facts = { acceptedOn, promisedDays, extensionDays, suspensions, suspendedWorkingDays, deadline };
  return { ...facts, calendarVersion: calendar.version, rule: ruleText(calendar, facts) };
}
