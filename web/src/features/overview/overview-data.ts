// The overview's headline figures (总览): which figures, where each is read in the figures answer,
// how it is formatted and compared (counts in %, rates in percentage points), which direction is
// good, and which page explains it. Pure: turns GET /v1/figures?compare=… into tiles and a table.
import type { MetricId } from '../../../../shared/figures/metrics';
import { addDays } from '../../../../shared/calendar/iso-date';
import { changeOf, formatChange, formatCount, formatValue, type Change, type ValueKind } from '../../format/format';
import { csvValue, type Column, type TableData } from '../../components/charts/table-data';
import type { Translate } from '../../i18n/i18n';
import type { Locale, MessageKey } from '../../i18n/messages';
import { pageHref, type PageId } from '../shell/routes';
import { filtersToParams, type DashboardFilters } from '../dashboard/filters-data';
import type { FiguresBody, Figures, Parts } from '../dashboard/fetch-figures';
import { METRIC_VIEW, metricLabel, type Better } from '../dashboard/metric-format';

/** Every figure a page shows as a tile; the overview shows HEADLINE_IDS. */
export const FIGURE_IDS = [
  'accepted', 'completed', 'onTimeRate', 'overdueOpen', 'processingP50', 'processingP90', 'processingMean', 'immediateShare',
  'onlineShare', 'zeroVisitShare', 'atMostOneVisitShare',
  'certificateFreeCaseShare', 'reductionRate', 'paperAvoided', 'materialsPaper', 'coverage', 'certificateFreeItems', 'limitCompression',
  'elderlyShare', 'elderlyAssistedShare', 'nearbyShare',
  'complaintsReceived', 'unnecessaryProof', 'responseOnTimeRate', 'resolutionOnTimeRate', 'followUpSatisfaction',
  'evaluations', 'badReviews', 'satisfactionRate', 'rectificationRate',
] as const;
export type HeadlineId = (typeof FIGURE_IDS)[number];

export const HEADLINE_IDS = [
  'accepted', 'completed', 'onTimeRate', 'overdueOpen', 'processingP50', 'onlineShare',
  'certificateFreeCaseShare', 'reductionRate', 'paperAvoided', 'coverage', 'elderlyShare', 'nearbyShare',
  'complaintsReceived', 'satisfactionRate',
] as const satisfies readonly HeadlineId[];

interface HeadlineDef {
  /** The metric of the registry, for its label; figures outside the registry name a message. */
  metric?: MetricId;
  label?: MessageKey;
  kind: ValueKind;
  better: Better;
  page: PageId;
  pick: (f: FiguresBody) => { value: number | null; parts?: Parts };
}

const rate = (value: number | null, parts: Parts) => ({ value, parts });

export const HEADLINES: Record<HeadlineId, HeadlineDef> = {
  accepted: { metric: 'accepted', kind: 'count', better: 'neutral', page: 'timeliness', pick: (f) => ({ value: f.cases.accepted }) },
  completed: { metric: 'completed', kind: 'count', better: 'neutral', page: 'timeliness', pick: (f) => ({ value: f.cases.completed }) },
  onTimeRate: { metric: 'onTimeRate', kind: 'rate', better: 'higher', page: 'timeliness', pick: (f) => rate(f.cases.onTimeRate, f.cases.onTimeRateParts) },
  overdueOpen: { label: 'figure.overdueOpen', kind: 'count', better: 'lower', page: 'timeliness', pick: (f) => ({ value: f.cases.overdueOpen }) },
  processingP50: { metric: 'processingP50', kind: 'days', better: 'lower', page: 'timeliness', pick: (f) => ({ value: f.cases.processingDays.p50 }) },
  processingP90: { metric: 'processingP90', kind: 'days', better: 'lower', page: 'timeliness', pick: (f) => ({ value: f.cases.processingDays.p90 }) },
  processingMean: { metric: 'processingMean', kind: 'days', better: 'lower', page: 'timeliness', pick: (f) => ({ value: f.cases.processingDays.mean }) },
  immediateShare: { metric: 'immediateShare', kind: 'rate', better: 'higher', page: 'timeliness', pick: (f) => rate(f.cases.immediateShare, f.cases.immediateShareParts) },
  zeroVisitShare: { metric: 'zeroVisitShare', kind: 'rate', better: 'higher', page: 'elderly-nearby', pick: (f) => rate(f.cases.zeroVisitShare, f.cases.zeroVisitShareParts) },
  atMostOneVisitShare: { metric: 'atMostOneVisitShare', kind: 'rate', better: 'higher', page: 'elderly-nearby', pick: (f) => rate(f.cases.atMostOneVisitShare, f.cases.atMostOneVisitShareParts) },
  materialsPaper: { metric: 'materialsPaper', kind: 'count', better: 'lower', page: 'certificate-free', pick: (f) => ({ value: f.materials.paper }) },
  certificateFreeItems: { label: 'materials.freeItems', kind: 'count', better: 'higher', page: 'certificate-free', pick: (f) => ({ value: f.catalog.certificateFreeItems, parts: { numerator: f.catalog.certificateFreeItems, denominator: f.catalog.items } }) },
  limitCompression: { label: 'figure.limitCompression', kind: 'rate', better: 'higher', page: 'timeliness', pick: (f) => ({ value: f.catalog.limitCompression }) },
  elderlyAssistedShare: { metric: 'elderlyAssistedShare', kind: 'rate', better: 'higher', page: 'elderly-nearby', pick: (f) => rate(f.cases.elderlyAssistedShare, f.cases.elderlyAssistedShareParts) },
  unnecessaryProof: { metric: 'unnecessaryProofComplaints', kind: 'count', better: 'lower', page: 'complaints', pick: (f) => ({ value: f.complaints.unnecessaryProof }) },
  responseOnTimeRate: { metric: 'responseOnTimeRate', kind: 'rate', better: 'higher', page: 'complaints', pick: (f) => rate(f.complaints.responseOnTimeRate, f.complaints.responseOnTimeRateParts) },
  resolutionOnTimeRate: { metric: 'resolutionOnTimeRate', kind: 'rate', better: 'higher', page: 'complaints', pick: (f) => rate(f.complaints.resolutionOnTimeRate, f.complaints.resolutionOnTimeRateParts) },
  followUpSatisfaction: { metric: 'followUpSatisfaction', kind: 'rate', better: 'higher', page: 'complaints', pick: (f) => rate(f.complaints.followUpSatisfaction, f.complaints.followUpSatisfactionParts) },
  evaluations: { metric: 'evaluations', kind: 'count', better: 'neutral', page: 'complaints', pick: (f) => ({ value: f.evaluations.count }) },
  badReviews: { metric: 'badReviews', kind: 'count', better: 'lower', page: 'complaints', pick: (f) => ({ value: f.evaluations.bad }) },
  rectificationRate: { metric: 'rectificationRate', kind: 'rate', better: 'higher', page: 'complaints', pick: (f) => rate(f.evaluations.rectificationRate, f.evaluations.rectificationRateParts) },
  onlineShare: { metric: 'onlineShare', kind: 'rate', better: 'higher', page: 'elderly-nearby', pick: (f) => rate(f.cases.onlineShare, f.cases.onlineShareParts) },
  certificateFreeCaseShare: { metric: 'certificateFreeCaseShare', kind: 'rate', better: 'higher', page: 'certificate-free', pick: (f) => rate(f.materials.certificateFreeCaseShare, f.materials.certificateFreeCaseShareParts) },
  reductionRate: { metric: 'reductionRate', kind: 'rate', better: 'higher', page: 'certificate-free', pick: (f) => rate(f.materials.reductionRate, f.materials.reductionRateParts) },
  paperAvoided: { metric: 'paperAvoided', kind: 'count', better: 'higher', page: 'certificate-free', pick: (f) => ({ value: f.materials.paperAvoided }) },
  coverage: { label: 'figure.coverage', kind: 'rate', better: 'higher', page: 'certificate-free', pick: (f) => rate(f.catalog.coverage, f.catalog.coverageParts) },
  elderlyShare: { metric: 'elderlyShare', kind: 'rate', better: 'neutral', page: 'elderly-nearby', pick: (f) => rate(f.cases.elderlyShare, f.cases.elderlyShareParts) },
  nearbyShare: { metric: 'nearbyShare', kind: 'rate', better: 'higher', page: 'elderly-nearby', pick: (f) => rate(f.cases.nearbyShare, f.cases.nearbyShareParts) },
  complaintsReceived: { metric: 'complaintsReceived', kind: 'count', better: 'lower', page: 'complaints', pick: (f) => ({ value: f.complaints.received }) },
  satisfactionRate: { metric: 'satisfactionRate', kind: 'rate', better: 'higher', page: 'complaints', pick: (f) => rate(f.evaluations.satisfactionRate, f.evaluations.satisfactionRateParts) },
};

export interface HeadlineRow {
  id: HeadlineId;
  label: string;
  kind: ValueKind;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  previous: number | null;
  change: Change;
  /** Whether the change is an improvement (null: neutral figure or no change). */
  good: boolean | null;
  page: PageId;
}

export function headlineLabel(id: HeadlineId, t: Translate, locale: Locale): string {
  const def = HEADLINES[id];
  return def.metric ? metricLabel(def.metric, locale) : t(def.label!);
}

export function headlineRows(figures: Figures, t: Translate, locale: Locale, ids: readonly HeadlineId[] = HEADLINE_IDS): HeadlineRow[] {
  const cmp = figures.compare && !figures.compare.unavailable ? figures.compare : undefined;
  return ids.map((id) => {
    const def = HEADLINES[id];
    const cur = def.pick(figures);
    const prev = cmp ? def.pick(cmp).value : null;
    const change = changeOf(def.kind, cur.value, prev);
    const better = def.metric ? METRIC_VIEW[def.metric].better : def.better;
    const good = better === 'neutral' || change.direction === 'none' || change.direction === 'flat' ? null
      : (change.direction === 'up') === (better === 'higher');
    return {
      id, label: headlineLabel(id, t, locale), kind: def.kind, value: cur.value,
      numerator: cur.parts?.numerator ?? null, denominator: cur.parts?.denominator ?? null,
      previous: prev, change, good, page: def.page,
    };
  });
}

export const changeUnits = (t: Translate) => ({ pp: t('unit.pp'), days: t('unit.days') });

/** The table (and CSV) of the headline figures: the numbers exactly as the API gave them. */
export function headlineTable(rows: readonly HeadlineRow[], t: Translate): TableData<HeadlineRow> {
  const columns: Array<Column<HeadlineRow>> = [
    { id: 'figure', label: t('table.figure'), kind: 'text', value: (r) => r.label, rowHeader: true },
    // Rows mix counts, rates and days: the CSV has each value as shown, and its exact value.
    { id: 'value', label: t('table.value'), kind: 'text', value: (r) => csvValue(r.kind, r.value) as string | number | null, display: (r, locale) => formatValue(r.kind, r.value, locale) },
    { id: 'valueExact', label: t('table.exact', { name: t('table.value') }), kind: 'text', value: (r) => r.value, csvOnly: true },
    { id: 'numerator', label: t('table.numerator'), kind: 'count', value: (r) => r.numerator },
    { id: 'denominator', label: t('table.denominator'), kind: 'count', value: (r) => r.denominator },
    { id: 'previous', label: t('table.previous'), kind: 'text', value: (r) => csvValue(r.kind, r.previous) as string | number | null, display: (r, locale) => formatValue(r.kind, r.previous, locale) },
    { id: 'previousExact', label: t('table.exact', { name: t('table.previous') }), kind: 'text', value: (r) => r.previous, csvOnly: true },
    {
      id: 'change', label: t('table.change'), kind: 'text',
      value: (r) => (r.change.delta === null ? null : Math.round(r.change.delta * 100) / 100),
      display: (r, locale) => formatChange(r.kind, r.change, locale, changeUnits(t)),
    },
  ];
  return { columns, rows, rowKey: (r) => r.id };
}

/** One entry of the overview's work queue (今日待办): a list a supervisor works through, and where it is. */
export interface WorkLink { id: 'red' | 'yellow' | 'openComplaints' | 'lateComplaints' | 'unrectified'; label: string; href: string }

/**
 * The morning's lists, each one click from the first screen: red and yellow cards (current, any
 * period), complaints not resolved or late and bad reviews not rectified over the last twelve
 * months — within the page's department and region (and the user's scope, which the API applies).
 */
export function workQueue(f: DashboardFilters, today: string, t: Translate, overdueOpen: number | null, locale: Locale): WorkLink[] {
  const keep = filtersToParams({ ...f, period: 'thisMonth' });
  const year = filtersToParams({ ...f, period: 'custom', from: addDays(today, -365), to: today });
  const href = (page: 'timeliness' | 'complaints', base: URLSearchParams, extra: Record<string, string> = {}) => pageHref(page, { ...Object.fromEntries(base), ...extra });
  return [
    { id: 'red', label: overdueOpen === null ? t('overview.queueRed') : t('overview.queueRedN', { n: formatCount(overdueOpen, locale) }), href: href('timeliness', keep) },
    { id: 'yellow', label: t('overview.queueYellow'), href: href('timeliness', keep) },
    { id: 'openComplaints', label: t('overview.queueOpenComplaints'), href: href('complaints', year, { cstate: 'open' }) },
    { id: 'lateComplaints', label: t('overview.queueLateComplaints'), href: href('complaints', year, { cstate: 'late' }) },
    { id: 'unrectified', label: t('overview.queueUnrectified'), href: href('complaints', year, { rstate: 'unrectified' }) },
  ];
}
