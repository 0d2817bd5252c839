// The demo city as a supervisor meets it (issue 13 item 7): opened on any day, it looks like a
// living city — cases complete across the year end, red cards are mostly recent with a few long
// ones, yellow cards exist, complaints come at the README's rate, 社区 and 村 handle cases, data
// sharing and commitment carry part of the exemptions, most departments complete enough cases a
// month to be ranked, evaluations name their cases. Judged with the product's own case clock,
// calendar, level rule and ranking minimum, on exactly the records the demo loads.
import { describe, expect, it } from 'vitest';
import { defaultCalendar, shanghaiDate } from '../../shared/calendar/index.js';
import { levelOfRegion } from '../../shared/region-code.js';
import { DEFAULT_REPORT_SETTINGS } from '../../shared/reports/settings.js';
import {
  DEMO_CASES_PER_YEAR,
  DEMO_RANKING_MIN_COMPLETED,
  demoCityPlan,
  demoRecords,
  generateDepartments,
  SEED_TARGETS,
} from '../../functions/demo/index.js';
import { judgeDemoCases } from '../support/demo-cases.js';

interface CityFacts {
  today: string;
  accepted: number;
  /** Cases accepted more than 90 days before today and still open (a pile of never-completed cases). */
  oldStillOpen: number;
  red: number[]; // working days overdue of each red card
  yellow: number;
  complaints: number;
  complaintsLinked: number;
  byLevel: Map<string, number>;
  via: Map<string, number>;
  materials: number;
  evaluations: number;
  evaluationsNamingCase: number;
  /** Completions per department and month (YYYY-MM → department → count), last year. */
  monthly: Map<string, Map<string, number>>;
  departments: number;
}

function cityOn(todayIso: string, casesPerYear = DEMO_CASES_PER_YEAR): CityFacts {
  const today = new Date(`${todayIso}T10:00:00+08:00`);
  const { year } = demoCityPlan({ today });
  const f: CityFacts = {
    today: todayIso,
    accepted: 0,
    oldStillOpen: 0,
    red: [],
    yellow: 0,
    complaints: 0,
    complaintsLinked: 0,
    byLevel: new Map(),
    via: new Map(),
    materials: 0,
    evaluations: 0,
    evaluationsNamingCase: 0,
    monthly: new Map(),
    departments: generateDepartments().length,
  };
  const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);
  const cases = judgeDemoCases(today, casesPerYear, (_department, record) => {
    if (record.type === 'complaint.received') {
      f.complaints++;
      if (record.caseId) f.complaintsLinked++;
    }
    if (record.type === 'evaluation.submitted') {
      f.evaluations++;
      if (record.caseId) f.evaluationsNamingCase++;
    }
  });
  const now = today.getTime();
  for (const { department, acceptance: acc, clock } of cases) {
    f.accepted++;
    bump(f.byLevel, levelOfRegion(acc.regionCode));
    for (const m of acc.materials) {
      f.materials++;
      bump(f.via, m.via);
    }
    const lastYear = shanghaiDate(acc.at) < `${year}-01-01`;
    if (clock.status === 'completed') {
      if (lastYear) {
        const month = clock.completedOn!.slice(0, 7);
        const m = f.monthly.get(month) ?? new Map<string, number>();
        bump(m, department);
        f.monthly.set(month, m);
      }
      continue;
    }
    if (clock.status !== 'open' && clock.status !== 'suspended') continue;
    if (now - Date.parse(acc.at) > 90 * 86_400_000) f.oldStillOpen++;
    if (clock.warning === 'red') f.red.push(defaultCalendar.workingDaysBetween(clock.deadline!, shanghaiDate(now)));
    if (clock.warning === 'yellow') f.yellow++;
  }
  return f;
}

const share = (n: number, d: number) => (d ? n / d : 0);

// Days a supervisor may open the demo: an ordinary weekday, a Sunday, right after New Year, in
// the Spring Festival holiday, in the National Day holiday.
const DAYS = ['2026-12-07', '2026-12-06', '2026-01-02', '2026-02-18', '2026-10-04'];

describe('the demo city, opened on different days', () => {
  const facts = DAYS.map((d) => cityOn(d));

  it.each(facts.map((f) => [f.today, f] as const))(
    'on %s: cases complete across the year end; red cards mostly recent, a few long; yellow cards exist',
    (_day, f) => {
      // What was accepted months ago is done by now (December's cases too, across the year end),
      // but for the few that never are (特殊事项).
      expect(f.oldStillOpen, 'open after 90 days').toBeLessThanOrEqual(Math.max(3, f.accepted * 0.0002));
      expect(f.red.length, 'red cards').toBeGreaterThan(0);
      const recent = f.red.filter((d) => d <= 20).length;
      expect(share(recent, f.red.length), `red cards ≤ 20 working days overdue of ${f.red.join(',')}`).toBeGreaterThanOrEqual(0.6);
      expect(
        f.red.some((d) => d > 20),
        'a few long red cards',
      ).toBe(true);
      expect(f.yellow, 'yellow cards').toBeGreaterThan(0);
    },
  );

  it('complains at the README rate (about 1 complaint per 100 accepted cases), most about a case', () => {
    for (const f of facts) {
      expect(share(f.complaints, f.accepted)).toBeGreaterThanOrEqual(SEED_TARGETS.complaintRate.min);
      expect(share(f.complaints, f.accepted)).toBeLessThanOrEqual(SEED_TARGETS.complaintRate.max);
      expect(share(f.complaintsLinked, f.complaints)).toBeGreaterThan(0.6);
    }
  });

  it('handles cases at every level, 社区 and 村 included', () => {
    for (const f of facts) {
      for (const level of ['city', 'county', 'town', 'street', 'village', 'community'])
        expect(f.byLevel.get(level) ?? 0, level).toBeGreaterThan(0);
      expect(share(f.byLevel.get('community')! + f.byLevel.get('village')!, f.accepted)).toBeGreaterThan(0.03);
    }
  });

  it('exempts materials by e-licence, data sharing and commitment in plausible shares', () => {
    for (const f of facts) {
      const exempted = (f.via.get('e_license') ?? 0) + (f.via.get('data_sharing') ?? 0) + (f.via.get('commitment') ?? 0);
      expect(share(f.via.get('data_sharing') ?? 0, exempted), 'data sharing of exempted').toBeGreaterThan(0.15);
      expect(share(f.via.get('commitment') ?? 0, exempted), 'commitment of exempted').toBeGreaterThan(0.08);
      expect(share(f.via.get('e_license') ?? 0, exempted), 'e-licence of exempted').toBeGreaterThan(0.4);
    }
  });

  it("lets most departments be ranked every month (completions ≥ the demo's ranking minimum)", () => {
    const min = DEMO_RANKING_MIN_COMPLETED;
    expect(min).toBeLessThan(DEFAULT_REPORT_SETTINGS.minVolume.completed); // a sample of the city, so a smaller minimum
    const f = facts[0]!;
    // Last year's months but its January, the first month of the history (no December cases
    // before it complete in it).
    const months = [...f.monthly].filter(([m]) => m > '2025-01' && m < '2026-01');
    expect(months.length).toBe(11);
    const ranked = months.map(([month, byDept]) => [month, [...byDept.values()].filter((n) => n >= min).length] as const);
    for (const [month, n] of ranked) expect(n / f.departments, `${month} of ${JSON.stringify(ranked)}`).toBeGreaterThan(0.5);
  });

  it('names the case of nearly every evaluation', () => {
    for (const f of facts) expect(share(f.evaluationsNamingCase, f.evaluations)).toBeGreaterThan(0.9);
  });
});

describe('the demo city opened on 1 January', () => {
  it('holds last year in full and nothing of the new year yet', () => {
    const today = new Date('2026-01-01T09:00:00+08:00');
    let n = 0;
    let last = '';
    for (const { record } of demoRecords({ today, casesPerYear: 2_000 })) {
      n++;
      if (record.at > last) last = record.at;
    }
    expect(n).toBeGreaterThan(2_000);
    expect(last < '2026-01-01T00:00:00+08:00').toBe(true);
  });
});
