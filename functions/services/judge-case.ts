// Judging a case as of now (办件时效判定) for the warnings list, the case page and reports: one
// helper, so every caller judges alike.
//
// A record may be dated up to 5 minutes ahead of the server clock (MAX_FUTURE_SKEW_MS: the
// sender's clock runs a little fast). The case clock judges a case as of an instant and ignores
// later events, so "as of now" a case accepted 3 minutes ahead had no start at all and the clock
// threw (a 500 on /v1/warnings — immediate items are on the yellow/red list the day they are
// accepted — on the case page and in report generation, until the clock caught up). Such a case
// is judged as of its own start: it has just begun.
import type { WorkingCalendar } from '../../shared/calendar/index.js';
import { caseEventsOf, evaluateCase } from '../../shared/clock/index.js';

const STARTS = new Set(['case.submitted', 'case.accepted', 'case.not_accepted', 'case.withdrawn']);

export interface JudgedRecord {
  id: string;
  type: string;
  atMs: number;
  body: Record<string, unknown>;
  voided?: boolean;
}

export function judgeCaseNow(records: readonly JudgedRecord[], promisedDays: number, calendar: WorkingCalendar, now: Date) {
  const live = records.filter((r) => !r.voided && r.type.startsWith('case.'));
  const events = caseEventsOf(live);
  const firstStart = Math.min(...live.filter((r) => STARTS.has(r.type)).map((r) => r.atMs));
  const at = Number.isFinite(firstStart) && firstStart > now.getTime() ? new Date(firstStart) : now;
  return evaluateCase(events, { promisedDays, calendar, now: at });
}
