// What the demo city holds on a given day (演示城市的历史): the previous year in full and this
// year up to yesterday, as one stream of department records. Pure: `today` is passed in, so a
// test can open the demo on any day and check that it looks like a living city then.
import { shanghaiDate } from '../../shared/calendar/index.js';
import { generateCatalog } from './catalog.js';
import { generateDepartments } from './departments.js';
import { generateDivisions } from './divisions.js';
import { generateRecords, type DemoRecord } from './records.js';

/**
 * Cases per year of the demo city by default (`--demo-cases N` to change): enough that most
 * departments complete more cases a month than the ranking minimum (report settings, 30), so the
 * monthly rankings rank (issue 15: about 16,000 a year or more).
 */
export const DEMO_CASES_PER_YEAR = 16_000;

/**
 * The ranking minimum the demo city sets (report settings minVolume.completed; the product's
 * default is 30). The demo holds about 1 case in 100 of Zibo's (CITY_CASES_PER_YEAR), so a
 * department completes about 30 cases a month on average where the city's completes thousands:
 * at 30, half the departments would be "样本不足" every month, which no real Zibo department is.
 * At 15 most departments are ranked each month, as in the city (README).
 */
export const DEMO_RANKING_MIN_COMPLETED = 15;

/** The default seed of the demo city. */
export const DEMO_SEED = 20231;

export interface DemoCityOptions {
  seed?: number;
  /** Cases per year; the demo holds the previous year in full and this year up to yesterday. */
  casesPerYear?: number;
  /** The day the demo is opened (its history ends the day before). */
  today: Date;
  /** Only these departments (codes), with their items and records: for tests that need a small city. */
  departments?: readonly string[];
}

export interface DemoCityPlan {
  seed: number;
  /** This year (Asia/Shanghai). */
  year: number;
  /** The last day of the history: events later than that would be in the future (rejected). */
  yesterday: string;
  casesPerYear: number;
  only?: ReadonlySet<string>;
}

export function demoCityPlan(o: DemoCityOptions): DemoCityPlan {
  const today = shanghaiDate(o.today);
  return {
    seed: o.seed ?? DEMO_SEED,
    year: Number(today.slice(0, 4)),
    yesterday: shanghaiDate(o.today.getTime() - 86_400_000),
    casesPerYear: o.casesPerYear ?? DEMO_CASES_PER_YEAR,
    ...(o.departments ? { only: new Set(o.departments) } : {}),
  };
}

/**
 * The demo's records in the order a city would have sent them, year by year: last year's cases
 * run on into this year (they complete across the year end), this year's up to yesterday, so
 * what is open today is what a city has in flight — recent cases, mostly on time, some near
 * their deadline (yellow), a few overdue (red).
 */
export function* demoRecords(o: DemoCityOptions): Generator<DemoRecord> {
  const { seed, year, yesterday, casesPerYear, only } = demoCityPlan(o);
  const departments = generateDepartments();
  const divisions = generateDivisions();
  for (const y of [year - 1, year]) {
    if (yesterday < `${y}-01-01`) continue; // opened on 1 January: this year has no history yet
    const catalog = generateCatalog({ seed, year: y });
    for (const r of generateRecords({ seed: seed + y, year: y, casesPerYear, catalog, departments, divisions, until: yesterday })) {
      if (!only || only.has(r.department)) yield r;
    }
  }
}
