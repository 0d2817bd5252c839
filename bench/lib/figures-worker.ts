// A worker of bench:figures: generates the whole city-year stream (the demo generator, one seed),
// keeps the entities of its share (hash of department + entity), and for each entity, once all
// its records have arrived, computes what the aggregator would have added for it — the
// project's contributionOf, with the catalog version and calendar the aggregator would use — and
// merges it into its rollup rows with mergeInto. It also writes one flattened row per case,
// complaint and evaluation (CSV) for DuckDB, computed independently from the records with the
// project's case clock (evaluateCase), the way test/support/brute-force.ts does.
//
// "All its records have arrived": the stream is chronological, so an entity is complete when
// no more records can come — a case two days after its final event (completed, withdrawn, not
// accepted; a voided completion is re-sent within hours), a complaint or evaluation 75 days
// after its last record (the generator's longest gap is 30 working days), everything else at
// the end of the stream. A record for an entity already computed would be a bench bug: it throws.
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { defaultCalendar, shanghaiDate } from '../../shared/calendar/index.js';
import { evaluateCase, type CaseEvent } from '../../shared/clock/index.js';
import { entityOf, FREE_TEXT_FIELDS } from '../../shared/contract/records.js';
import { contributionOf, type EntityKind, type EntityRecord, type ItemVersionLite } from '../../shared/figures/contribution.js';
import { levelOfRegion } from '../../shared/region-code.js';
import { mergeInto, type Contribution } from '../../shared/figures/rollup-key.js';
import { generateCatalog, generateDepartments, generateDivisions, generateRecords } from '../../functions/demo/index.js';

export interface WorkerInput {
  cases: number;
  seed: number;
  catalogSeed: number;
  year: number;
  workers: number;
  index: number;
  outDir: string;
  /** Days at which "open and overdue" is counted (the `to` of each benchmarked query). */
  asOf: string[];
}

export interface WorkerOutput {
  rollups: Contribution; // R family
  paperKeys: string[];
  /** Per paper row: the sum of its material counters, and how many materials it counts. */
  paperCounts: Float64Array;
  paperWidths: Float64Array;
  stats: {
    records: number;
    kept: number;
    entities: number;
    cases: number;
    caseRows: number;
    generateAndGroupSeconds: number;
    contributionSeconds: number;
    mergeSeconds: number;
    rowSeconds: number;
    cpuSeconds: number;
    wallSeconds: number;
    heapPeakMB: number;
  };
}

const input = workerData as WorkerInput;
const DAY_MS = 86_400_000;
const cal = defaultCalendar;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

interface Entity {
  kind: EntityKind;
  dept: string;
  id: string;
  records: EntityRecord[];
  lastMs: number;
  terminal: boolean;
}

const departments = generateDepartments();
const catalog = generateCatalog({ seed: input.catalogSeed, year: input.year });
const divisions = generateDivisions();
type Version = (typeof catalog.versions)[number];
const versionsByItem = new Map<string, Version[]>();
for (const v of catalog.versions) versionsByItem.set(v.itemCode, [...(versionsByItem.get(v.itemCode) ?? []), v]);
for (const vs of versionsByItem.values()) vs.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));

/** The aggregator's choice: the department's own version in force on the acceptance day (versionOn). */
function versionOn(dept: string, itemCode: string, day: string) {
  let found: Version | undefined;
  for (const v of versionsByItem.get(itemCode) ?? []) if (v.departmentCode === dept && v.effectiveFrom <= day) found = v;
  return found;
}
const lite = (v: ReturnType<typeof versionOn>): ItemVersionLite | null =>
  v
    ? {
        itemCode: v.itemCode,
        effectiveFrom: v.effectiveFrom,
        promisedDays: v.promisedDays,
        materials: v.materials.map((m) => ({ code: m.code, kind: m.kind, exemption: m.exemption })),
      }
    : null;

function csv(name: string, header: string[]): { write: (row: Array<string | number | null>) => void; end: () => Promise<void> } {
  const s: WriteStream = createWriteStream(join(input.outDir, `${name}-${input.index}.csv`));
  s.write(`${header.join(',')}\n`);
  let buf: string[] = [];
  const flush = () => {
    if (buf.length) {
      s.write(buf.join(''));
      buf = [];
    }
  };
  return {
    write(row) {
      buf.push(`${row.map((v) => (v === null ? '' : String(v))).join(',')}\n`);
      if (buf.length >= 5000) flush();
    },
    end: () =>
      new Promise((res) => {
        flush();
        s.end(res);
      }),
  };
}

const asOfCols = input.asOf.map((d) => `overdue_${d.replaceAll('-', '')}`);
const caseCsv = csv('cases', [
  'dept',
  'case_id',
  'county',
  'level',
  'channel',
  'item',
  'accepted_day',
  'item_known',
  'online',
  'nearby',
  'age_banded',
  'elderly',
  'elderly_assisted',
  'm_req',
  'm_el',
  'm_ds',
  'm_cm',
  'm_paper',
  'm_upload',
  'cert_free',
  'completed_day',
  'completed_known',
  'on_time',
  'is_immediate',
  'processing_days',
  'visits_reported',
  'zero_visits',
  'at_most_one',
  'withdrawn_day',
  ...asOfCols,
]);
const complaintCsv = csv('complaints', [
  'dept',
  'complaint_id',
  'received_day',
  'category',
  'resp_on_time',
  'resp_counted',
  'res_on_time',
  'res_counted',
  'followed_up',
  'fu_satisfied',
]);
const evaluationCsv = csv('evaluations', ['dept', 'evaluation_id', 'submitted_day', 'bad', 'satisfied', 'rect_on_time', 'rect_counted']);

const rollups: Contribution = new Map();
const paper: Contribution = new Map();
let tContribution = 0;
let tMerge = 0;
let tRows = 0;
let caseRows = 0;
const byTime = (a: EntityRecord, b: EntityRecord) => a.atMs - b.atMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const NEARBY = new Set(['town', 'street', 'village', 'community']);
const day = (r: EntityRecord) => shanghaiDate(r.atMs);
const endOf = (d: string) => Date.parse(`${d}T23:59:59.999+08:00`);
const FAR = Date.parse('2099-01-01T00:00:00Z');

/** One row per accepted case: the brute-force reading of domain.md, from the records and the clock. */
function caseRow(e: Entity): void {
  const rs = e.records.filter((r) => !r.voided && r.type !== 'void' && r.type.startsWith('case.'));
  const acc = rs.filter((r) => r.type === 'case.accepted').at(-1);
  if (!acc) return;
  const b = acc.body as {
    itemCode: string;
    regionCode: string;
    channel: string;
    assisted: string;
    applicant: { type: string; ageBand?: string };
    materials: Array<{ code: string; via: string }>;
  };
  const accDay = day(acc);
  const v = versionOn(e.dept, b.itemCode, accDay);
  const events: CaseEvent[] = rs.map((r) => ({
    id: r.id,
    type: r.type as CaseEvent['type'],
    at: r.atMs,
    ...(r.type === 'case.extended' ? { days: r.body.days as number } : {}),
  }));
  const level = levelOfRegion(b.regionCode);
  const county = b.regionCode.slice(4, 6) === '00' ? '' : `${b.regionCode.slice(0, 6)}000000`;
  const person = b.applicant.type === 'person' && b.applicant.ageBand !== undefined;
  const elderly = person && b.applicant.ageBand !== 'under_60';
  const via = (x: string) => b.materials.filter((m) => m.via === x).length;
  const kinds = new Map(v?.materials.map((m) => [m.code, m.kind]));
  const certFree =
    v !== undefined &&
    !b.materials.some(
      (m) => (kinds.get(m.code) === 'certificate' || kinds.get(m.code) === 'proof') && (m.via === 'paper' || m.via === 'upload'),
    );
  const final = evaluateCase(events, { promisedDays: v?.promisedDays ?? 0, calendar: cal, now: FAR });
  let completedDay: string | null = null,
    completedKnown = 0,
    onTime = 0,
    immediate = 0,
    pd: number | null = null,
    vis = 0,
    v0 = 0,
    v1 = 0;
  let withdrawnDay: string | null = null;
  if (final.status === 'completed' && final.completedOn) {
    completedDay = final.completedOn;
    completedKnown = v ? 1 : 0;
    onTime = v && final.onTime ? 1 : 0;
    immediate = v && v.promisedDays === 0 ? 1 : 0;
    pd = final.processingDays!;
    const c = rs.filter((r) => r.type === 'case.completed').at(-1)!;
    const visits = c.body.visits as number | undefined;
    if (visits !== undefined) {
      vis = 1;
      v0 = visits === 0 ? 1 : 0;
      v1 = visits <= 1 ? 1 : 0;
    }
  } else if (final.status === 'withdrawn') {
    withdrawnDay = day(rs.filter((r) => r.type === 'case.withdrawn').at(-1)!);
  }
  const overdue = input.asOf.map((d) => {
    const end = endOf(d);
    if (!v || !rs.some((r) => r.type === 'case.accepted' && r.atMs <= end)) return 0;
    const then = evaluateCase(events, { promisedDays: v.promisedDays, calendar: cal, now: end });
    return then.status === 'open' && then.overdue ? 1 : 0;
  });
  caseRows++;
  caseCsv.write([
    e.dept,
    e.id,
    county,
    level,
    b.channel,
    b.itemCode,
    accDay,
    v ? 1 : 0,
    b.channel === 'online' || b.channel === 'mobile' ? 1 : 0,
    NEARBY.has(level) ? 1 : 0,
    person ? 1 : 0,
    elderly ? 1 : 0,
    elderly && (b.assisted === 'proxy' || b.assisted === 'guided') ? 1 : 0,
    b.materials.length,
    via('e_license'),
    via('data_sharing'),
    via('commitment'),
    via('paper'),
    via('upload'),
    certFree ? 1 : 0,
    completedDay,
    completedKnown,
    onTime,
    immediate,
    pd,
    vis,
    v0,
    v1,
    withdrawnDay,
    ...overdue,
  ]);
}

function complaintRow(e: Entity): void {
  const rs = e.records.filter((r) => !r.voided && r.type !== 'void');
  const rcv = rs.filter((r) => r.type === 'complaint.received').at(-1);
  if (!rcv) return;
  const d = day(rcv);
  const respondBy = cal.addWorkingDays(d, 1);
  const resolveBy = cal.addWorkingDays(d, 5);
  const rsp = rs.find((r) => r.type === 'complaint.responded' && r.atMs >= rcv.atMs);
  let rsl: EntityRecord | undefined;
  for (const r of rs) {
    if (r.type === 'complaint.resolved') rsl = r;
    if (r.type === 'complaint.reopened') rsl = undefined;
  }
  const fu = rs.filter((r) => r.type === 'complaint.followed_up').at(-1);
  // The data year lies far behind today: every pending complaint is past its deadline and counts.
  complaintCsv.write([
    e.dept,
    e.id,
    d,
    rcv.body.category as string,
    rsp && day(rsp) <= respondBy ? 1 : 0,
    1,
    rsl && day(rsl) <= resolveBy ? 1 : 0,
    1,
    fu ? 1 : 0,
    fu && fu.body.satisfaction !== 'unsatisfied' ? 1 : 0,
  ]);
}

function evaluationRow(e: Entity): void {
  const rs = e.records.filter((r) => !r.voided && r.type !== 'void');
  const sub = rs.filter((r) => r.type === 'evaluation.submitted').at(-1);
  if (!sub) return;
  const d = day(sub);
  const bad = (sub.body.score as number) <= 2;
  const rct = rs.find((r) => r.type === 'evaluation.rectified');
  evaluationCsv.write([
    e.dept,
    e.id,
    d,
    bad ? 1 : 0,
    bad ? 0 : 1,
    bad && rct && day(rct) <= cal.addWorkingDays(d, 15) ? 1 : 0,
    bad ? 1 : 0,
  ]);
}

function complete(e: Entity): void {
  e.records.sort(byTime);
  let t = performance.now();
  let item: ItemVersionLite | null = null;
  if (e.kind === 'case') {
    const acc = e.records.filter((r) => r.type === 'case.accepted' && !r.voided).at(-1);
    if (acc) item = lite(versionOn(e.dept, acc.body.itemCode as string, shanghaiDate(acc.atMs)));
  }
  const c = contributionOf(e.kind, e.dept, e.records, { calendar: cal, itemOn: () => item ?? undefined });
  const t2 = performance.now();
  tContribution += t2 - t;
  const r: Contribution = new Map();
  const p: Contribution = new Map();
  for (const [k, row] of c) (k.charCodeAt(0) === 82 /* R */ ? r : p).set(k, row);
  mergeInto(rollups, r);
  mergeInto(paper, p);
  t = performance.now();
  tMerge += t - t2;
  if (e.kind === 'case') caseRow(e);
  else if (e.kind === 'complaint') complaintRow(e);
  else evaluationRow(e);
  tRows += performance.now() - t;
}

const live = new Map<string, Entity>();
const byRecordId = new Map<string, string>(); // dept|record id → entity key (entities in memory)
const done = new Set<string>();
let records = 0,
  kept = 0,
  entities = 0,
  cases = 0,
  heapPeak = 0;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let currentDay = '';
const CASE_GRACE = 2 * DAY_MS;
const OTHER_GRACE = 75 * DAY_MS;

function sweep(nowMs: number): void {
  for (const [k, e] of live) {
    const grace = e.kind === 'case' ? (e.terminal ? CASE_GRACE : Infinity) : OTHER_GRACE;
    if (e.lastMs + grace < nowMs) finish(k, e);
  }
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
}
function finish(k: string, e: Entity): void {
  complete(e);
  live.delete(k);
  for (const r of e.records) byRecordId.delete(`${e.dept}|${r.id}`);
  done.add(k);
}

const TERMINAL = new Set(['case.completed', 'case.withdrawn', 'case.not_accepted']);
for (const { department, record } of generateRecords({
  seed: input.seed,
  year: input.year,
  casesPerYear: input.cases,
  catalog,
  departments,
  divisions,
})) {
  records++;
  const atMs = Date.parse(record.at);
  const d = shanghaiDate(atMs);
  if (d !== currentDay) {
    currentDay = d;
    sweep(atMs);
  }
  let key: string;
  let kind: EntityKind;
  let entityId: string;
  if (record.type === 'void') {
    // The generator voids case records only (`${caseId}:acc`, `:cmp`): the target's case.
    key = byRecordId.get(`${department}|${record.target}`) ?? `${department}|case|${record.target.split(':')[0]}`;
    kind = 'case';
    entityId = key.slice(key.lastIndexOf('|') + 1);
  } else {
    const ent = entityOf(record)!;
    kind = ent.kind;
    entityId = ent.id;
    key = `${department}|${kind}|${entityId}`;
  }
  if (fnv1a(key) % input.workers !== input.index) continue;
  if (done.has(key)) throw new Error(`record ${record.id} of ${key} arrived after the entity was computed: raise the grace period`);
  kept++;
  const { id, type, at, ...body } = record as typeof record & Record<string, unknown>;
  for (const f of FREE_TEXT_FIELDS) delete body[f]; // free text does not enter any figure; saves memory
  const er: EntityRecord = { id, type, at, atMs, body };
  let e = live.get(key);
  if (!e) {
    e = { kind, dept: department, id: entityId, records: [], lastMs: atMs, terminal: false };
    live.set(key, e);
    entities++;
    if (kind === 'case') cases++;
  }
  if (type === 'void') {
    const target = e.records.find((r) => r.id === (body as { target: string }).target);
    if (!target) throw new Error(`void ${id}: target ${(body as { target: string }).target} not found in ${key}`);
    target.voided = true;
  }
  e.records.push(er);
  byRecordId.set(`${department}|${id}`, key);
  e.lastMs = Math.max(e.lastMs, atMs);
  if (kind === 'case') {
    if (TERMINAL.has(type)) e.terminal = true;
    else if (type === 'void') e.terminal = false; // a voided completion is sent again
  }
}
const tGen = performance.now() - t0;
for (const [k, e] of live) finish(k, e);
await Promise.all([caseCsv.end(), complaintCsv.end(), evaluationCsv.end()]);
const cpu = process.cpuUsage(cpu0);
const paperKeys = [...paper.keys()];
const paperCounts = new Float64Array(paperKeys.length);
const paperWidths = new Float64Array(paperKeys.length);
paperKeys.forEach((k, i) => {
  const row = Object.values(paper.get(k)!);
  paperCounts[i] = row.reduce((a, b) => a + b, 0);
  paperWidths[i] = row.length;
});
paper.clear();
const out: WorkerOutput = {
  rollups,
  paperKeys,
  paperCounts,
  paperWidths,
  stats: {
    records,
    kept,
    entities,
    cases,
    caseRows,
    generateAndGroupSeconds: (tGen - tContribution - tMerge - tRows) / 1000,
    contributionSeconds: tContribution / 1000,
    mergeSeconds: tMerge / 1000,
    rowSeconds: tRows / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    wallSeconds: (performance.now() - t0) / 1000,
    heapPeakMB: Math.round(heapPeak / 2 ** 20),
  },
};
parentPort!.postMessage(out);
