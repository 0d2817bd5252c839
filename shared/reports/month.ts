// Month arithmetic of the monthly report (月度报告): 'YYYY-MM' strings, their first and last
// days, and the months around them. Pure integer arithmetic, independent of the host's time zone.

export type Month = string;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(s: string): boolean {
  return MONTH_RE.test(s);
}

function parts(m: Month): [number, number] {
  const r = MONTH_RE.exec(m);
  if (!r) throw new RangeError(`not a month (YYYY-MM): ${m}`);
  return [Number(r[1]), Number(r[2])];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function daysInMonth(m: Month): number {
  const [y, mo] = parts(m);
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(mo) ? 30 : 31;
}

/** The month `n` months after `m` (n may be negative). */
export function addMonths(m: Month, n: number): Month {
  const [y, mo] = parts(m);
  const k = y * 12 + (mo - 1) + n;
  return `${pad(Math.floor(k / 12), 4)}-${pad((k % 12) + 1)}`;
}

/** The first and last day of a month, as Asia/Shanghai dates. */
export function monthRange(m: Month): { from: string; to: string } {
  return { from: `${m}-01`, to: `${m}-${pad(daysInMonth(m))}` };
}

/** The month of a 'YYYY-MM-DD' date. */
export function monthOf(day: string): Month {
  return day.slice(0, 7);
}

/** Months from `from` to `to`, both included, oldest first (empty when to < from). */
export function monthsBetween(from: Month, to: Month): Month[] {
  const out: Month[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * The closed months (已结束的月份) as of a Shanghai date: the month before `today`'s and the
 * `count − 1` before it, oldest first.
 */
export function closedMonths(today: string, count: number): Month[] {
  const last = addMonths(monthOf(today), -1);
  return monthsBetween(addMonths(last, -(count - 1)), last);
}

export function monthLabel(m: Month, locale: 'zh-CN' | 'en'): string {
  const [y, mo] = parts(m);
  if (locale === 'zh-CN') return `${y}年${mo}月`;
  const names = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${names[mo - 1]} ${y}`;
}
