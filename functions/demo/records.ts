// The demo city's event stream: cases (办件), complaints (投诉) and evaluations (好差评) as the
// departments would post them to POST /v1/events, one `{ department, record }` at a time, in
// chronological order (by `at`; ties keep generation order), so millions of records never sit
// in memory. Each day, every case's plan (applicant, unit, channel, first instant) is drawn, the
// plans run in start order, and events are emitted as soon as nothing earlier can still appear:
// only the day's plans and the events not yet due (≈ the cases in flight) are held.
//
// Every record satisfies RecordSchema (shared/contract/records.ts); a case's materials are the
// materials of the item version in force on its acceptance date (cancelled ones are not needed,
// so not listed); ids are `${caseId}:acc` etc., unique per department; times are Asia/Shanghai
// with a +08:00 offset. Working days come from `isWorkingDay` (the project's calendar by default),
// so the demo's on-time/late split is the one the product computes.
//
// Calibration (see seed-targets.ts): material reduction exempted ÷ required = 1/3 (the seed's
// 材料精简三分之一), elderly (60+) share of person applicants 23.24% (the seed's census share),
// nearby handling 30% of accepted cases; the probabilities below are solved from the catalog so
// the expected values hit those figures, whatever the seed.

import { defaultCalendar } from '../../shared/calendar/index.js';
import { toDayNumber, type IsoDate } from '../../shared/calendar/iso-date.js';
import type { IngestRecord } from '../../shared/contract/records.js';
import { COUNTY_WEIGHTS, versionInForce, type CatalogItem, type DemoCatalog, type DemoItem } from './catalog.js';
import type { DemoDepartment } from './departments.js';
import { CITY_CODE12, type DemoDivisions, type DivisionUnit } from './divisions.js';
import { createRng, type Rng } from './rng.js';
import { buildWorkingDayIndex, type WorkingDayIndex } from './working-days.js';

export interface DemoRecord {
  /** The department whose key posts the record. */
  readonly department: string;
  readonly record: IngestRecord;
}

export interface GenerateRecordsOptions {
  readonly seed: number;
  readonly year: number;
  /** Cases started in the year (first event in the year), including not-accepted ones and special matters. */
  readonly casesPerYear: number;
  readonly catalog: DemoCatalog;
  readonly departments: readonly DemoDepartment[];
  readonly divisions: DemoDivisions;
  /** Working-day predicate; default: the project's calendar (defaultCalendar.isWorkingDay). */
  readonly isWorkingDay?: (date: IsoDate) => boolean;
  /**
   * Last day of generated events (inclusive); default `${year}-12-31`. Cases start in `year` only
   * (up to `until`), but with `until` in the next year the year's last cases go on to complete,
   * as a city's do across the year end (a history that stops on 12-31 would leave December's
   * cases open for ever); e.g. yesterday for a history that ends now.
   */
  readonly until?: IsoDate;
}

/** Targets and rates the generator is calibrated to (expected values; the tests check tolerances). */
export const RECORD_CALIBRATION = {
  /** exempted ÷ required over accepted cases' materials (材料精简三分之一). */
  materialReduction: 1 / 3,
  /** person applicants aged 60+ ÷ person applicants with an age band (七普: 23.24% of Zibo is 60+). */
  elderlyShare: 0.2324,
  /** accepted cases handled at town/street/village/community ÷ accepted (就近办). */
  nearbyShare: 0.3,
  /** Of a delegated item's cases, the share handled below the county. */
  delegatedHandledBelowCounty: 0.62,
  /** Of the 60+, assisted proxy (代办) and guided (帮办). */
  elderlyProxy: 0.18,
  elderlyGuided: 0.24,
  /** Person applicants reporting an age band. */
  ageBandReported: 0.93,
  /** Late completions: immediate items, other items. */
  lateImmediate: 0.01,
  lateOther: 0.035,
  withdrawn: 0.01,
  notAccepted: 0.03,
  /**
   * Complaint per accepted case: normal, late, special matter; unlinked complaints per case. About
   * 1 complaint per 100 accepted cases in all (README: the figure and how it was chosen).
   */
  complaint: { base: 0.006, late: 0.08, special: 0.6, unlinked: 0.0015 },
  /**
   * How an exempt material is provided when it is (免提交方式): an e-licence material is often
   * checked against the shared databases instead (人口库、法人库: 数据共享) or replaced by the
   * applicant's commitment (告知承诺); a data-sharing proof by a commitment when the data is
   * missing. Exempted ÷ required (1/3) is unchanged; only the split between methods.
   */
  viaELicense: { e_license: 0.6, data_sharing: 0.3, commitment: 0.1 },
  viaDataSharing: { data_sharing: 0.7, commitment: 0.3 },
  /**
   * Department volumes compressed to (a department's catalog weight)^this, so that the small
   * bodies still complete enough cases a month to be ranked (a city's supervisors rank the
   * departments they watch; a demo where 30 of 43 are "样本不足" every month shows nothing).
   */
  departmentVolumeExponent: 0.25,
  evaluation: 0.3,
  voidCompletion: 0.0006,
  voidAcceptance: 0.0003,
  /** Special matters (特殊事项) forced per case: max(3, round(cases × rate)) when cases ≥ 1,000. */
  specialRate: 2e-5,
} as const;

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;
const MIN = 60_000;

type Rec<T extends IngestRecord['type']> = Extract<IngestRecord, { type: T }>;
type Channel = Rec<'case.accepted'>['channel'];
type AgeBand = NonNullable<Rec<'case.accepted'>['applicant']['ageBand']>;
type Via = Rec<'case.accepted'>['materials'][number]['via'];
type Level = CatalogItem['levels'][number];

interface ItemRuntime {
  readonly item: DemoItem;
  readonly name: string;
  readonly kind: CatalogItem['kind'];
  readonly department: string;
  /** District code12 the item is confined to, or null (any district), or 'city'. */
  readonly district: string | null | 'city';
  readonly lowTownships: ReadonlySet<'town' | 'street'>;
  readonly lowUnits: ReadonlySet<'village' | 'community'>;
  readonly delegated: boolean;
  readonly applicant: 'person' | 'enterprise' | 'mixed';
  readonly windowOnly: boolean;
  readonly special: boolean;
  /** Probability a person applicant with an age band is 60+. */
  pElderly: number;
  /** A proof still required on paper, if any (for complaints about unnecessary proofs). */
  readonly paperProof: string | null;
}

export interface RecordsCalibration {
  /** Probability an exempt material is provided via its exemption (else paper/upload). */
  readonly exemptViaMethod: number;
  /** Weight multiplier of delegated items that makes nearby handling hit its target. */
  readonly delegatedWeightMultiplier: number;
  /** P(60+) for an ordinary item; items for the elderly get 2.2×. */
  readonly elderlyBase: number;
  /** Expected share of listed materials that are exempt in the catalog (volume-weighted). */
  readonly catalogExemptShare: number;
}

const ELDERLY_AFFINITY = 2.2;

function runtimeItems(catalog: DemoCatalog, year: number): ItemRuntime[] {
  return catalog.items.map((item) => {
    const v = item.versions[item.versions.length - 1]!;
    const levels = new Set<Level>(v.levels);
    const lowTownships = new Set<'town' | 'street'>((['town', 'street'] as const).filter((l) => levels.has(l)));
    const lowUnits = new Set<'village' | 'community'>((['village', 'community'] as const).filter((l) => levels.has(l)));
    const paper = v.materials.find((m) => (m.kind === 'proof' || m.kind === 'certificate') && m.exemption === 'none');
    if (!versionInForce(item, `${year}-01-01`))
      throw new Error(
        `generateRecords: item ${item.itemCode} has no version in force on ${year}-01-01 (generate the catalog with year ≤ ${year})`,
      );
    return {
      item,
      name: v.name,
      kind: v.kind,
      department: item.departmentCode,
      district: item.scope === 'city' ? 'city' : item.regionCode === CITY_CODE12 ? null : item.regionCode,
      lowTownships,
      lowUnits,
      delegated: lowTownships.size > 0,
      applicant: item.profile.applicant,
      windowOnly: item.profile.windowOnly,
      special: item.profile.special,
      pElderly: 0,
      paperProof: paper?.name ?? null,
    };
  });
}

const listedMaterials = (v: CatalogItem) => v.materials.filter((m) => m.exemption !== 'cancelled');

/**
 * Solves the generator's free probabilities from the catalog so the expected figures hit
 * RECORD_CALIBRATION: the delegated-item weight multiplier (nearby share), the chance an exempt
 * material is provided via its exemption (material reduction) and the base P(60+) (elderly share).
 */
export function calibrateRecords(catalog: DemoCatalog, year: number): RecordsCalibration & { weights: number[] } {
  return solve(runtimeItems(catalog, year), year);
}

function solve(items: ItemRuntime[], year: number): RecordsCalibration & { weights: number[] } {
  const c = RECORD_CALIBRATION;
  // Each department's share of the volume compressed (departmentVolumeExponent), items keeping
  // their proportions within the department.
  const byDept = new Map<string, number>();
  for (const it of items) byDept.set(it.department, (byDept.get(it.department) ?? 0) + it.item.profile.weight);
  const base = items.map((it) => {
    const total = byDept.get(it.department)!;
    return (it.item.profile.weight / total) * total ** c.departmentVolumeExponent;
  });
  let plain = 0;
  let deleg = 0;
  for (const [i, it] of items.entries()) {
    if (it.delegated) deleg += base[i]!;
    else plain += base[i]!;
  }
  const target = c.nearbyShare;
  const low = deleg * c.delegatedHandledBelowCounty;
  const multiplier = (target * plain) / (low - target * deleg);
  if (!(multiplier > 0) || !Number.isFinite(multiplier)) throw new Error('calibrateRecords: delegated items cannot reach the nearby share');
  const weights = items.map((it, i) => base[i]! * (it.delegated ? multiplier : 1));

  const mid = `${year}-07-01`;
  let listed = 0;
  let exempt = 0;
  let personW = 0;
  let affinityW = 0;
  items.forEach((it, i) => {
    const w = weights[i]!;
    const v = versionInForce(it.item, mid) ?? it.item.versions[0]!;
    const l = listedMaterials(v);
    listed += w * l.length;
    exempt += w * l.filter((m) => m.exemption !== 'none').length;
    const person = it.applicant === 'person' ? 1 : it.applicant === 'mixed' ? 0.65 : 0;
    personW += w * person;
    affinityW += w * person * (it.item.profile.elderly ? ELDERLY_AFFINITY : 1);
  });
  const catalogExemptShare = exempt / listed;
  const exemptViaMethod = Math.min(0.97, Math.max(0.5, c.materialReduction / catalogExemptShare));
  const elderlyBase = c.elderlyShare / (affinityW / personW);
  for (const it of items) it.pElderly = Math.min(0.85, elderlyBase * (it.item.profile.elderly ? ELDERLY_AFFINITY : 1));
  return { exemptViaMethod, delegatedWeightMultiplier: multiplier, elderlyBase, catalogExemptShare, weights };
}

// ---------------------------------------------------------------- weighted choices (built once)

interface Table<T> {
  readonly values: readonly T[];
  readonly cum: Float64Array;
}
function table<T>(values: readonly T[], weights: readonly number[]): Table<T> {
  const cum = new Float64Array(weights.length);
  let total = 0;
  for (const [i, w] of weights.entries()) {
    total += w;
    cum[i] = total;
  }
  for (let i = 0; i < cum.length; i++) cum[i] = cum[i]! / total;
  return { values, cum };
}
function draw<T>(r: Rng, t: Table<T>): T {
  const u = r.next();
  const { cum, values } = t;
  for (let i = 0; i < cum.length - 1; i++) if (u < cum[i]!) return values[i]!;
  return values[values.length - 1]!;
}
type Assisted = Rec<'case.accepted'>['assisted'];
type Category = Rec<'complaint.received'>['category'];
type EvalChannel = Rec<'evaluation.submitted'>['channel'];
type Delivery = NonNullable<Rec<'case.completed'>['delivery']>;
const AGE_60 = table<AgeBand>(['60_69', '70_79', '80_plus'], [55, 32, 13]);
const ASSIST_ELDERLY = table<Assisted>(
  ['proxy', 'guided', 'none'],
  [
    RECORD_CALIBRATION.elderlyProxy,
    RECORD_CALIBRATION.elderlyGuided,
    1 - RECORD_CALIBRATION.elderlyProxy - RECORD_CALIBRATION.elderlyGuided,
  ],
);
const ASSIST_PERSON = table<Assisted>(['proxy', 'guided', 'none'], [0.02, 0.04, 0.94]);
const ASSIST_ENTERPRISE = table<Assisted>(['proxy', 'guided', 'none'], [0.06, 0.05, 0.89]);
const VIA_E_LICENSE = table<Via>(
  ['e_license', 'data_sharing', 'commitment'],
  [RECORD_CALIBRATION.viaELicense.e_license, RECORD_CALIBRATION.viaELicense.data_sharing, RECORD_CALIBRATION.viaELicense.commitment],
);
const VIA_DATA_SHARING = table<Via>(
  ['data_sharing', 'commitment'],
  [RECORD_CALIBRATION.viaDataSharing.data_sharing, RECORD_CALIBRATION.viaDataSharing.commitment],
);
const SUSPEND_REASON = table<Rec<'case.suspended'>['reason']>(
  ['supplement', 'inspection', 'expert_review', 'public_notice', 'hearing', 'other'],
  [65, 10, 8, 10, 2, 5],
);
const VISITS_ONLINE = table([0, 1, 2], [88, 11, 1]);
const VISITS_WINDOW = table([1, 2, 3], [85, 12, 3]);
const VISITS_REMOTE = table([0, 1], [90, 10]);
const DELIVERY_ONLINE = table<Delivery>(['electronic', 'mail', 'window'], [65, 25, 10]);
const DELIVERY_REMOTE = table<Delivery>(['mail', 'window'], [60, 40]);
const DELIVERY_WINDOW = table<Delivery>(['window', 'electronic', 'mail'], [55, 30, 15]);
const CATEGORIES: readonly Category[] = ['delay', 'unnecessary_proof', 'attitude', 'process', 'system', 'other'];
/** Complaint categories not about a late case; items that still need a proof on paper draw more 不必要证明. */
const CATEGORY = table(CATEGORIES, [12, 18, 25, 22, 16, 10]);
const CATEGORY_PAPER_PROOF = table(CATEGORIES, [12, 60, 25, 22, 16, 10]);
const COMPLAINT_CHANNEL = table<Rec<'complaint.received'>['channel']>(
  ['hotline_12345', 'online', 'window', 'supervision_window', 'letter', 'other'],
  [45, 20, 10, 10, 5, 10],
);
const SATISFACTION = table<Rec<'complaint.followed_up'>['satisfaction']>(['satisfied', 'basically_satisfied', 'unsatisfied'], [68, 24, 8]);
const EVAL_MOBILE = table<EvalChannel>(['mobile', 'sms'], [80, 20]);
const EVAL_ONLINE = table<EvalChannel>(['online', 'sms'], [80, 20]);
const EVAL_WINDOW = table<EvalChannel>(['window', 'sms', 'self_service', 'phone'], [50, 35, 10, 5]);
const SCORE = table([5, 4, 3, 2, 1], [860, 105, 23, 7, 5]);
/** Late cases and special matters are reviewed much worse. */
const SCORE_LATE = table([5, 4, 3, 2, 1], [35, 20, 15, 15, 15]);

// ---------------------------------------------------------------- text

const NOT_ACCEPTED_REASONS = [
  '申请材料不齐全或者不符合法定形式，申请人逾期未补正',
  '申请事项不属于本机关职权范围，已告知向有关机关申请',
  '申请事项依法不需要取得行政许可',
  '申请人不具备申请资格',
  '同一事项已在办理中，重复申请',
];
const COMPLAINT_TEXT: Record<Rec<'complaint.received'>['category'], readonly string[]> = {
  delay: ['办理“{item}”超过承诺时限仍未办结，多次询问未得到明确答复', '“{item}”申请提交后长时间显示审核中，希望尽快办结'],
  unnecessary_proof: ['办理“{item}”时被要求提供{proof}，认为属于不必要证明', '“{item}”已实行免证办，窗口仍要求提交{proof}纸质件'],
  attitude: ['窗口工作人员解释政策不耐心，态度生硬', '咨询“{item}”办理要求时工作人员推诿'],
  process: ['“{item}”网上申报需重复填写已提交过的信息', '办理“{item}”需在多个窗口之间往返'],
  system: ['“爱山东”APP提交“{item}”申请时系统卡顿，材料无法上传', '自助终端无法打印办理结果'],
  other: ['政务服务大厅停车不便，建议增加引导标识', '咨询电话长时间无人接听'],
};
const SPECIAL_COMPLAINT = '事业单位转企业人员办理退休待遇核定，等待审批时间过长且迟迟未得到有效答复，希望明确办结期限';
const GOOD_COMMENTS = [
  '办事效率高，工作人员热情周到',
  '网上办理很方便，一次办好',
  '帮办代办服务贴心，老年人办事省心',
  '不用再交纸质证明，点赞',
  '就近就能办，不用跑城里',
];
const BAD_COMMENTS = ['等待时间太长', '材料反复补正，跑了好几趟', '工作人员解释不清楚', '系统经常登录不上'];
const SPECIAL_SUBJECT_HINT = '事改企';

// ---------------------------------------------------------------- the generator

interface Pending {
  readonly ms: number;
  readonly seq: number;
  readonly department: string;
  readonly record: IngestRecord;
}

/** A binary min-heap of pending events by (ms, seq): the current day's queue. */
class EventHeap {
  readonly #items: Pending[] = [];
  get size(): number {
    return this.#items.length;
  }
  peek(): Pending | undefined {
    return this.#items[0];
  }
  static #less(a: Pending, b: Pending): boolean {
    return a.ms < b.ms || (a.ms === b.ms && a.seq < b.seq);
  }
  push(p: Pending): void {
    const a = this.#items;
    a.push(p);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const child = a[i]!;
      const up = a[parent]!;
      if (!EventHeap.#less(child, up)) break;
      a[i] = up;
      a[parent] = child;
      i = parent;
    }
  }
  pop(): Pending | undefined {
    const a = this.#items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && EventHeap.#less(a[l]!, a[m]!)) m = l;
        if (r < a.length && EventHeap.#less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        const t = a[i]!;
        a[i] = a[m]!;
        a[m] = t;
        i = m;
      }
    }
    return top;
  }
}

interface CasePlan {
  readonly day: number;
  readonly it: ItemRuntime;
  readonly person: boolean;
  readonly ageBand: AgeBand | undefined;
  readonly elderly: boolean;
  readonly regionCode: string;
  readonly channel: Channel;
  readonly online: boolean;
  readonly assisted: Rec<'case.accepted'>['assisted'];
  readonly greenChannel: boolean;
  readonly working: boolean;
  /** Instant of the case's first event; every later event of the case is at or after it. */
  readonly t0: number;
}

interface CaseContext {
  readonly caseId: string;
  readonly it: ItemRuntime;
  readonly regionCode: string;
  readonly channel: Channel;
  readonly elderly: boolean;
  readonly special: boolean;
}

class Factory {
  readonly buckets = new Map<number, Pending[]>();
  readonly heap = new EventHeap();
  seq = 0;
  emittedUpTo = 0;
  currentDay = 0;
  caseSeq = 0;
  complaintSeq = 0;
  evaluationSeq = 0;
  specialSeq = 0;
  readonly untilDay: number;
  readonly q: number;
  readonly sampleItem: () => number;
  readonly countySampler: () => number;
  readonly countyCodes: string[];
  readonly townships = new Map<string, Record<'town' | 'street', DivisionUnit[]>>();
  readonly units = new Map<string, Record<'village' | 'community', DivisionUnit[]>>();
  readonly unitCandidates = new Map<string, DivisionUnit[]>();
  readonly specialItems: ItemRuntime[];

  constructor(
    readonly rng: Rng,
    readonly year: number,
    readonly idx: WorkingDayIndex,
    readonly items: ItemRuntime[],
    calibration: RecordsCalibration & { weights: number[] },
    divisions: DemoDivisions,
    until: IsoDate,
  ) {
    this.untilDay = toDayNumber(until);
    this.q = calibration.exemptViaMethod;
    this.sampleItem = rng.sampler(calibration.weights);
    this.countyCodes = divisions.counties.map((c) => c.code12);
    this.countySampler = rng.sampler(this.countyCodes.map((c) => COUNTY_WEIGHTS[c] ?? 0.125));
    for (const c of divisions.counties) this.townships.set(c.code12, { town: [], street: [] });
    for (const t of divisions.townships) {
      this.townships.get(t.countyCode!)![t.level as 'town' | 'street'].push(t);
      this.units.set(t.code12, { village: [], community: [] });
    }
    for (const u of divisions.villageUnits) this.units.get(u.parent!)![u.level as 'village' | 'community'].push(u);
    this.specialItems = items.filter((i) => i.special);
  }

  // ---- time

  dayStart(day: number): number {
    return day * DAY_MS - OFFSET_MS;
  }

  localDay(ms: number): number {
    return Math.floor((ms + OFFSET_MS) / DAY_MS);
  }

  minuteOfDay(ms: number): number {
    return Math.floor((ms + OFFSET_MS - this.localDay(ms) * DAY_MS) / MIN);
  }

  fmt(ms: number): string {
    const local = ms + OFFSET_MS;
    const day = Math.floor(local / DAY_MS);
    const s = Math.floor((local - day * DAY_MS) / 1000);
    const hh = Math.floor(s / 3600);
    const mm = Math.floor((s % 3600) / 60);
    const ss = s % 60;
    return `${this.idx.date(day)}T${hh < 10 ? '0' : ''}${hh}:${mm < 10 ? '0' : ''}${mm}:${ss < 10 ? '0' : ''}${ss}+08:00`;
  }

  /** Minute of day in office hours (08:30–12:00, 13:00–17:30), morning-heavy. */
  officeMinute(): number {
    const r = this.rng;
    return r.chance(0.6) ? r.int(510, 719) : r.int(780, 1049);
  }

  /** Minute of day for online activity (07:00–22:30), peaking in office hours and the evening. */
  onlineMinute(): number {
    const r = this.rng;
    const u = r.next();
    return u < 0.65 ? this.officeMinute() : u < 0.9 ? r.int(1080, 1349) : r.int(420, 509);
  }

  /** A time on `day`, in office hours unless `online`, strictly after `after` (same day kept). */
  timeOn(day: number, after: number, online = false): number {
    const start = this.dayStart(day);
    let t = start + (online ? this.onlineMinute() : this.officeMinute()) * MIN + this.rng.int(0, 59) * 1000;
    if (t <= after) t = after + this.rng.int(2, 40) * MIN + this.rng.int(0, 59) * 1000;
    const latest = start + (23 * 60 + 50) * MIN;
    if (t > latest) t = Math.max(after + 30_000, latest);
    return t;
  }

  /** The working day `k` working days after `day` (k ≥ 1), or `day` itself for k ≤ 0. */
  workingAfter(day: number, k: number): number {
    return k <= 0 ? day : this.idx.dayOfOrdinal(this.idx.ordinal(day) + k);
  }

  // ---- output

  push(department: string, record: IngestRecord, ms: number): boolean {
    const day = this.localDay(ms);
    if (day > this.untilDay) return false;
    if (day < this.currentDay || (day === this.currentDay && ms < this.emittedUpTo)) {
      throw new Error(`generateRecords: internal error, ${record.id} scheduled before records already emitted`);
    }
    if (day === this.currentDay) {
      this.heap.push({ ms, seq: this.seq++, department, record });
      return true;
    }
    let bucket = this.buckets.get(day);
    if (!bucket) {
      bucket = [];
      this.buckets.set(day, bucket);
    }
    bucket.push({ ms, seq: this.seq++, department, record });
    return true;
  }

  /** Starts a day: its events scheduled earlier join the day's queue. */
  startDay(day: number): void {
    this.currentDay = day;
    this.emittedUpTo = this.dayStart(day);
    for (const p of this.buckets.get(day) ?? []) this.heap.push(p);
    this.buckets.delete(day);
  }

  /** The day's next event if it is due before instant `t` (ties in generation order), else undefined. */
  nextBefore(t: number): Pending | undefined {
    const top = this.heap.peek();
    if (top === undefined || top.ms >= t) return undefined;
    this.emittedUpTo = top.ms;
    return this.heap.pop();
  }

  // ---- cases

  pickRegion(it: ItemRuntime): { regionCode: string; nearby: boolean } {
    if (it.district === 'city') return { regionCode: '370300000000', nearby: false };
    const county = it.district ?? this.countyCodes[this.countySampler()]!;
    const r = this.rng;
    if (!it.delegated || !r.chance(RECORD_CALIBRATION.delegatedHandledBelowCounty)) return { regionCode: county, nearby: false };
    const byLevel = this.townships.get(county)!;
    const pool =
      it.lowTownships.size === 2
        ? r.chance(0.5)
          ? byLevel.town
          : byLevel.street
        : it.lowTownships.has('town')
          ? byLevel.town
          : byLevel.street;
    const township = r.pick(pool); // every district has both 镇 and 街道
    if (it.lowUnits.size && r.chance(0.4)) {
      const key = `${township.code12}|${it.lowUnits.has('village') ? 'v' : ''}${it.lowUnits.has('community') ? 'c' : ''}`;
      let candidates = this.unitCandidates.get(key);
      if (!candidates) {
        const units = this.units.get(township.code12)!;
        candidates = [...(it.lowUnits.has('village') ? units.village : []), ...(it.lowUnits.has('community') ? units.community : [])];
        this.unitCandidates.set(key, candidates);
      }
      if (candidates.length) return { regionCode: r.pick(candidates).code12, nearby: true };
    }
    return { regionCode: township.code12, nearby: true };
  }

  pickChannel(it: ItemRuntime, person: boolean, elderly: boolean, nearby: boolean, working: boolean): Channel {
    const r = this.rng;
    let pOnline = !person ? 0.8 : elderly ? 0.32 : 0.74;
    if (it.windowOnly) pOnline = 0.06;
    if (nearby) pOnline *= 0.8;
    if (!working || r.chance(pOnline)) return r.chance(0.58) ? 'mobile' : 'online';
    const u = r.next();
    if (elderly && u < 0.07) return 'home_visit';
    if (u < 0.12) return 'self_service';
    if (u < 0.14) return 'mail';
    return 'window';
  }

  /** A case's applicant, handling unit, channel and first instant: drawn for the whole day first, then run in time order. */
  planCase(day: number, forceSpecial: ItemRuntime | null): CasePlan {
    const r = this.rng;
    const c = RECORD_CALIBRATION;
    const it = forceSpecial ?? this.items[this.sampleItem()]!;
    const special = it.special;
    const person = it.applicant === 'person' || (it.applicant === 'mixed' && r.chance(0.65));
    let ageBand: AgeBand | undefined;
    let elderly = false;
    if (special) {
      ageBand = '60_69';
      elderly = true;
    } else if (person && r.chance(c.ageBandReported)) {
      elderly = r.chance(it.pElderly);
      ageBand = elderly ? draw(r, AGE_60) : 'under_60';
    }
    const { regionCode, nearby } = this.pickRegion(it);
    const working = this.idx.isWorking(day);
    const channel: Channel = special ? 'window' : this.pickChannel(it, person, elderly, nearby, working);
    const online = channel === 'online' || channel === 'mobile';
    const assisted: Rec<'case.accepted'>['assisted'] = special
      ? 'guided'
      : elderly
        ? draw(r, ASSIST_ELDERLY)
        : person
          ? draw(r, ASSIST_PERSON)
          : draw(r, ASSIST_ENTERPRISE);
    const greenChannel = special || (elderly && !online ? r.chance(0.2) : r.chance(0.01));
    // First event: an application (submitted) online or by appointment, or acceptance on the spot.
    const t0 = this.dayStart(day) + (online || !working ? this.onlineMinute() : this.officeMinute()) * MIN + r.int(0, 59) * 1000;
    return { day, it, person, ageBand, elderly, regionCode, channel, online, assisted, greenChannel, working, t0 };
  }

  runCase(plan: CasePlan): void {
    const r = this.rng;
    const c = RECORD_CALIBRATION;
    const { day, it, person, ageBand, elderly, regionCode, channel, online, assisted, greenChannel, working, t0 } = plan;
    const special = it.special;
    const dept = it.department;
    const caseId = `ZB${this.year}${String(++this.caseSeq).padStart(8, '0')}`;
    // Maybe an unlinked complaint about this item (hotline, not tied to a case).
    if (r.chance(c.complaint.unlinked)) this.complaint(it, null, this.workingAfter(day, r.int(0, 3)), t0, null);

    const version0 = versionInForce(it.item, this.idx.date(day))!;
    const immediate0 = version0.promisedDays === 0;
    const autoAccept = online && immediate0 && r.chance(0.35); // 秒批
    const hasSubmitted =
      !autoAccept &&
      (online ? !working || r.chance(0.9) : channel === 'mail' ? true : channel === 'self_service' ? r.chance(0.6) : r.chance(0.05));
    const ctx: CaseContext = { caseId, it, regionCode, channel, elderly, special };
    let cursor = t0;
    if (hasSubmitted) {
      this.push(
        dept,
        {
          id: `${caseId}:sub`,
          type: 'case.submitted',
          at: this.fmt(t0),
          caseId,
          itemCode: it.item.itemCode,
          regionCode,
          channel,
        } satisfies Rec<'case.submitted'>,
        t0,
      );
      if (!special && r.chance(c.notAccepted)) {
        const m = this.minuteOfDay(t0);
        const naDay = working && m < 960 ? day : this.workingAfter(day, 1);
        const tNa = this.timeOn(naDay, t0);
        this.push(
          dept,
          {
            id: `${caseId}:na`,
            type: 'case.not_accepted',
            at: this.fmt(tNa),
            caseId,
            reason: r.pick(NOT_ACCEPTED_REASONS),
          } satisfies Rec<'case.not_accepted'>,
          tNa,
        );
        return;
      }
    }
    let tA: number;
    if (autoAccept) tA = t0 + r.int(1, 10) * MIN;
    else if (!hasSubmitted) tA = t0;
    else if (!online && channel !== 'mail') tA = t0 + r.int(5, 30) * MIN;
    else {
      const m = this.minuteOfDay(t0);
      if (working && m >= 510 && m < 990) tA = Math.min(t0 + r.int(20, 180) * MIN, this.dayStart(day) + 1050 * MIN);
      else {
        const next = m < 510 && working ? day : this.workingAfter(day, 1);
        tA = this.dayStart(next) + (r.chance(0.7) ? r.int(510, 690) : r.int(780, 1000)) * MIN + r.int(0, 59) * 1000;
      }
    }
    if (tA <= cursor) tA = cursor + MIN;
    cursor = tA;
    const dayA = this.localDay(tA);
    const version = versionInForce(it.item, this.idx.date(dayA))!;
    const materials = this.materials(version, online);
    const accepted: Rec<'case.accepted'> = {
      id: `${caseId}:acc`,
      type: 'case.accepted',
      at: this.fmt(tA),
      caseId,
      itemCode: it.item.itemCode,
      regionCode,
      channel,
      assisted,
      greenChannel,
      applicant: person ? (ageBand ? { type: 'person', ageBand } : { type: 'person' }) : { type: 'enterprise' },
      materials,
    };
    if (!this.push(dept, accepted, tA)) return;
    this.afterAcceptance(ctx, version, dayA, tA, accepted);
  }

  materials(version: CatalogItem, online: boolean): Rec<'case.accepted'>['materials'] {
    const r = this.rng;
    const out: Array<{ code: string; via: Via }> = [];
    for (const m of version.materials) {
      if (m.exemption === 'cancelled') continue;
      let via: Via;
      if (m.exemption !== 'none' && r.chance(this.q))
        via =
          m.exemption === 'e_license' ? draw(r, VIA_E_LICENSE) : m.exemption === 'data_sharing' ? draw(r, VIA_DATA_SHARING) : m.exemption;
      else if (online) via = r.chance(0.92) ? 'upload' : 'paper';
      else via = r.chance(0.85) ? 'paper' : 'upload';
      out.push({ code: m.code, via });
    }
    return out;
  }

  afterAcceptance(ctx: CaseContext, version: CatalogItem, dayA: number, tA: number, accepted: Rec<'case.accepted'>): void {
    const r = this.rng;
    const c = RECORD_CALIBRATION;
    const { caseId, it } = ctx;
    const dept = it.department;
    const P = version.promisedDays;
    const immediate = P === 0;
    let cursor = tA;

    // A mistaken acceptance, voided and sent again (录入错误).
    if (!immediate && !ctx.special && r.chance(c.voidAcceptance)) {
      const tv = cursor + r.int(5, 40) * MIN;
      this.push(
        dept,
        {
          id: `${caseId}:void-acc`,
          type: 'void',
          at: this.fmt(tv),
          target: accepted.id,
          reason: '录入错误：受理信息有误，作废后重新受理',
        } satisfies Rec<'void'>,
        tv,
      );
      const ta2 = tv + r.int(1, 10) * MIN;
      this.push(dept, { ...accepted, id: `${caseId}:acc2`, at: this.fmt(ta2) }, ta2);
      cursor = ta2;
    }

    if (ctx.special) {
      this.specialMatter(ctx, P, dayA, cursor);
      return;
    }

    if (r.chance(c.withdrawn)) {
      const tw = this.timeOn(
        this.workingAfter(dayA, r.int(0, Math.max(1, P))),
        cursor,
        ctx.channel === 'online' || ctx.channel === 'mobile',
      );
      this.push(dept, { id: `${caseId}:wd`, type: 'case.withdrawn', at: this.fmt(tw), caseId } satisfies Rec<'case.withdrawn'>, tw);
      return;
    }

    // Suspension (暂停计时) at active working-day offset k1, S working days long.
    let S = 0;
    let k1 = 0;
    const pSuspend = immediate
      ? 0
      : (
          {
            administrative_license: 0.12,
            administrative_confirmation: 0.08,
            administrative_payment: 0.06,
            public_service: 0.04,
            other: 0.05,
          } as const
        )[it.kind];
    if (r.chance(pSuspend)) {
      const reason = draw(r, SUSPEND_REASON);
      S =
        reason === 'supplement'
          ? 1 + r.geometric(0.3)
          : reason === 'public_notice'
            ? r.int(5, 10)
            : reason === 'hearing'
              ? r.int(10, 20)
              : reason === 'expert_review'
                ? r.int(5, 20)
                : r.int(3, 15);
      // 补正 comes early; 公示、专家评审、听证、检验检测 come once the file has been examined, late in the limit.
      k1 = reason === 'supplement' ? r.int(0, Math.max(0, Math.ceil(P * 0.3) - 1)) : r.int(Math.floor(P * 0.6), Math.max(0, P - 1));
      const tS = this.timeOn(this.workingAfter(dayA, k1), cursor);
      if (
        !this.push(
          dept,
          { id: `${caseId}:sus1`, type: 'case.suspended', at: this.fmt(tS), caseId, reason } satisfies Rec<'case.suspended'>,
          tS,
        )
      )
        return;
      const tR = this.timeOn(this.workingAfter(this.localDay(tS), S), tS);
      if (!this.push(dept, { id: `${caseId}:res1`, type: 'case.resumed', at: this.fmt(tR), caseId } satisfies Rec<'case.resumed'>, tR))
        return;
      cursor = tR;
    }

    // Extension (延长) near the deadline.
    let E = 0;
    if (!immediate && version.statutoryDays > 0 && r.chance(it.kind === 'administrative_license' ? 0.02 : 0.004)) {
      E = r.int(5, 10);
      const kE = Math.max(0, P - 1 - r.int(0, 2));
      const tE = this.timeOn(this.workingAfter(dayA, afterSuspension(kE, k1, S)), cursor);
      if (
        !this.push(
          dept,
          { id: `${caseId}:ext`, type: 'case.extended', at: this.fmt(tE), caseId, days: E } satisfies Rec<'case.extended'>,
          tE,
        )
      )
        return;
      cursor = tE;
    }

    // Completion (办结): on time mostly, late now and then.
    const dueOffset = immediate ? (this.idx.isWorking(dayA) ? 0 : 1) : P;
    const late = r.chance(immediate ? c.lateImmediate : c.lateOther);
    let kC: number;
    // Late by a few days mostly, now and then by weeks (a case that waited on someone): a city's red list.
    if (late) kC = dueOffset + E + 1 + r.geometric(0.3) + (r.chance(0.15) ? r.int(5, 30) : 0);
    else if (immediate) kC = 0;
    else if (E > 0) kC = r.int(P + 1, P + E);
    else {
      const u = r.next();
      // Early for many, but a good part uses most of the limit (办到最后一天): those are the yellow cards.
      const f = u < 0.35 ? r.float(0, 0.3) : u < 0.65 ? r.float(0.3, 0.7) : 0.7 + 0.3 * Math.sqrt(r.next());
      kC = Math.min(P, Math.floor(f * (P + 1)));
    }
    const dayC = this.workingAfter(dayA, afterSuspension(kC, k1, S));
    const online = ctx.channel === 'online' || ctx.channel === 'mobile';
    const tC =
      immediate && !late
        ? Math.min(cursor + (online ? r.int(1, 30) : r.int(5, 90)) * MIN + r.int(0, 59) * 1000, this.dayStart(dayA) + (23 * 60 + 55) * MIN)
        : this.timeOn(dayC, cursor);
    const outcome: Rec<'case.completed'>['outcome'] = r.chance(it.kind === 'administrative_license' ? 0.04 : 0.02) ? 'denied' : 'approved';
    const completed = this.completion(ctx, caseId, tC, outcome);
    if (!this.push(dept, completed, tC)) return;
    let tFinal = tC;

    // A mistaken completion, voided and sent again (录入错误).
    if (r.chance(c.voidCompletion)) {
      const tv = tC + r.int(10, 120) * MIN;
      this.push(
        dept,
        {
          id: `${caseId}:void-cmp`,
          type: 'void',
          at: this.fmt(tv),
          target: completed.id,
          reason: '录入错误：办结信息填写有误',
        } satisfies Rec<'void'>,
        tv,
      );
      const t2 = tv + r.int(5, 60) * MIN;
      this.push(
        dept,
        {
          ...completed,
          id: `${caseId}:cmp2`,
          at: this.fmt(t2),
          outcome: 'approved',
          visits: completed.visits === undefined ? 1 : completed.visits + 1,
        },
        t2,
      );
      tFinal = t2;
    }

    if (r.chance(late ? c.complaint.late : c.complaint.base)) {
      const recvDay = late
        ? this.workingAfter(dayA, dueOffset + E + S + r.int(1, 3))
        : this.workingAfter(this.localDay(tFinal), r.int(0, 5));
      this.complaint(it, ctx, recvDay, tA, late ? 'delay' : null);
    }
    if (r.chance(c.evaluation)) this.evaluation(ctx, tFinal, late);
  }

  completion(ctx: CaseContext, caseId: string, tC: number, outcome: Rec<'case.completed'>['outcome']): Rec<'case.completed'> {
    const r = this.rng;
    const ch = ctx.channel;
    const visits =
      ch === 'online' || ch === 'mobile'
        ? draw(r, VISITS_ONLINE)
        : ch === 'window'
          ? draw(r, VISITS_WINDOW)
          : ch === 'mail' || ch === 'home_visit'
            ? draw(r, VISITS_REMOTE)
            : 1;
    const delivery: Rec<'case.completed'>['delivery'] =
      ch === 'online' || ch === 'mobile'
        ? draw(r, DELIVERY_ONLINE)
        : ch === 'mail' || ch === 'home_visit'
          ? draw(r, DELIVERY_REMOTE)
          : draw(r, DELIVERY_WINDOW);
    const rec: Rec<'case.completed'> = { id: `${caseId}:cmp`, type: 'case.completed', at: this.fmt(tC), caseId, outcome };
    if (r.chance(0.96)) rec.visits = visits;
    if (r.chance(0.9)) rec.delivery = delivery;
    return rec;
  }

  /**
   * A special matter (特殊事项) like the seed's retirement of 事改企 staff: suspended for months
   * while the bureau asks upwards (逐级请示), or left open far beyond its limit; often complained about.
   */
  specialMatter(ctx: CaseContext, P: number, dayA: number, cursor: number): void {
    const r = this.rng;
    const { caseId, it } = ctx;
    const dept = it.department;
    let t = cursor;
    let completeAfter: number;
    // Three stories in turn, so even a small run has each: suspended for months (then done),
    // still open far beyond the limit at year end, done very late.
    const story = this.specialSeq++ % 3;
    if (story === 0) {
      const tS = this.timeOn(this.workingAfter(dayA, r.int(2, 5)), t);
      if (
        !this.push(
          dept,
          { id: `${caseId}:sus1`, type: 'case.suspended', at: this.fmt(tS), caseId, reason: 'other' } satisfies Rec<'case.suspended'>,
          tS,
        )
      )
        return;
      const tR = this.timeOn(this.workingAfter(this.localDay(tS), r.int(60, 150)), tS);
      if (this.push(dept, { id: `${caseId}:res1`, type: 'case.resumed', at: this.fmt(tR), caseId } satisfies Rec<'case.resumed'>, tR)) {
        t = tR;
        completeAfter = r.int(3, 10);
      } else completeAfter = Infinity;
      t = Math.max(t, tS);
    } else {
      completeAfter = story === 1 ? Infinity : P + r.int(40, 90);
    }
    if (r.chance(RECORD_CALIBRATION.complaint.special))
      this.complaint(it, ctx, this.workingAfter(dayA, P + r.int(10, 30)), cursor, 'delay');
    if (!Number.isFinite(completeAfter)) return;
    const tC = this.timeOn(this.workingAfter(this.localDay(t), completeAfter), t);
    const completed = this.completion(ctx, caseId, tC, 'approved');
    if (this.push(dept, completed, tC) && r.chance(0.5)) this.evaluation(ctx, tC, true);
  }

  // ---- complaints (投诉) and evaluations (好差评)

  complaint(
    it: ItemRuntime,
    ctx: CaseContext | null,
    recvDay: number,
    notBefore: number,
    category: Rec<'complaint.received'>['category'] | null,
  ): void {
    const r = this.rng;
    const dept = it.department;
    const cat = category ?? draw(r, it.paperProof ? CATEGORY_PAPER_PROOF : CATEGORY);
    const complaintId = `TS${this.year}${String(++this.complaintSeq).padStart(7, '0')}`;
    let recv = this.dayStart(recvDay) + r.int(480, 1260) * MIN + r.int(0, 59) * 1000; // 12345 热线 08:00–21:00, any day
    if (recv <= notBefore) recv = notBefore + r.int(30, 240) * MIN;
    const channel = cat === 'unnecessary_proof' && r.chance(0.35) ? 'supervision_window' : draw(r, COMPLAINT_CHANNEL);
    const proof = it.paperProof ?? r.pick(['村（居）委会出具的证明', '单位出具的在职证明', '户籍证明']);
    const summary =
      ctx?.special && cat === 'delay'
        ? SPECIAL_COMPLAINT
        : r.pick(COMPLAINT_TEXT[cat]).replace('{item}', it.name).replace('{proof}', proof);
    const received: Rec<'complaint.received'> = {
      id: `${complaintId}:rcv`,
      type: 'complaint.received',
      at: this.fmt(recv),
      complaintId,
      channel,
      category: cat,
      regionCode: ctx?.regionCode ?? (it.district && it.district !== 'city' ? it.district : '370300000000'),
      summary,
    };
    if (ctx) {
      received.caseId = ctx.caseId;
      received.itemCode = it.item.itemCode;
    } else if (r.chance(0.5)) received.itemCode = it.item.itemCode;
    if (!this.push(dept, received, recv)) return;

    const day0 = this.localDay(recv);
    const working0 = this.idx.isWorking(day0);
    // Respond within 1 working day (mostly), resolve within 5, counted from the day after receipt.
    const respondK = r.chance(0.92) ? (working0 && r.chance(0.4) ? 0 : 1) : r.int(2, 4);
    const tRsp = this.timeOn(this.workingAfter(day0, respondK), recv);
    if (
      !this.push(
        dept,
        { id: `${complaintId}:rsp`, type: 'complaint.responded', at: this.fmt(tRsp), complaintId } satisfies Rec<'complaint.responded'>,
        tRsp,
      )
    )
      return;
    const resolveK = r.chance(0.88) ? r.int(Math.max(1, respondK), 5) : r.int(6, 12);
    const tRes = this.timeOn(this.workingAfter(day0, Math.max(resolveK, respondK)), tRsp);
    const substantiated = cat === 'delay' ? r.chance(0.8) : r.chance(0.4);
    if (
      !this.push(
        dept,
        {
          id: `${complaintId}:res`,
          type: 'complaint.resolved',
          at: this.fmt(tRes),
          complaintId,
          substantiated,
        } satisfies Rec<'complaint.resolved'>,
        tRes,
      )
    )
      return;
    let tFinal = tRes;
    if (r.chance(0.06)) {
      const tReo = this.timeOn(this.workingAfter(this.localDay(tRes), r.int(1, 5)), tRes);
      if (
        !this.push(
          dept,
          { id: `${complaintId}:reo`, type: 'complaint.reopened', at: this.fmt(tReo), complaintId } satisfies Rec<'complaint.reopened'>,
          tReo,
        )
      )
        return;
      const tRes2 = this.timeOn(this.workingAfter(this.localDay(tReo), r.int(1, 5)), tReo);
      if (
        !this.push(
          dept,
          {
            id: `${complaintId}:res2`,
            type: 'complaint.resolved',
            at: this.fmt(tRes2),
            complaintId,
            substantiated: true,
          } satisfies Rec<'complaint.resolved'>,
          tRes2,
        )
      )
        return;
      tFinal = tRes2;
    }
    if (r.chance(0.85)) {
      const tFu = this.timeOn(this.workingAfter(this.localDay(tFinal), r.int(1, 3)), tFinal);
      const satisfaction = draw(r, SATISFACTION);
      this.push(
        dept,
        {
          id: `${complaintId}:fu`,
          type: 'complaint.followed_up',
          at: this.fmt(tFu),
          complaintId,
          satisfaction,
        } satisfies Rec<'complaint.followed_up'>,
        tFu,
      );
    }
  }

  evaluation(ctx: CaseContext, tC: number, late: boolean): void {
    const r = this.rng;
    const dept = ctx.it.department;
    const online = ctx.channel === 'online' || ctx.channel === 'mobile';
    const channel: Rec<'evaluation.submitted'>['channel'] = online
      ? draw(r, ctx.channel === 'mobile' ? EVAL_MOBILE : EVAL_ONLINE)
      : draw(r, EVAL_WINDOW);
    const delay = channel === 'window' || channel === 'self_service' ? r.int(1, 10) * MIN : r.int(10, 2 * 24 * 60) * MIN;
    let t = tC + delay + r.int(0, 59) * 1000;
    const m = this.minuteOfDay(t);
    if (m > 23 * 60 + 30 || m < 7 * 60) t = this.dayStart(this.localDay(t) + (m < 7 * 60 ? 0 : 1)) + r.int(480, 1260) * MIN;
    const score = late || ctx.special ? draw(r, SCORE_LATE) : draw(r, SCORE);
    const evaluationId = `PJ${this.year}${String(++this.evaluationSeq).padStart(8, '0')}`;
    const rec: Rec<'evaluation.submitted'> = {
      id: `${evaluationId}:sub`,
      type: 'evaluation.submitted',
      at: this.fmt(t),
      evaluationId,
      itemCode: ctx.it.item.itemCode,
      channel,
      score,
    };
    if (r.chance(0.96)) rec.caseId = ctx.caseId;
    if (r.chance(score <= 2 ? 0.7 : 0.2)) rec.comment = r.pick(score <= 2 ? BAD_COMMENTS : GOOD_COMMENTS);
    if (!this.push(dept, rec, t) || score > 2) return;
    // 差评: called back within 1–2 working days, rectified by the 15th working day mostly.
    const day0 = this.localDay(t);
    if (!r.chance(0.96)) return;
    const tCb = this.timeOn(this.workingAfter(day0, r.int(1, 2)), t);
    if (
      !this.push(
        dept,
        {
          id: `${evaluationId}:cb`,
          type: 'evaluation.called_back',
          at: this.fmt(tCb),
          evaluationId,
        } satisfies Rec<'evaluation.called_back'>,
        tCb,
      )
    )
      return;
    const u = r.next();
    if (u > 0.95) return;
    const k = u < 0.85 ? r.int(3, 15) : r.int(16, 30);
    const tRect = this.timeOn(this.workingAfter(day0, k), tCb);
    this.push(
      dept,
      { id: `${evaluationId}:rect`, type: 'evaluation.rectified', at: this.fmt(tRect), evaluationId } satisfies Rec<'evaluation.rectified'>,
      tRect,
    );
  }
}

/** Working-day offset from acceptance of active offset k, for a case suspended at k1 for S working days. */
function afterSuspension(k: number, k1: number, S: number): number {
  return S > 0 ? Math.max(k, k1) + S : k;
}

/** Relative case volume of a day: weekdays by day of week and month, catch-up after holidays, online trickle on days off. */
function dayWeights(idx: WorkingDayIndex, first: number, last: number): number[] {
  const MONTH = [0.95, 0.75, 1.1, 1.05, 0.95, 1.05, 1.0, 0.95, 1.05, 0.9, 1.0, 1.1];
  const DOW = [1.18, 1.06, 1.0, 0.97, 0.9, 0.8, 0.8]; // Mon … Sun (Sat/Sun only when adjusted working days)
  const out: number[] = [];
  let offRun = 0;
  for (let day = first; day <= last; day++) {
    if (!idx.isWorking(day)) {
      out.push(0.06);
      offRun += 1;
      continue;
    }
    const month = Number(idx.date(day).slice(5, 7)) - 1;
    const dow = (((day + 3) % 7) + 7) % 7; // 0 = Monday
    out.push(DOW[dow]! * MONTH[month]! * (offRun >= 3 ? 1.35 : 1));
    offRun = 0;
  }
  return out;
}

/** Splits `total` over days in proportion to weights, exactly (cumulative rounding). */
function allocate(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  let given = 0;
  return weights.map((w) => {
    acc += w;
    const upto = Math.round((acc / sum) * total);
    const n = upto - given;
    given = upto;
    return n;
  });
}

/**
 * The demo city's records for one year, as a lazy, chronological stream. Deterministic: the same
 * options give the same records in the same order.
 */
export function* generateRecords(options: GenerateRecordsOptions): Generator<DemoRecord, void, undefined> {
  const { seed, year, casesPerYear, catalog, departments, divisions } = options;
  if (!Number.isInteger(casesPerYear) || casesPerYear < 0)
    throw new RangeError(`generateRecords: casesPerYear must be a non-negative integer, got ${casesPerYear}`);
  const until = options.until ?? `${year}-12-31`;
  if (until < `${year}-01-01` || until > `${year + 1}-12-31`)
    throw new RangeError(`generateRecords: until must be a date in ${year} or ${year + 1}, got ${until}`);
  const known = new Set(departments.map((d) => d.code));
  const missing = catalog.items.find((i) => !known.has(i.departmentCode));
  if (missing) throw new Error(`generateRecords: item ${missing.itemCode} belongs to unknown department ${missing.departmentCode}`);

  const isWorkingDay = options.isWorkingDay ?? ((d: IsoDate) => defaultCalendar.isWorkingDay(d));
  const idx = buildWorkingDayIndex(`${year - 1}-01-01`, `${year + 2}-12-31`, isWorkingDay);
  const items = runtimeItems(catalog, year);
  const calibration = solve(items, year);
  const rng = createRng(seed).fork(`records:${year}`);
  const f = new Factory(rng, year, idx, items, calibration, divisions, until);

  const first = toDayNumber(`${year}-01-01`);
  const last = toDayNumber(`${year}-12-31`);
  const specials =
    casesPerYear >= 1000 && f.specialItems.length ? Math.max(3, Math.round(casesPerYear * RECORD_CALIBRATION.specialRate)) : 0;
  const perDay = allocate(dayWeights(idx, first, last), casesPerYear - specials);
  // Special matters start on working days of the first seven months, so they have waited long by year end.
  const specialDays = new Map<number, number>();
  const candidates: number[] = [];
  for (let d = first + 14; d <= toDayNumber(`${year}-07-31`); d++) if (idx.isWorking(d)) candidates.push(d);
  const specialRng = rng.fork('special-days');
  for (let i = 0; i < specials; i++) {
    const d = specialRng.pick(candidates);
    specialDays.set(d, (specialDays.get(d) ?? 0) + 1);
  }

  const untilDay = toDayNumber(until);
  for (let day = first; day <= untilDay; day++) {
    f.startDay(day);
    const plans: CasePlan[] = [];
    // After the year's last day only the events of cases already started are still due.
    for (let i = day <= last ? perDay[day - first]! : 0; i > 0; i--) plans.push(f.planCase(day, null));
    for (let i = specialDays.get(day) ?? 0; i > 0; i--) plans.push(f.planCase(day, specialRng.pick(f.specialItems)));
    // Run the day's cases in the order they start, emitting what is due in between, so only the
    // day's plans and the events not yet due are held in memory.
    plans.sort((a, b) => a.t0 - b.t0);
    for (const plan of plans) {
      for (let p = f.nextBefore(plan.t0); p; p = f.nextBefore(plan.t0)) yield { department: p.department, record: p.record };
      f.runCase(plan);
    }
    for (let p = f.nextBefore(Infinity); p; p = f.nextBefore(Infinity)) yield { department: p.department, record: p.record };
  }
}

/** True when the item is one of the seed's special matters (事改企 retirement). */
export const isSpecialMatter = (item: Pick<DemoItem, 'profile'>) =>
  item.profile.special || item.profile.subject.includes(SPECIAL_SUBJECT_HINT);
