// What one case, complaint or evaluation adds to the rollups (贡献): a pure function of its
// stored records (voided ones marked), the catalog and the calendar. The aggregator stores the
// last contribution of each entity and adds only the difference, so duplicates, reordering,
// voids and late records all converge on the same rollups as a recomputation.
import { caseEventsOf, evaluateCase, type CaseEvent, type ClockProblemCode } from '../clock/index.js';
import { shanghaiDate, type WorkingCalendar } from '../calendar/index.js';
import type { Level } from '../enums.js';
import { applicantCounter, C, complaintCounter, MAX_DEADLINE_INDEX, rectifiedCounter } from './counters.js';
import { grainValues, MONTH_GRAINS, NEARBY_LEVELS, type Dims, type Grain } from './dimensions.js';
import { countyOf, levelOfRegion, REGION_UNKNOWN, townOf } from '../region-code.js';
import { addTo, dayPeriod, monthPeriod, paperCounter, paperKey, rollKey, yearPeriod, type Contribution } from './rollup-key.js';
import { bucketOf } from './sketch.js';
import { licenceCounters } from './licences.js';

export interface EntityRecord {
  id: string;
  type: string;
  at: string;
  atMs: number;
  body: Record<string, unknown>;
  voided?: boolean;
}

/**
 * The version of the rules below (贡献规则版本). Bump it whenever a change here alters what any
 * entity contributes (a new counter, a corrected rule): the recompute job (`npm run recompute`)
 * then brings every entity to the new rules, each atomically, subtracting exactly what it had
 * written before. docs/architecture.md, "Adding a figure".
 */
export const RULES_VERSION = 5;
// Versions: 2 — cases that cannot be judged (cj); 3 — one paper row per item (a counter per
// material) instead of one per material; 4 — e-licence exemptions per licence type (lc:/lm:).
// 5 — evaluations in the region of the case they name (地区未知 otherwise), applicants by age
// band and assisted mode (ab_/abA_/as_/asE_).

/** Why an entity cannot be judged (无法判定): the clock's own problems, or the aggregator's. */
export type EntityProblemCode = ClockProblemCode | 'unknown_item' | 'too_many_records' | 'internal_error';

export interface EntityProblem {
  code: EntityProblemCode;
  /** The records involved, the one to correct first. */
  recordIds: string[];
  /** For internal errors: what failed (no personal data: record bodies are never quoted). */
  detail?: string;
}

/** What one entity adds to the figures, and why it cannot be judged when it cannot. */
export interface Assessment {
  contribution: Contribution;
  problem?: EntityProblem;
}

export interface ItemVersionLite {
  itemCode: string;
  effectiveFrom: string;
  promisedDays: number;
  materials: ReadonlyArray<{ code: string; kind: string; exemption: string; licenceCode?: string }>;
}

export interface FigureContext {
  calendar: WorkingCalendar;
  /** The catalog version of an item in force on a Shanghai date, owned by the department. */
  itemOn(dept: string, itemCode: string, day: string): ItemVersionLite | undefined;
  /**
   * Evaluations: the handling region of the case the evaluation names (its latest live
   * acceptance), as the aggregator found it; undefined when it names none or the case is not
   * (yet) known — then it counts as region unknown (地区未知). docs/decisions.md.
   */
  caseRegion?: string;
}

const DAY_MS = 86_400_000;
/** Paper rows (仍需纸质提交) are kept city-wide, per department and per county. */
const PAPER_GRAINS: ReadonlySet<Grain> = new Set(['all', 'dept', 'county']);

function byTime(a: EntityRecord, b: EntityRecord): number {
  return a.atMs - b.atMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
const live = (records: readonly EntityRecord[]) => records.filter((r) => !r.voided && r.type !== 'void').sort(byTime);
const last = <T>(xs: T[]): T | undefined => xs[xs.length - 1];

/**
 * Adds counters on a day to every grain of the dimensions: the day row, and the month row where
 * the grain keeps one. A running total (the overdue counter) goes to the day, month and year rows
 * of every grain, so its sum since 2019 reads a few year rows instead of every month.
 */
function addOnDay(c: Contribution, dims: Dims, day: string, counters: Record<string, number>, runningTotal = false): void {
  for (const [g, v] of grainValues(dims)) {
    addTo(c, rollKey(g, v, dayPeriod(day)), counters);
    if (runningTotal || MONTH_GRAINS.has(g)) addTo(c, rollKey(g, v, monthPeriod(day)), counters);
    if (runningTotal) addTo(c, rollKey(g, v, yearPeriod(day)), counters);
  }
}

/**
 * The smallest n ≥ 0 with `day` ≤ the n-th working day after `start` (n = 0: on `start` itself):
 * an event on `day` is on time for a limit of N working days exactly when n ≤ N.
 */
export function deadlineIndex(calendar: WorkingCalendar, start: string, day: string): number {
  if (day <= start) return 0;
  const n = calendar.workingDaysBetween(start, day) + (calendar.isWorkingDay(day) ? 0 : 1);
  return Math.min(n, MAX_DEADLINE_INDEX);
}

// ---------------------------------------------------------------------------------------- cases

/**
 * A case's contribution. A case whose records contradict each other (the clock cannot judge it)
 * still counts as accepted on its acceptance day, with everything known then (channel,
 * materials, applicant), and adds 1 to `cannotJudge` there; it is in no completion, on-time,
 * processing-time, withdrawal or overdue figure until a correction makes it judgeable.
 */
export function assessCase(dept: string, records: readonly EntityRecord[], ctx: FigureContext): Assessment {
  const c: Contribution = new Map();
  const rs = live(records).filter((r) => r.type.startsWith('case.'));
  const acceptance = last(rs.filter((r) => r.type === 'case.accepted'));
  if (!acceptance) return { contribution: c }; // not (or no longer) accepted: not in any figure (yet)
  const b = acceptance.body as {
    itemCode: string;
    regionCode: string;
    channel: string;
    assisted: string;
    applicant: { type: string; ageBand?: string };
    materials: Array<{ code: string; via: string }>;
  };
  const acceptedDay = shanghaiDate(acceptance.atMs);
  const level = levelOfRegion(b.regionCode) as Level;
  const county = countyOf(b.regionCode);
  const town = townOf(b.regionCode);
  const dims: Dims = { dept, item: b.itemCode, channel: b.channel, level, ...(county ? { county } : {}), ...(town ? { town } : {}) };
  const version = ctx.itemOn(dept, b.itemCode, acceptedDay);

  // On the acceptance day.
  const person = b.applicant.type === 'person' && b.applicant.ageBand !== undefined;
  const elderly = person && b.applicant.ageBand !== 'under_60';
  const via = (v: string) => b.materials.filter((m) => m.via === v).length;
  const kinds = new Map(version?.materials.map((m) => [m.code, m.kind]));
  const certFree =
    version !== undefined &&
    !b.materials.some(
      (m) => (kinds.get(m.code) === 'certificate' || kinds.get(m.code) === 'proof') && (m.via === 'paper' || m.via === 'upload'),
    );
  // The clock, as of the last event: completed and withdrawn are final.
  const events = caseEventsOf(rs);
  const lastMs = rs[rs.length - 1]!.atMs;
  const clock = evaluateCase(events, { promisedDays: version?.promisedDays ?? 0, calendar: ctx.calendar, now: lastMs });
  const clockProblem = clock.problem ? { code: clock.problem.code, recordIds: [...clock.problem.recordIds] } : undefined;
  addOnDay(c, dims, acceptedDay, {
    [C.cannotJudge]: clockProblem ? 1 : 0,
    [C.accepted]: 1,
    [C.acceptedKnownItem]: version ? 1 : 0,
    [C.online]: b.channel === 'online' || b.channel === 'mobile' ? 1 : 0,
    [C.nearby]: NEARBY_LEVELS.has(level) ? 1 : 0,
    [C.ageBanded]: person ? 1 : 0,
    [C.elderly]: elderly ? 1 : 0,
    [C.elderlyAssisted]: elderly && (b.assisted === 'proxy' || b.assisted === 'guided') ? 1 : 0,
    ...applicantCounters(b.applicant.type === 'person' ? b.applicant.ageBand : undefined, b.assisted),
    [C.matRequired]: b.materials.length,
    [C.matExemptELicense]: via('e_license'),
    [C.matExemptDataSharing]: via('data_sharing'),
    [C.matExemptCommitment]: via('commitment'),
    [C.matPaper]: via('paper'),
    [C.matUpload]: via('upload'),
    [C.certificateFree]: certFree ? 1 : 0,
    ...licenceCounters(b.materials, version),
  });
  const onPaper = Object.fromEntries(b.materials.filter((x) => x.via === 'paper').map((m) => [paperCounter(m.code), 1]));
  if (Object.keys(onPaper).length) {
    for (const [g, v] of grainValues(dims)) {
      if (!PAPER_GRAINS.has(g)) continue;
      addTo(c, paperKey(g, v, dayPeriod(acceptedDay), b.itemCode), onPaper);
      if (g !== 'county') addTo(c, paperKey(g, v, monthPeriod(acceptedDay), b.itemCode), onPaper);
    }
  }

  if (clockProblem) return { contribution: c, problem: clockProblem };

  if (clock.status === 'completed' && clock.completedOn) {
    const completion = last(rs.filter((r) => r.type === 'case.completed'))!;
    const visits = completion.body.visits as number | undefined;
    const ms = Math.round((clock.processingDays ?? 0) * DAY_MS);
    addOnDay(c, dims, clock.completedOn, {
      [C.completed]: 1,
      [C.completedKnownItem]: version ? 1 : 0,
      [C.onTime]: version && clock.onTime ? 1 : 0,
      [C.immediate]: version && version.promisedDays === 0 ? 1 : 0,
      [C.processingMs]: ms,
      [C.processingN]: 1,
      [bucketOf(ms / DAY_MS)]: 1,
      [C.visitsReported]: visits === undefined ? 0 : 1,
      [C.zeroVisits]: visits === 0 ? 1 : 0,
      [C.atMostOneVisit]: visits !== undefined && visits <= 1 ? 1 : 0,
    });
  } else if (clock.status === 'withdrawn') {
    const w = last(rs.filter((r) => r.type === 'case.withdrawn'))!;
    addOnDay(c, dims, shanghaiDate(w.atMs), { [C.withdrawn]: 1 });
  }

  if (version) {
    for (const [from, to] of overdueIntervals(rs, events, version.promisedDays, ctx.calendar)) {
      addOnDay(c, dims, from, { [C.overdueDelta]: 1 }, true);
      if (to) addOnDay(c, dims, to, { [C.overdueDelta]: -1 }, true);
    }
  }
  return version ? { contribution: c } : { contribution: c, problem: { code: 'unknown_item', recordIds: [acceptance.id] } };
}

export function caseContribution(dept: string, records: readonly EntityRecord[], ctx: FigureContext): Contribution {
  return assessCase(dept, records, ctx).contribution;
}

/**
 * The days on which the case was open and overdue at the end of the day, as half-open
 * intervals [from, to) (to = null: still overdue, as long as nothing more happens). The state
 * only changes on event days and the day after a deadline, so each stretch between event days
 * is judged once with the clock as of the end of its first day.
 */
export function overdueIntervals(
  rs: readonly EntityRecord[],
  events: CaseEvent[],
  promisedDays: number,
  calendar: WorkingCalendar,
): Array<[string, string | null]> {
  const days = [...new Set(rs.map((r) => shanghaiDate(r.atMs)))].sort();
  const out: Array<[string, string | null]> = [];
  for (let i = 0; i < days.length; i++) {
    const day = days[i]!;
    const next = days[i + 1] ?? null;
    const endOfDay = Date.parse(`${day}T23:59:59.999+08:00`);
    const s = evaluateCase(events, { promisedDays, calendar, now: endOfDay });
    if (s.status !== 'open' || !s.deadline) continue;
    const from = addDay(s.deadline) > day ? addDay(s.deadline) : day;
    if (next !== null && from >= next) continue;
    const prev = out[out.length - 1];
    if (prev && prev[1] === from)
      prev[1] = next; // one stretch continues into the next
    else out.push([from, next]);
  }
  return out;
}

function addDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * Applicants by age band (年龄段, person applicants with one) and assisted mode (帮办代办, every
 * accepted case), each also split the other way: assisted within a band, elderly within a mode.
 */
function applicantCounters(ageBand: string | undefined, assisted: string): Record<string, number> {
  const helped = assisted === 'proxy' || assisted === 'guided';
  const elderly = ageBand !== undefined && ageBand !== 'under_60';
  return {
    [applicantCounter.assisted(assisted)]: 1,
    ...(elderly ? { [applicantCounter.assistedElderly(assisted)]: 1 } : {}),
    ...(ageBand ? { [applicantCounter.band(ageBand)]: 1, ...(helped ? { [applicantCounter.bandAssisted(ageBand)]: 1 } : {}) } : {}),
  };
}

/** The handling region of a case from its records: the latest live acceptance's. */
export function regionOfCase(records: readonly EntityRecord[]): string | undefined {
  return live(records)
    .filter((r) => r.type === 'case.accepted')
    .at(-1)?.body.regionCode as string | undefined;
}

// ----------------------------------------------------------------------------------- complaints

export function complaintContribution(dept: string, records: readonly EntityRecord[], ctx: FigureContext): Contribution {
  const c: Contribution = new Map();
  const rs = live(records);
  const received = last(rs.filter((r) => r.type === 'complaint.received'));
  if (!received) return c;
  const b = received.body as { category: string; regionCode: string; itemCode?: string };
  const county = countyOf(b.regionCode);
  const town = townOf(b.regionCode);
  const dims: Dims = { dept, ...(county ? { county } : {}), ...(town ? { town } : {}), ...(b.itemCode ? { item: b.itemCode } : {}) };
  const day = shanghaiDate(received.atMs);
  const cat = b.category;

  const responded = rs.find((r) => r.type === 'complaint.responded' && r.atMs >= received.atMs);
  // Resolution: the last `resolved` not followed by `reopened`.
  let resolution: EntityRecord | undefined;
  for (const r of rs) {
    if (r.type === 'complaint.resolved') resolution = r;
    else if (r.type === 'complaint.reopened') resolution = undefined;
  }
  const followUp = last(rs.filter((r) => r.type === 'complaint.followed_up'));
  const sat = followUp?.body.satisfaction;
  addOnDay(c, dims, day, {
    [C.complaints]: 1,
    [complaintCounter.received(cat)]: 1,
    ...(responded
      ? { [complaintCounter.responded(cat, deadlineIndex(ctx.calendar, day, shanghaiDate(responded.atMs)))]: 1 }
      : { [complaintCounter.respondPending(cat)]: 1 }),
    ...(resolution
      ? { [complaintCounter.resolved(cat, deadlineIndex(ctx.calendar, day, shanghaiDate(resolution.atMs)))]: 1 }
      : { [complaintCounter.resolvePending(cat)]: 1 }),
    [C.substantiated]: resolution?.body.substantiated === true ? 1 : 0,
    [C.followedUp]: followUp ? 1 : 0,
    [C.followUpSatisfied]: sat === 'satisfied' || sat === 'basically_satisfied' ? 1 : 0,
  });
  return c;
}

// ---------------------------------------------------------------------------------- evaluations

export function evaluationContribution(dept: string, records: readonly EntityRecord[], ctx: FigureContext): Contribution {
  const c: Contribution = new Map();
  const rs = live(records);
  const submitted = last(rs.filter((r) => r.type === 'evaluation.submitted'));
  if (!submitted) return c;
  const b = submitted.body as { itemCode: string; score: number; caseId?: string };
  const day = shanghaiDate(submitted.atMs);
  const bad = b.score <= 2;
  const rectified = rs.find((r) => r.type === 'evaluation.rectified'); // the first counts
  // In the region of the case it names; with no (known) case, in the pseudo-county 地区未知.
  const region = b.caseId ? ctx.caseRegion : undefined;
  const county = region ? countyOf(region) : REGION_UNKNOWN;
  const town = region ? townOf(region) : undefined;
  addOnDay(c, { dept, item: b.itemCode, ...(county ? { county } : {}), ...(town ? { town } : {}) }, day, {
    [C.evaluations]: 1,
    [C.evaluationsRegionUnknown]: region ? 0 : 1,
    [C.badReviews]: bad ? 1 : 0,
    [C.satisfied]: bad ? 0 : 1,
    [C.calledBack]: bad && rs.some((r) => r.type === 'evaluation.called_back') ? 1 : 0,
    ...(bad
      ? rectified
        ? { [rectifiedCounter(deadlineIndex(ctx.calendar, day, shanghaiDate(rectified.atMs)))]: 1 }
        : { [C.rectifyPending]: 1 }
      : {}),
  });
  return c;
}

export type EntityKind = 'case' | 'complaint' | 'evaluation';

export function contributionOf(kind: EntityKind, dept: string, records: readonly EntityRecord[], ctx: FigureContext): Contribution {
  return assess(kind, dept, records, ctx).contribution;
}

/** What an entity contributes, and its problem when it cannot be judged. Never throws for data. */
export function assess(kind: EntityKind, dept: string, records: readonly EntityRecord[], ctx: FigureContext): Assessment {
  if (kind === 'case') return assessCase(dept, records, ctx);
  if (kind === 'complaint') return { contribution: complaintContribution(dept, records, ctx) };
  return { contribution: evaluationContribution(dept, records, ctx) };
}
