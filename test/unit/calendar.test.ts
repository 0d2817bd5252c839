// Working-day calendar (工作日历): the shipped table against the State Council's
// notices (2023–2025, every day), against the chinese-days package (2019–2026),
// the O(1) index against naive day-by-day loops, and Asia/Shanghai dates.
// Every date computation here uses UTC arithmetic, so the file passes in any TZ.

import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  CalendarDataError,
  createCalendar,
  DEFAULT_CALENDAR_DATA,
  defaultCalendar,
  InvalidDateError,
  shanghaiDate,
  shanghaiDayStartMs,
  toEpochMs,
  type CalendarData,
  type IsoDate,
} from '../../shared/calendar/index.js';
import { fnv1a64 } from '../../shared/calendar/calendar.js';

const utcWeekday = (d: IsoDate) => new Date(`${d}T00:00:00Z`).getUTCDay(); // 0 = Sunday

function datesOf(year: number): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) out.push(d);
  return out;
}

function expand(ranges: readonly (readonly [IsoDate, IsoDate?])[]): Set<IsoDate> {
  const out = new Set<IsoDate>();
  for (const [from, to = from] of ranges) for (let d = from; d <= to; d = addDays(d, 1)) out.add(d);
  return out;
}

// 国务院办公厅关于 2023 / 2024 / 2025 年部分节假日安排的通知, transcribed independently
// of shared/calendar/default-data.ts: days off (放假) as ranges, and 调休 working days.
const OFFICIAL: Record<number, { off: [IsoDate, IsoDate?][]; work: IsoDate[] }> = {
  2023: {
    off: [
      ['2023-01-01', '2023-01-02'], // 元旦: 2022-12-31 至 2023-01-02
      ['2023-01-21', '2023-01-27'], // 春节
      ['2023-04-05'], // 清明节
      ['2023-04-29', '2023-05-03'], // 劳动节
      ['2023-06-22', '2023-06-24'], // 端午节
      ['2023-09-29', '2023-10-06'], // 中秋节、国庆节
    ],
    // 1月28日（六）、1月29日（日）; 4月23日（日）、5月6日（六）; 6月25日（日）; 10月7日（六）、10月8日（日）
    work: ['2023-01-28', '2023-01-29', '2023-04-23', '2023-05-06', '2023-06-25', '2023-10-07', '2023-10-08'],
  },
  2024: {
    off: [
      ['2024-01-01'], // 元旦
      ['2024-02-10', '2024-02-17'], // 春节 (除夕 2月9日 is only "encouraged" off: a working day)
      ['2024-04-04', '2024-04-06'], // 清明节
      ['2024-05-01', '2024-05-05'], // 劳动节
      ['2024-06-10'], // 端午节
      ['2024-09-15', '2024-09-17'], // 中秋节
      ['2024-10-01', '2024-10-07'], // 国庆节
    ],
    // 2月4日（日）、2月18日（日）; 4月7日（日）; 4月28日（日）、5月11日（六）; 9月14日（六）; 9月29日（日）、10月12日（六）
    work: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
  },
  2025: {
    off: [
      ['2025-01-01'], // 元旦
      ['2025-01-28', '2025-02-04'], // 春节
      ['2025-04-04', '2025-04-06'], // 清明节
      ['2025-05-01', '2025-05-05'], // 劳动节
      ['2025-05-31', '2025-06-02'], // 端午节
      ['2025-10-01', '2025-10-08'], // 国庆节、中秋节
    ],
    // 1月26日（日）、2月8日（六）; 4月27日（日）; 9月28日（日）、10月11日（六）
    work: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
};

describe('default calendar against the State Council notices', () => {
  for (const [year, { off, work }] of Object.entries(OFFICIAL)) {
    it(`classifies every day of ${year}`, () => {
      const offDays = expand(off);
      const workDays = new Set(work);
      for (const d of workDays) expect([0, 6], `${d} is a weekend day`).toContain(utcWeekday(d));
      const wrong = datesOf(Number(year)).filter((d) => {
        const weekday = utcWeekday(d) !== 0 && utcWeekday(d) !== 6;
        const expected = workDays.has(d) || (weekday && !offDays.has(d));
        return defaultCalendar.isWorkingDay(d) !== expected;
      });
      expect(wrong).toEqual([]);
    });
  }

  it('counts the working days of each year', () => {
    // weekdays − holidays on weekdays + 调休 days; 2023: 260 − 18 + 7, 2024: 262 − 19 + 8, 2025: 261 − 18 + 5
    const count = (y: number) => defaultCalendar.workingDaysBetween(`${y - 1}-12-31`, `${y}-12-31`);
    expect([count(2023), count(2024), count(2025)]).toEqual([249, 251, 248]);
  });
});

describe('default calendar against chinese-days', () => {
  const years = [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026];
  const days = years.flatMap(datesOf);

  it('matches the package data file (dist/chinese-days.json) on every day 2019–2026', () => {
    const { holidays, workdays } = chineseDaysData as { holidays: Record<string, string>; workdays: Record<string, string> };
    const wrong = days.filter((d) => {
      const weekday = utcWeekday(d) !== 0 && utcWeekday(d) !== 6;
      const expected = d in workdays || (weekday && !(d in holidays));
      return defaultCalendar.isWorkingDay(d) !== expected;
    });
    expect(wrong).toEqual([]);
  });
  // (Its isWorkday() is not used as an oracle: chinese-days 1.5.7 builds its tables with
  // UTC-parsed dates read back in local time, so west of UTC every key is a day early.)
});

describe('working-day arithmetic', () => {
  const cal = defaultCalendar;

  it('steps over the 2024 Spring Festival', () => {
    // Fri 02-09 works; 02-10..17 off; Sun 02-18 is an adjusted working day
    expect(cal.isWorkingDay('2024-02-09')).toBe(true);
    expect(cal.nextWorkingDay('2024-02-09')).toBe('2024-02-18');
    expect(cal.addWorkingDays('2024-02-09', 5)).toBe('2024-02-22'); // 18, 19, 20, 21, 22
    expect(cal.workingDaysBetween('2024-02-09', '2024-02-22')).toBe(5);
    expect(cal.workingDaysBetween('2024-02-22', '2024-02-09')).toBe(0);
    expect(cal.workingDaysBetween('2024-02-10', '2024-02-17')).toBe(0);
  });

  it('steps over National Day 2024 and its adjusted Sunday and Saturday', () => {
    expect(cal.nextWorkingDay('2024-09-28')).toBe('2024-09-29'); // Sat off → Sun works
    expect(cal.nextWorkingDay('2024-09-30')).toBe('2024-10-08');
    expect(cal.addWorkingDays('2024-10-11', 1)).toBe('2024-10-12'); // Sat 10-12 works
    expect(cal.addWorkingDays('2024-10-11', 2)).toBe('2024-10-14');
  });

  it('falls back to Monday–Friday outside the covered years', () => {
    expect(cal.yearsCovered).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(cal.isCovered(2018)).toBe(false);
    expect(cal.isCovered(2027)).toBe(false);
    expect(cal.isWorkingDay('2018-02-16')).toBe(true); // Friday (Spring Festival 2018, but not covered)
    expect(cal.isWorkingDay('2027-01-02')).toBe(false); // Saturday
    expect(cal.addWorkingDays('2026-12-31', 2)).toBe('2027-01-04'); // Thu → Fri 01-01 (1) → Mon 01-04 (2)
    expect(cal.addWorkingDays('2018-12-28', 2)).toBe('2019-01-02'); // Fri → Mon 12-31 (1), 2019-01-01 off → 01-02 (2)
    expect(cal.workingDaysBetween('2018-12-28', '2019-01-02')).toBe(2);
  });

  it('refuses n < 1 and malformed dates', () => {
    expect(() => cal.addWorkingDays('2024-03-01', 0)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2024-03-01', 1.5)).toThrow(RangeError);
    expect(() => cal.isWorkingDay('2024-02-30')).toThrow(InvalidDateError);
    expect(() => cal.isWorkingDay('2024-2-3')).toThrow(InvalidDateError);
  });
});

describe('calendar data', () => {
  it('is replaceable per year, and the version follows the content only', () => {
    const amended = { ...DEFAULT_CALENDAR_DATA, 2026: { holidays: ['2026-01-01'], workdays: [] } };
    const cal = createCalendar(amended);
    expect(cal.isWorkingDay('2026-01-02')).toBe(true);
    expect(cal.version).not.toBe(defaultCalendar.version);
    expect(defaultCalendar.version).toMatch(/^cal-[0-9a-f]{16}$/);

    const reordered: CalendarData = Object.fromEntries(
      Object.entries(DEFAULT_CALENDAR_DATA)
        .reverse()
        .map(([y, a]) => [y, { holidays: [...a.holidays].reverse(), workdays: [...a.workdays, ...a.workdays] }]),
    );
    expect(createCalendar(reordered).version).toBe(defaultCalendar.version);
  });

  it('keeps its version across releases: FNV-1a 64 on 32-bit halves gives the digits of 64-bit arithmetic', () => {
    // Every counted entity stores the calendar version it was counted with; a new fingerprint for
    // the same table would make the recompute job recount everything.
    expect(defaultCalendar.version).toBe('cal-adefe09bde170593');
    const reference = (text: string) => {
      let h = 0xcbf29ce484222325n;
      for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
      return h.toString(16).padStart(16, '0');
    };
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c'); // the published FNV-1a 64 test vector
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => fnv1a64(text) === reference(text)),
      { numRuns: 2000 },
    );
  });

  it('with no years is a plain Monday–Friday calendar', () => {
    const cal = createCalendar({});
    expect(cal.yearsCovered).toEqual([]);
    expect(cal.isWorkingDay('2024-02-12')).toBe(true);
    expect(cal.addWorkingDays('2024-02-09', 1)).toBe('2024-02-12');
    expect(cal.workingDaysBetween('2024-02-01', '2024-02-29')).toBe(20);
  });

  it('reports every problem at once', () => {
    const bad = {
      '24': { holidays: [], workdays: [] },
      2024: { holidays: ['2024-02-30', '2025-01-01', '2024-02-18'], workdays: ['2024-02-19', '2024-02-18'] },
      2025: { holidays: [] },
    } as unknown as CalendarData;
    const error = (() => {
      try {
        createCalendar(bad);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CalendarDataError);
    expect([...(error as CalendarDataError).issues].sort()).toEqual([
      '2024.holidays: 2024-02-30 is not a date in 2024',
      '2024.holidays: 2025-01-01 is not a date in 2024',
      '2024.workdays: 2024-02-19 is a weekday, not an adjusted working weekend day',
      '2024: 2024-02-18 is both a holiday and a workday',
      '2025: needs holidays and workdays lists',
      '24: year must be four digits',
    ]);
  });
});

describe('Asia/Shanghai dates', () => {
  it('reads instants in +08:00 whatever the host zone', () => {
    expect(shanghaiDate('2024-02-09T15:59:59.999Z')).toBe('2024-02-09');
    expect(shanghaiDate('2024-02-09T16:00:00Z')).toBe('2024-02-10'); // 00:00 in Shanghai
    expect(shanghaiDate('2024-02-09T23:30:00+08:00')).toBe('2024-02-09');
    expect(shanghaiDate('2024-02-09T11:30:00-05:00')).toBe('2024-02-10'); // 16:30Z → 00:30 +08:00
    expect(shanghaiDate(new Date(Date.UTC(2024, 1, 9, 16)))).toBe('2024-02-10');
    expect(shanghaiDate(Date.UTC(2024, 1, 9, 15, 59))).toBe('2024-02-09');
    expect(shanghaiDayStartMs('2024-02-10')).toBe(Date.UTC(2024, 1, 9, 16));
    expect(toEpochMs('2024-03-01T09:30:00.123456+08:00')).toBe(Date.UTC(2024, 2, 1, 1, 30, 0, 123));
    expect(toEpochMs('2024-03-01T09:30+08:00')).toBe(Date.UTC(2024, 2, 1, 1, 30));
  });

  it('refuses text without an offset, and impossible dates', () => {
    for (const text of ['2024-02-09T10:00:00', '2024-02-09', '2024-02-30T10:00:00+08:00', '2024-02-09T24:00:00Z', 'yesterday']) {
      expect(() => toEpochMs(text), text).toThrow(InvalidDateError);
    }
    expect(() => shanghaiDate(new Date(Number.NaN))).toThrow(InvalidDateError);
  });

  it('agrees with Date for every day 1900–2100 (round trip through day numbers)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 11, 31) }), (ms) => {
        const expected = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
        expect(shanghaiDate(ms)).toBe(expected);
        expect(shanghaiDayStartMs(expected)).toBe(Date.parse(`${expected}T00:00:00+08:00`));
      }),
    );
  });
});

// --- the O(1) index against naive day-by-day loops ---------------------------------

/** A naive oracle: weekday rule plus the lists, looked up date by date. */
function naiveIsWorking(data: CalendarData): (d: IsoDate) => boolean {
  const holidays = new Set(Object.values(data).flatMap((a) => a.holidays));
  const workdays = new Set(Object.values(data).flatMap((a) => a.workdays));
  return (d) => workdays.has(d) || (!holidays.has(d) && utcWeekday(d) !== 0 && utcWeekday(d) !== 6);
}

function naiveBetween(isWorking: (d: IsoDate) => boolean, from: IsoDate, to: IsoDate): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorking(d)) n++;
  return n;
}

function naiveAdd(isWorking: (d: IsoDate) => boolean, from: IsoDate, n: number): IsoDate {
  let d = from;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorking(d)) left--;
  }
  return d;
}

const dateIn = (fromYear: number, toYear: number) =>
  fc.integer({ min: Date.UTC(fromYear, 0, 1), max: Date.UTC(toYear, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));

/** Random calendar data: some years in 2016–2030 (with gaps), random days off, random working weekend days. */
const calendarData: fc.Arbitrary<CalendarData> = fc.uniqueArray(fc.integer({ min: 2016, max: 2030 }), { maxLength: 6 }).chain((years) =>
  fc
    .tuple(
      ...years.map((y) =>
        fc.record({
          holidays: fc.uniqueArray(dateIn(y, y), { maxLength: 40 }),
          workdays: fc.uniqueArray(
            dateIn(y, y).filter((d) => utcWeekday(d) === 0 || utcWeekday(d) === 6),
            { maxLength: 10 },
          ),
        }),
      ),
    )
    .map((arrangements) =>
      Object.fromEntries(
        years.map((y, i) => {
          const a = arrangements[i]!;
          return [String(y), { holidays: a.holidays.filter((d) => !a.workdays.includes(d)), workdays: a.workdays }];
        }),
      ),
    ),
);

describe('index against naive loops (property)', () => {
  const isWorking = naiveIsWorking(DEFAULT_CALENDAR_DATA);

  it('workingDaysBetween and addWorkingDays match, default data, 2015–2030', () => {
    fc.assert(
      fc.property(dateIn(2015, 2030), fc.integer({ min: -60, max: 400 }), fc.integer({ min: 1, max: 300 }), (a, span, n) => {
        const b = addDays(a, span);
        expect(defaultCalendar.workingDaysBetween(a, b)).toBe(naiveBetween(isWorking, a, b));
        expect(defaultCalendar.addWorkingDays(a, n)).toBe(naiveAdd(isWorking, a, n));
        expect(defaultCalendar.isWorkingDay(a)).toBe(isWorking(a));
      }),
      { numRuns: 500 },
    );
  });

  it('workingDaysBetween and addWorkingDays match, random calendar data', () => {
    fc.assert(
      fc.property(
        calendarData,
        dateIn(2012, 2034),
        fc.integer({ min: 0, max: 900 }),
        fc.integer({ min: 1, max: 500 }),
        (data, a, span, n) => {
          const cal = createCalendar(data);
          const oracle = naiveIsWorking(data);
          const b = addDays(a, span);
          expect(cal.workingDaysBetween(a, b)).toBe(naiveBetween(oracle, a, b));
          expect(cal.addWorkingDays(a, n)).toBe(naiveAdd(oracle, a, n));
        },
      ),
      { numRuns: 300 },
    );
  });
});
