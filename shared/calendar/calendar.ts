// Working-day calendar (工作日历): which dates are working days (工作日) under
// the State Council's yearly holiday arrangement (节假日安排: statutory days
// off 法定节假日 and adjusted working weekend days 调休上班). The calendar is
// data (CalendarData) that an administrator can replace per year at runtime;
// createCalendar validates and indexes it once, so every query is O(1).
// Outside the covered years, Monday–Friday are working days.

import { daysFromCivil, fromDayNumber, isIsoDate, isoWeekday, toDayNumber, type IsoDate } from './iso-date.js';

/** One year's arrangement (年度节假日安排). */
export interface YearArrangement {
  /** Statutory days off (放假日), whether they fall on weekdays or weekends. */
  readonly holidays: readonly IsoDate[];
  /** Adjusted working days (调休上班日): Saturdays or Sundays that are worked. */
  readonly workdays: readonly IsoDate[];
}

/** Arrangements keyed by year ('2024'); each date is listed under its own year. */
export type CalendarData = Readonly<Record<string, YearArrangement>>;

export interface WorkingCalendar {
  /** Hash of the (canonicalised) data, for reports to cite (日历版本). */
  readonly version: string;
  /** Years with an arrangement, ascending. */
  readonly yearsCovered: readonly number[];
  isCovered(year: number): boolean;
  isWorkingDay(date: IsoDate): boolean;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate;
  /** The n-th working day after `date` (n ≥ 1; `date` itself is not counted). */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  /** Number of working days d with from < d ≤ to (0 when to ≤ from). */
  workingDaysBetween(from: IsoDate, to: IsoDate): number;
}

/** Thrown by createCalendar for data that is not a valid arrangement. */
export class CalendarDataError extends Error {
  override readonly name = 'CalendarDataError';
  constructor(readonly issues: readonly string[]) {
    super(`invalid calendar data: ${issues.join('; ')}`);
  }
}

// --- Monday–Friday arithmetic, closed form (used outside the indexed years) ---

const MONDAY_ZERO = 4; // day number of 1970-01-05, a Monday

/** Count of Mon–Fri days in [MONDAY_ZERO, day); negative below it, so differences count any range. */
function weekdaysBefore(day: number): number {
  const t = day - MONDAY_ZERO;
  const weeks = Math.floor(t / 7);
  return 5 * weeks + Math.min(t - 7 * weeks, 5);
}

/** The Mon–Fri day x with weekdaysBefore(x + 1) === k: the first day reaching count k. */
function weekdayReaching(k: number): number {
  const j = k - 1;
  const weeks = Math.floor(j / 5);
  return MONDAY_ZERO + 7 * weeks + (j - 5 * weeks);
}

// --- validation and canonical form ---

function yearIssues(key: string, arrangement: YearArrangement): string[] {
  const issues: string[] = [];
  const inYear = (d: IsoDate) => isIsoDate(d) && d.startsWith(`${key}-`);
  for (const d of arrangement.holidays) if (!inYear(d)) issues.push(`${key}.holidays: ${String(d)} is not a date in ${key}`);
  for (const d of arrangement.workdays) {
    if (!inYear(d)) issues.push(`${key}.workdays: ${String(d)} is not a date in ${key}`);
    else if (isoWeekday(toDayNumber(d)) <= 5) issues.push(`${key}.workdays: ${d} is a weekday, not an adjusted working weekend day`);
  }
  const holidays = new Set(arrangement.holidays);
  for (const d of arrangement.workdays) if (holidays.has(d)) issues.push(`${key}: ${d} is both a holiday and a workday`);
  return issues;
}

function validate(data: CalendarData): string[] {
  return Object.entries(data).flatMap(([key, arrangement]) => {
    if (!/^\d{4}$/.test(key)) return [`${key}: year must be four digits`];
    if (!Array.isArray(arrangement?.holidays) || !Array.isArray(arrangement?.workdays)) {
      return [`${key}: needs holidays and workdays lists`];
    }
    return yearIssues(key, arrangement);
  });
}

const sortedUnique = (dates: readonly IsoDate[]) => [...new Set(dates)].sort();

function canonicalText(data: CalendarData, years: readonly number[]): string {
  return years
    .map((y) => {
      const a = data[String(y)]!;
      return `${y}|H:${sortedUnique(a.holidays).join(',')}|W:${sortedUnique(a.workdays).join(',')}`;
    })
    .join('\n');
}

/**
 * FNV-1a, 64 bit, as 16 hex digits: a stable fingerprint, not a security hash. Computed on two
 * 32-bit halves: the same digits as BigInt arithmetic (the calendar version is stored with every
 * counted entity), without BigInt's cost — this runs at every cold start (defaultCalendar), where
 * the BigInt loop over the shipped table took 2–5 ms.
 */
export function fnv1a64(text: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    const x = (lo ^ text.charCodeAt(i)) >>> 0;
    // h × (2^40 + 0x1b3) mod 2^64: x × 0x1b3 < 2^41 is exact in a double (its carry goes to hi);
    // 2^40 × h adds only x's low 24 bits, shifted by 8, to hi.
    const t = x * 0x1b3;
    lo = t >>> 0;
    hi = (Math.imul(hi, 0x1b3) + Math.floor(t / 0x100000000) + (x << 8)) >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

// --- the index ---

interface DayIndex {
  /** First and last indexed day numbers (Jan 1 of the first covered year … Dec 31 of the last). */
  readonly lo: number;
  readonly hi: number;
  /** working[i]: 1 if day lo + i is a working day. */
  readonly working: Uint8Array;
  /** cum[i]: working days in [lo, lo + i]. */
  readonly cum: Int32Array;
  /** workList[k]: day number of the (k+1)-th working day from lo. */
  readonly workList: Int32Array;
}

function buildIndex(data: CalendarData, years: readonly number[]): DayIndex {
  const first = years[0];
  const last = years[years.length - 1];
  if (first === undefined || last === undefined) {
    return { lo: 0, hi: -1, working: new Uint8Array(0), cum: new Int32Array(0), workList: new Int32Array(0) };
  }
  const lo = daysFromCivil(first, 1, 1);
  const hi = daysFromCivil(last, 12, 31);
  const working = new Uint8Array(hi - lo + 1);
  for (let i = 0; i < working.length; i++) working[i] = isoWeekday(lo + i) <= 5 ? 1 : 0;
  for (const y of years) {
    const a = data[String(y)]!;
    for (const d of a.holidays) working[toDayNumber(d) - lo] = 0;
    for (const d of a.workdays) working[toDayNumber(d) - lo] = 1;
  }
  const cum = new Int32Array(working.length);
  const days: number[] = [];
  for (let i = 0, count = 0; i < working.length; i++) {
    if (working[i]) days.push(lo + i);
    count += working[i]!;
    cum[i] = count;
  }
  return { lo, hi, working, cum, workList: Int32Array.from(days) };
}

class IndexedCalendar implements WorkingCalendar {
  readonly version: string;
  readonly yearsCovered: readonly number[];
  readonly #years: ReadonlySet<number>;
  readonly #index: DayIndex;
  readonly #total: number;

  constructor(data: CalendarData) {
    const issues = validate(data);
    if (issues.length > 0) throw new CalendarDataError(issues);
    const years = Object.keys(data)
      .map(Number)
      .sort((a, b) => a - b);
    this.yearsCovered = Object.freeze(years);
    this.#years = new Set(years);
    this.#index = buildIndex(data, years);
    this.#total = this.#index.workList.length;
    this.version = `cal-${fnv1a64(canonicalText(data, years))}`;
  }

  isCovered(year: number): boolean {
    return this.#years.has(year);
  }

  isWorkingDay(date: IsoDate): boolean {
    const day = toDayNumber(date);
    const { lo, hi, working } = this.#index;
    return day >= lo && day <= hi ? working[day - lo] === 1 : isoWeekday(day) <= 5;
  }

  nextWorkingDay(date: IsoDate): IsoDate {
    return this.addWorkingDays(date, 1);
  }

  addWorkingDays(date: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`addWorkingDays: n must be an integer ≥ 1, got ${n}`);
    return fromDayNumber(this.#dayReaching(this.#ordinal(toDayNumber(date)) + n));
  }

  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    return Math.max(0, this.#ordinal(toDayNumber(to)) - this.#ordinal(toDayNumber(from)));
  }

  /**
   * A running count of working days up to and including `day`, with
   * ordinal(lo − 1) = 0; ordinal(b) − ordinal(a) counts working days in (a, b].
   */
  #ordinal(day: number): number {
    const { lo, hi, cum } = this.#index;
    if (day < lo) return weekdaysBefore(day + 1) - weekdaysBefore(lo);
    if (day <= hi) return cum[day - lo]!;
    return this.#total + weekdaysBefore(day + 1) - weekdaysBefore(hi + 1);
  }

  /** The first day whose ordinal reaches `target` (always a working day). */
  #dayReaching(target: number): number {
    const { lo, hi, workList } = this.#index;
    if (target <= 0) return weekdayReaching(target + weekdaysBefore(lo));
    if (target <= this.#total) return workList[target - 1]!;
    return weekdayReaching(target - this.#total + weekdaysBefore(hi + 1));
  }
}

/** Validate and index calendar data; throws CalendarDataError listing every problem. */
export function createCalendar(data: CalendarData): WorkingCalendar {
  return new IndexedCalendar(data);
}
