// Working time between two instants (工作时长), for processing time (办理用时):
// only time on working days counts, each working day being a whole 24-hour
// Asia/Shanghai day. O(1) in the calendar, however long the interval.

import { DAY_MS, shanghaiDate, toEpochMs, type Instant, type WorkingCalendar } from '../calendar/index.js';
import { SHANGHAI_OFFSET_MS } from '../calendar/shanghai-time.js';

/** Milliseconds from `ms` to the next 00:00 in Asia/Shanghai. */
const msToDayEnd = (ms: number) => DAY_MS - ((((ms + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS);

/** Working milliseconds in [fromMs, toMs] (0 if toMs ≤ fromMs). */
export function workingMsBetween(calendar: WorkingCalendar, fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0;
  const from = shanghaiDate(fromMs);
  const to = shanghaiDate(toMs);
  // (rest of the first day) + (whole working days in (from, to]) − (rest of the last day after toMs)
  const head = calendar.isWorkingDay(from) ? msToDayEnd(fromMs) : 0;
  const tail = calendar.isWorkingDay(to) ? msToDayEnd(toMs) : 0;
  return head + calendar.workingDaysBetween(from, to) * DAY_MS - tail;
}

/** Working time between two instants, in decimal working days. */
export function workingTimeBetween(calendar: WorkingCalendar, from: Instant, to: Instant): number {
  return workingMsBetween(calendar, toEpochMs(from), toEpochMs(to)) / DAY_MS;
}
