// Calendar dates (日期) as 'YYYY-MM-DD' strings, and the day-number arithmetic
// behind them. A date here is a civil date with no time zone attached; the
// product reads every date as an Asia/Shanghai date (see shanghai-time.ts).
// Pure integer arithmetic (Hinnant's days-from-civil), never the host's
// `Date` in local time, so results do not depend on the server's TZ.

/** A calendar date 'YYYY-MM-DD' (Asia/Shanghai). */
export type IsoDate = string;

/** Thrown for a malformed date or instant. */
export class InvalidDateError extends RangeError {
  override readonly name = 'InvalidDateError';
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a proleptic Gregorian y-m-d (no validation). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(n: number): [number, number, number] {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Day number (days since 1970-01-01) of y-m-d, or null if not a real date. */
export function civilDayNumber(y: number, m: number, d: number): number | null {
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return daysFromCivil(y, m, d);
}

/** True for a well-formed, real calendar date 'YYYY-MM-DD'. */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = DATE_RE.exec(value);
  return match !== null && civilDayNumber(Number(match[1]), Number(match[2]), Number(match[3])) !== null;
}

/** Days since 1970-01-01; throws InvalidDateError for a malformed date. */
export function toDayNumber(date: IsoDate): number {
  const match = DATE_RE.exec(date);
  const day = match && civilDayNumber(Number(match[1]), Number(match[2]), Number(match[3]));
  if (day === null || day === undefined) throw new InvalidDateError(`not a date 'YYYY-MM-DD': ${JSON.stringify(date)}`);
  return day;
}

/** The date of a day number (inverse of toDayNumber). */
export function fromDayNumber(day: number): IsoDate {
  const [y, m, d] = civilFromDays(day);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The date n calendar days after (n < 0: before) the given date. */
export function addDays(date: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + n);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}
