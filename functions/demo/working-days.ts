// Working-day arithmetic for the generator: an index built once from any isWorkingDay(date)
// predicate (the project's calendar by default), so the demo's deadlines are the product's
// deadlines. Days are day numbers (days since 1970-01-01, Asia/Shanghai dates); "ordinal(d)"
// counts working days up to and including d, so ordinal(b) − ordinal(a) is the number of
// working days in (a, b] — the way domain.md counts limits and suspensions.

import { fromDayNumber, toDayNumber, type IsoDate } from '../../shared/calendar/iso-date.js';

export interface WorkingDayIndex {
  readonly firstDay: number;
  readonly lastDay: number;
  isWorking(day: number): boolean;
  ordinal(day: number): number;
  /** The day of working-day ordinal n (the n-th working day of the index); beyond the index: after lastDay. */
  dayOfOrdinal(n: number): number;
  /** 'YYYY-MM-DD' of a day number (cached). */
  date(day: number): IsoDate;
}

export function buildWorkingDayIndex(first: IsoDate, last: IsoDate, isWorkingDay: (date: IsoDate) => boolean): WorkingDayIndex {
  const firstDay = toDayNumber(first);
  const lastDay = toDayNumber(last);
  const n = lastDay - firstDay + 1;
  const working = new Uint8Array(n);
  const ord = new Int32Array(n);
  const dates: IsoDate[] = new Array(n);
  const list: number[] = [];
  let count = 0;
  for (let i = 0; i < n; i++) {
    const day = firstDay + i;
    dates[i] = fromDayNumber(day);
    if (isWorkingDay(dates[i]!)) {
      working[i] = 1;
      count += 1;
      list.push(day);
    }
    ord[i] = count;
  }
  return {
    firstDay,
    lastDay,
    isWorking: (day) => (day >= firstDay && day <= lastDay ? working[day - firstDay] === 1 : false),
    ordinal: (day) => (day < firstDay ? 0 : day > lastDay ? count + (day - lastDay) : ord[day - firstDay]!),
    dayOfOrdinal: (k) => (k < 1 ? firstDay : k <= count ? list[k - 1]! : lastDay + (k - count)),
    date: (day) => (day >= firstDay && day <= lastDay ? dates[day - firstDay]! : fromDayNumber(day)),
  };
}
