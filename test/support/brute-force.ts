// The figures recomputed the slow, obvious way from the stored records — no rollups, no
// contributions — to check the fast path against. Follows domain.md line by line.
import { addDays, shanghaiDate, type WorkingCalendar } from '../../shared/calendar/index.js';
import { evaluateCase, type CaseEvent } from '../../shared/clock/index.js';
import { exactQuantile } from '../../shared/figures/sketch.js';
import { FIGURES, type FigureId, type STATE_FIGURES } from '../../shared/figures/metrics.js';

type CatalogFigureId = {
  [K in keyof typeof STATE_FIGURES]: (typeof STATE_FIGURES)[K]['group'] extends 'catalog' ? K : never;
}[keyof typeof STATE_FIGURES];
/**
 * The figures the oracle recomputes from the records: every figure of the registry but the
 * catalog's (those come from the catalog in force, not from records; test/unit/figures.test.ts).
 * A figure added to the registry does not compile here until the oracle computes it too.
 */
export type OracleFigureId = Exclude<FigureId, CatalogFigureId>;
export type OracleFigures = Record<OracleFigureId, number | null>;

export interface Rec {
  dept: string;
  id: string;
  type: string;
  at: string;
  voided?: boolean;
  [k: string]: unknown;
}
export interface Item {
  itemCode: string;
  departmentCode: string;
  promisedDays: number;
  effectiveFrom: string;
  materials: Array<{ code: string; kind: string; licenceCode?: string }>;
}
export interface BruteFilter {
  department?: string;
  region?: string;
  channel?: string;
  level?: string;
}

const ms = (r: Rec) => Date.parse(r.at);
const day = (r: Rec) => shanghaiDate(ms(r));
const byTime = (a: Rec, b: Rec) => ms(a) - ms(b) || (a.id < b.id ? -1 : 1);
const inRange = (d: string, from: string, to: string) => d >= from && d <= to;
const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

function levelOf(code: string): string {
  if (code.slice(4, 6) === '00') return 'city';
  if (code.slice(6, 9) === '000') return 'county';
  if (code.slice(9) !== '000') return code[9] === '1' ? 'community' : 'village';
  return Number(code.slice(6, 9)) < 100 ? 'street' : 'town';
}

export function bruteFigures(all: Rec[], items: Item[], cal: WorkingCalendar, from: string, to: string, today: string, f: BruteFilter) {
  const live = all.filter((r) => !r.voided && r.type !== 'void');
  const group = (key: string) => {
    const m = new Map<string, Rec[]>();
    for (const r of live) {
      const k = r[key] as string | undefined;
      if (!k || !r.type.startsWith(`${key.replace('Id', '')}.`)) continue;
      const g = `${r.dept}/${k}`;
      m.set(g, [...(m.get(g) ?? []), r]);
    }
    return [...m.values()].map((rs) => rs.sort(byTime));
  };
  const regionOk = (code: string) => !f.region || code.startsWith(f.region.replace(/0+$/, ''));
  const itemOn = (dept: string, code: string, d: string) =>
    items
      .filter((i) => i.itemCode === code && i.departmentCode === dept && i.effectiveFrom <= d)
      .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
      .at(-1);

  let cannotJudge = 0,
    withdrawn = 0,
    immediate = 0,
    acceptedKnown = 0;
  const exemptedBy = { e_license: 0, data_sharing: 0, commitment: 0 };
  let accepted = 0,
    completed = 0,
    judged = 0,
    onTime = 0,
    online = 0,
    nearby = 0,
    banded = 0,
    elderly = 0,
    assisted = 0,
    overdueOpen = 0;
  let req = 0,
    paper = 0,
    upload = 0,
    exempt = 0,
    certFree = 0,
    vis = 0,
    v0 = 0,
    v1 = 0;
  // By age band (person applicants that state one) and by assisted mode (every case).
  const bands: Record<string, { cases: number; assisted: number }> = {};
  const modes: Record<string, { cases: number; elderly: number }> = {};
  const processing: number[] = [];
  const asOf = to < today ? to : today;
  for (const rs of group('caseId')) {
    const acc = rs.filter((r) => r.type === 'case.accepted').at(-1);
    if (!acc) continue;
    const region = acc.regionCode as string;
    if (f.department && acc.dept !== f.department) continue;
    if (!regionOk(region) || (f.channel && acc.channel !== f.channel) || (f.level && levelOf(region) !== f.level)) continue;
    const item = itemOn(acc.dept, acc.itemCode as string, day(acc));
    const events: CaseEvent[] = rs.map((r) => ({
      id: r.id,
      type: r.type as CaseEvent['type'],
      at: r.at,
      ...(r.type === 'case.extended' ? { days: r.days as number } : {}),
    }));
    const mats = acc.materials as Array<{ code: string; via: string }>;
    const applicant = acc.applicant as { type: string; ageBand?: string };
    if (inRange(day(acc), from, to)) {
      accepted++;
      if (acc.channel === 'online' || acc.channel === 'mobile') online++;
      if (['town', 'street', 'village', 'community'].includes(levelOf(region))) nearby++;
      modes[acc.assisted as string] ??= { cases: 0, elderly: 0 };
      const mode = modes[acc.assisted as string]!;
      mode.cases++;
      if (applicant.type === 'person' && applicant.ageBand) {
        bands[applicant.ageBand] ??= { cases: 0, assisted: 0 };
        const band = bands[applicant.ageBand]!;
        band.cases++;
        if (acc.assisted !== 'none') band.assisted++;
        if (applicant.ageBand !== 'under_60') mode.elderly++;
        banded++;
        if (applicant.ageBand !== 'under_60') {
          elderly++;
          if (acc.assisted !== 'none') assisted++;
        }
      }
      req += mats.length;
      paper += mats.filter((m) => m.via === 'paper').length;
      upload += mats.filter((m) => m.via === 'upload').length;
      exempt += mats.filter((m) => ['e_license', 'data_sharing', 'commitment'].includes(m.via)).length;
      for (const m of mats) if (Object.hasOwn(exemptedBy, m.via)) exemptedBy[m.via as keyof typeof exemptedBy]++;
      if (item) acceptedKnown++;
      if (
        item &&
        !mats.some(
          (m) =>
            ['certificate', 'proof'].includes(item.materials.find((x) => x.code === m.code)?.kind ?? '') &&
            ['paper', 'upload'].includes(m.via),
        )
      )
        certFree++;
    }
    const final = evaluateCase(events, { promisedDays: item?.promisedDays ?? 0, calendar: cal, now: Date.parse('2099-01-01T00:00:00Z') });
    // A case whose records contradict each other (domain: cannot be judged) counts as accepted and
    // as cannot-be-judged, and in no completion or overdue figure.
    if (final.status === 'cannot_judge' && inRange(day(acc), from, to)) cannotJudge++;
    if (final.status === 'completed' && final.completedOn && inRange(final.completedOn, from, to)) {
      completed++;
      processing.push(final.processingDays!);
      if (item) {
        judged++;
        if (final.onTime) onTime++;
        if (item.promisedDays === 0) immediate++;
      }
      const c = rs.filter((r) => r.type === 'case.completed').at(-1)!;
      if (c.visits !== undefined) {
        vis++;
        if (c.visits === 0) v0++;
        if ((c.visits as number) <= 1) v1++;
      }
    }
    if (final.status === 'withdrawn' && inRange(day(rs.filter((r) => r.type === 'case.withdrawn').at(-1)!), from, to)) withdrawn++;
    const asOfEnd = Date.parse(`${asOf}T23:59:59.999+08:00`);
    if (item && final.status !== 'cannot_judge' && rs.some((r) => r.type === 'case.accepted' && ms(r) <= asOfEnd)) {
      const then = evaluateCase(events, { promisedDays: item.promisedDays, calendar: cal, now: asOfEnd });
      if (then.status === 'open' && then.overdue) overdueOpen++;
    }
  }

  // Complaints and evaluations: not filtered by channel or level.
  let received = 0,
    unnecessaryProof = 0,
    rspNum = 0,
    rspDen = 0,
    rslNum = 0,
    rslDen = 0,
    fu = 0,
    fuS = 0;
  for (const rs of group('complaintId')) {
    const rcv = rs.filter((r) => r.type === 'complaint.received').at(-1);
    if (!rcv || !inRange(day(rcv), from, to)) continue;
    if (f.department && rcv.dept !== f.department) continue;
    if (!regionOk(rcv.regionCode as string)) continue;
    received++;
    if (rcv.category === 'unnecessary_proof') unnecessaryProof++;
    const respondBy = cal.addWorkingDays(day(rcv), 1);
    const resolveBy = cal.addWorkingDays(day(rcv), 5);
    const rsp = rs.find((r) => r.type === 'complaint.responded' && ms(r) >= ms(rcv));
    if (rsp) {
      rspDen++;
      if (day(rsp) <= respondBy) rspNum++;
    } else if (respondBy < today) rspDen++;
    let rsl: Rec | undefined;
    for (const r of rs) {
      if (r.type === 'complaint.resolved') rsl = r;
      if (r.type === 'complaint.reopened') rsl = undefined;
    }
    if (rsl) {
      rslDen++;
      if (day(rsl) <= resolveBy) rslNum++;
    } else if (resolveBy < today) rslDen++;
    const follow = rs.filter((r) => r.type === 'complaint.followed_up').at(-1);
    if (follow) {
      fu++;
      if (follow.satisfaction !== 'unsatisfied') fuS++;
    }
  }
  // An evaluation lies in the region of the case it names (that case's latest live acceptance);
  // naming none, or a case with no live acceptance: region unknown, in no region.
  const caseRegion = new Map<string, string>();
  for (const rs of group('caseId')) {
    const acc = rs.filter((r) => r.type === 'case.accepted').at(-1);
    if (acc) caseRegion.set(`${acc.dept}/${acc.caseId as string}`, acc.regionCode as string);
  }
  let evals = 0,
    bad = 0,
    sat = 0,
    rctNum = 0,
    rctDen = 0,
    unknown = 0;
  for (const rs of group('evaluationId')) {
    const sub = rs.filter((r) => r.type === 'evaluation.submitted').at(-1);
    if (!sub || !inRange(day(sub), from, to) || (f.department && sub.dept !== f.department)) continue;
    const region = sub.caseId ? caseRegion.get(`${sub.dept}/${sub.caseId as string}`) : undefined;
    if (f.region && (!region || !regionOk(region))) continue;
    if (!region) unknown++;
    evals++;
    if ((sub.score as number) <= 2) {
      bad++;
      const by = cal.addWorkingDays(day(sub), 15);
      const rct = rs.find((r) => r.type === 'evaluation.rectified');
      if (rct) {
        rctDen++;
        if (day(rct) <= by) rctNum++;
      } else if (by < today) rctDen++;
    } else sat++;
  }
  const figures: OracleFigures = {
    accepted,
    completed,
    onTime,
    onTimeRate: ratio(onTime, judged),
    withdrawn,
    cannotJudge,
    processingP50: exactQuantile(processing, 0.5),
    processingP90: exactQuantile(processing, 0.9),
    processingMean: processing.length ? processing.reduce((a, b) => a + b, 0) / processing.length : null,
    immediateShare: ratio(immediate, judged),
    onlineShare: ratio(online, accepted),
    zeroVisitShare: ratio(v0, vis),
    atMostOneVisitShare: ratio(v1, vis),
    elderlyShare: ratio(elderly, banded),
    elderlyAssistedShare: ratio(assisted, elderly),
    nearbyShare: ratio(nearby, accepted),
    overdueOpen,
    materialsRequired: req,
    materialsExempted: exempt,
    exemptedELicense: exemptedBy.e_license,
    exemptedDataSharing: exemptedBy.data_sharing,
    exemptedCommitment: exemptedBy.commitment,
    materialsPaper: paper,
    materialsUpload: upload,
    paperAvoided: req - paper,
    reductionRate: ratio(exempt, req),
    certificateFreeCases: certFree,
    certificateFreeCaseShare: ratio(certFree, acceptedKnown),
    complaintsReceived: received,
    unnecessaryProofComplaints: unnecessaryProof,
    responseOnTimeRate: ratio(rspNum, rspDen),
    resolutionOnTimeRate: ratio(rslNum, rslDen),
    followUpSatisfaction: ratio(fuS, fu),
    evaluations: evals,
    badReviews: bad,
    evaluationsRegionUnknown: unknown,
    satisfactionRate: ratio(sat, evals),
    rectificationRate: ratio(rctNum, rctDen),
  };
  return {
    figures,
    // The same figures where the figures answer has them (cases.processingDays.p50 …).
    ...answerSections(figures),
    applicants: {
      ageBands: ['under_60', '60_69', '70_79', '80_plus'].map((band) => ({
        band,
        cases: bands[band]?.cases ?? 0,
        assisted: bands[band]?.assisted ?? 0,
        share: ratio(bands[band]?.cases ?? 0, banded),
        assistedShare: ratio(bands[band]?.assisted ?? 0, bands[band]?.cases ?? 0),
      })),
      assisted: ['none', 'guided', 'proxy'].map((mode) => ({
        mode,
        cases: modes[mode]?.cases ?? 0,
        elderly: modes[mode]?.elderly ?? 0,
        share: ratio(modes[mode]?.cases ?? 0, accepted),
        elderlyShare: ratio(modes[mode]?.elderly ?? 0, elderly),
      })),
    },
  };
}
/** The oracle's figures placed at their registry paths, as the figures answer has them (no parts). */
function answerSections(figures: OracleFigures) {
  const out: Record<string, Record<string, unknown>> = {
    cases: { processingDays: {} },
    materials: { exemptedBy: {} },
    complaints: {},
    evaluations: {},
  };
  for (const [id, v] of Object.entries(figures) as Array<[OracleFigureId, number | null]>) {
    const [top, nested] = FIGURES[id].answer.section.split('.') as [string, string | undefined];
    const into = nested ? (out[top]![nested] as Record<string, unknown>) : out[top]!;
    into[FIGURES[id].answer.name] = v;
  }
  return out as {
    cases: Record<string, unknown>;
    materials: Record<string, unknown>;
    complaints: Record<string, unknown>;
    evaluations: Record<string, unknown>;
  };
}
export { addDays };

/**
 * 电子证照 per licence type, the obvious way: every live accepted case of the range and filter;
 * each material it provided via e_license whose catalog material (the version in force on the
 * acceptance day) names a type counts for that type, and the case counts once per type.
 */
export function bruteLicences(all: Rec[], items: Item[], from: string, to: string, f: BruteFilter) {
  const live = all.filter((r) => !r.voided && r.type !== 'void');
  const byCase = new Map<string, Rec[]>();
  for (const r of live)
    if (r.type.startsWith('case.') && r.caseId)
      byCase.set(`${r.dept}/${String(r.caseId)}`, [...(byCase.get(`${r.dept}/${String(r.caseId)}`) ?? []), r]);
  const out = new Map<string, { cases: number; materials: number }>();
  let eLicence = 0;
  for (const rs of byCase.values()) {
    const acc = rs
      .filter((r) => r.type === 'case.accepted')
      .sort(byTime)
      .at(-1);
    if (!acc || !inRange(day(acc), from, to)) continue;
    const region = acc.regionCode as string;
    if (
      (f.department && acc.dept !== f.department) ||
      (f.region && !region.startsWith(f.region.replace(/0+$/, ''))) ||
      (f.channel && acc.channel !== f.channel) ||
      (f.level && levelOf(region) !== f.level)
    )
      continue;
    const item = items
      .filter((i) => i.itemCode === acc.itemCode && i.departmentCode === acc.dept && i.effectiveFrom <= day(acc))
      .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
      .at(-1);
    const viaE = (acc.materials as Array<{ code: string; via: string }>).filter((m) => m.via === 'e_license');
    eLicence += viaE.length;
    if (!item) continue;
    const types = viaE.map((m) => item.materials.find((x) => x.code === m.code)?.licenceCode).filter((c): c is string => c !== undefined);
    for (const t of types) {
      const e = out.get(t) ?? { cases: 0, materials: 0 };
      e.materials++;
      out.set(t, e);
    }
    for (const t of new Set(types)) out.get(t)!.cases++;
  }
  return { types: out, eLicence };
}
