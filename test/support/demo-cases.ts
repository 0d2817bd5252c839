// The demo city's cases judged by the product's own case clock, calendar and catalog, straight from
// the generator's records (what `npm start -- --demo` loads): the brute-force side of the demo tests.
import { defaultCalendar, shanghaiDate } from '../../shared/calendar/index.js';
import { evaluateCase, type CaseClock, type CaseEvent } from '../../shared/clock/index.js';
import type { IngestRecord } from '../../shared/contract/records.js';
import { demoCityPlan, demoRecords, generateCatalog, versionInForce, type DemoItem } from '../../functions/demo/index.js';

export type DemoRec<T extends IngestRecord['type']> = Extract<IngestRecord, { type: T }>;

export interface JudgedDemoCase {
  department: string;
  caseId: string;
  /** The case's first acceptance record. */
  acceptance: DemoRec<'case.accepted'>;
  clock: CaseClock;
}

/**
 * Every case with a live acceptance, judged as of `today`. `onRecord` sees every other record
 * (complaints, evaluations…) in the same pass, so a caller need not generate the city twice.
 */
export function judgeDemoCases(
  today: Date,
  casesPerYear: number,
  onRecord?: (department: string, record: IngestRecord) => void,
): JudgedDemoCase[] {
  const { year, seed } = demoCityPlan({ today });
  const items = new Map<string, DemoItem>();
  for (const y of [year - 1, year]) for (const i of generateCatalog({ seed, year: y }).items) items.set(`${y}|${i.itemCode}`, i);
  const events = new Map<string, CaseEvent[]>();
  const acceptance = new Map<string, { department: string; record: DemoRec<'case.accepted'> }>();
  const voided = new Set<string>();
  for (const { department, record } of demoRecords({ today, casesPerYear })) {
    if (record.type === 'void') {
      voided.add(`${department}|${record.target}`);
      continue;
    }
    if (!record.type.startsWith('case.') || !('caseId' in record)) {
      onRecord?.(department, record);
      continue;
    }
    const key = `${department}|${record.caseId as string}`;
    if (record.type === 'case.accepted' && !acceptance.has(key)) acceptance.set(key, { department, record });
    const list = events.get(key) ?? [];
    list.push({
      id: record.id,
      type: record.type as CaseEvent['type'],
      at: record.at,
      ...(record.type === 'case.extended' ? { days: record.days } : {}),
    });
    events.set(key, list);
  }
  const out: JudgedDemoCase[] = [];
  for (const [key, list] of events) {
    const acc = acceptance.get(key);
    if (!acc) continue;
    const department = acc.department;
    const live = list.filter((e) => !voided.has(`${department}|${e.id}`));
    if (!live.some((e) => e.type === 'case.accepted')) continue;
    const caseId = acc.record.caseId;
    const item = items.get(`${caseId.slice(2, 6)}|${acc.record.itemCode}`)!; // the catalog of the case's year (ids ZB<year>…)
    const clock = evaluateCase(live, {
      promisedDays: versionInForce(item, shanghaiDate(acc.record.at))!.promisedDays,
      calendar: defaultCalendar,
      now: today.getTime(),
    });
    out.push({ department, caseId, acceptance: acc.record, clock });
  }
  return out;
}

/** Open (or suspended) cases on the red and on the yellow list, as `department|caseId`. */
export function demoWarnings(cases: readonly JudgedDemoCase[]): { red: Set<string>; yellow: Set<string> } {
  const open = cases.filter((c) => c.clock.status === 'open' || c.clock.status === 'suspended');
  const ids = (w: string) => new Set(open.filter((c) => c.clock.warning === w).map((c) => `${c.department}|${c.caseId}`));
  return { red: ids('red'), yellow: ids('yellow') };
}
