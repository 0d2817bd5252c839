// Which rollup rows answer a date range: whole months as month rows, the rest as day rows.
// Months near today are always read by day, so deadline-based figures (complaints, reviews)
// can tell which days are already past their deadline.
import type { Period } from './rollup-key.js';

export interface PlannedPart {
  period: Period;
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const monthEnd = (m: string) => {
  const [y, mo] = m.split('-').map(Number);
  return new Date(Date.UTC(y!, mo!, 0)).toISOString().slice(0, 10);
};

/** Days read one by one when they are this close to today (longest follow-up deadline, with margin). */
export const RECENT_DAYS = 100;

export function planPeriods(from: string, to: string, today: string, monthRows = true): PlannedPart[] {
  const recent = addDays(today, -RECENT_DAYS);
  const out: PlannedPart[] = [];
  let d = from;
  while (d <= to) {
    const m = d.slice(0, 7);
    const end = monthEnd(m);
    if (monthRows && d === `${m}-01` && end <= to && end < recent) {
      out.push({ period: `M${m}`, from: d, to: end });
      d = addDays(end, 1);
    } else {
      out.push({ period: `D${d}`, from: d, to: d });
      d = addDays(d, 1);
    }
  }
  return out;
}

/**
 * The rows whose sum is the running total up to and including `day`, from `since`: whole years
 * as year rows (kept for the overdue counter only), then whole months of the last year, then the
 * days of the last month — at most about 50 rows for any day since 2019. A `day` that ends its
 * month (or its year) reads that month's (year's) row instead of its days: a running-total counter
 * is added to the day, month and year rows alike, so the sums are the same (a year by department
 * reads 19 rows per department instead of 49).
 */
export function planRunningTotal(since: string, day: string): PlannedPart[] {
  const out: PlannedPart[] = [];
  const m = day.slice(0, 7);
  const wholeMonth = day === monthEnd(m);
  // Months before `stop` are read whole; a year whose December is before `stop` as its year row.
  const stop = wholeMonth ? nextMonth(m) : m;
  let cur = since.slice(0, 7);
  while (cur < stop) {
    const y = cur.slice(0, 4);
    if (cur.endsWith('-01') && `${y}-12` < stop) {
      out.push({ period: `Y${y}`, from: `${y}-01-01`, to: `${y}-12-31` });
      cur = `${Number(y) + 1}-01`;
      continue;
    }
    out.push({ period: `M${cur}`, from: `${cur}-01`, to: monthEnd(cur) });
    cur = nextMonth(cur);
  }
  if (!wholeMonth) for (let d = `${m}-01`; d <= day; d = addDays(d, 1)) out.push({ period: `D${d}`, from: d, to: d });
  return out;
}

function nextMonth(m: string): string {
  const [yy, mo] = m.split('-').map(Number);
  return mo === 12 ? `${yy! + 1}-01` : `${yy}-${String(mo! + 1).padStart(2, '0')}`;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}
export { addDays as addCalendarDays };

const lastDayOfMonth = (y: number, m: number): string =>
  addDays(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`, -1);
const isMonthEnd = (d: string) => d === lastDayOfMonth(Number(d.slice(0, 4)), Number(d.slice(5, 7)));

/**
 * The period a range is compared with (环比 previous, 同比 year).
 * - previous: a range of whole calendar months compares with as many whole months just before it
 *   (March → February, Q2 → Q1); any other range with the same number of days just before it.
 * - year: the same dates a year earlier; 29 February becomes the 28th, and a range ending on a
 *   month's last day ends on that month's last day a year earlier (February 2025 → 1–29 Feb 2024).
 */
export function comparedPeriod(from: string, to: string, mode: 'previous' | 'year'): { from: string; to: string } {
  const [fy, fm] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const [ty, tm] = [Number(to.slice(0, 4)), Number(to.slice(5, 7))];
  if (mode === 'year') {
    const shifted = (d: string) =>
      d.slice(5) === '02-29' ? `${Number(d.slice(0, 4)) - 1}-02-28` : `${Number(d.slice(0, 4)) - 1}${d.slice(4)}`;
    return { from: shifted(from), to: isMonthEnd(to) ? lastDayOfMonth(ty - 1, tm) : shifted(to) };
  }
  // A year or a month to date (今年, 本月 before it ends) compares with the same days of the year or
  // month before: 1 Jan – 6 Dec with 1 Jan – 6 Dec a year earlier, 1–6 Dec with 1–6 Nov.
  if (from.endsWith('-01') && ty === fy && tm === fm && !isMonthEnd(to)) {
    const py = fm === 1 ? fy - 1 : fy;
    const pm = fm === 1 ? 12 : fm - 1;
    const last = lastDayOfMonth(py, pm);
    const day = `${py}-${String(pm).padStart(2, '0')}-${to.slice(8)}`;
    return { from: `${py}-${String(pm).padStart(2, '0')}-01`, to: day > last ? last : day };
  }
  // (1–6 January is a month to date: compared with 1–6 December.)
  if (from.slice(5) === '01-01' && ty === fy && !isMonthEnd(to)) return comparedPeriod(from, to, 'year');
  if (from.endsWith('-01') && isMonthEnd(to)) {
    const months = (ty - fy) * 12 + (tm - fm) + 1;
    const start = fy * 12 + (fm - 1) - months; // months since year 0 of the compared range's first month
    const y = Math.floor(start / 12);
    const m = (start % 12) + 1;
    return { from: `${y}-${String(m).padStart(2, '0')}-01`, to: addDays(from, -1) };
  }
  return { from: addDays(from, -daysBetween(from, to)), to: addDays(from, -1) };
}
