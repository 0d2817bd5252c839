// The overview's headline figures (总览): which figures, where each is read in the figures answer,
// how it is formatted and compared (counts in %, rates in percentage points), which direction is
// good, and which page explains it. Pure: turns GET /v1/figures?compare=… into tiles and a table.
import { FIGURES, type FigureId } from '../../../../shared/figures/metrics';
import { readFigure } from '../../../../shared/figures/figures';
import { addDays } from '../../../../shared/calendar/iso-date';
import { changeOf, formatChange, formatCount, formatValue, type Change, type ValueKind } from '../../format/format';
import { csvValue, type Column, type TableData } from '../../components/charts/table-data';
import type { Translate } from '../../i18n/i18n';
import type { Locale, MessageKey } from '../../i18n/messages';
import { pageHref, type PageId } from '../shell/routes';
import { filtersToParams, type DashboardFilters } from '../dashboard/filters-data';
import type { FiguresBody, Figures, Parts } from '../dashboard/fetch-figures';
import { figureBetter, figureLabel } from '../dashboard/metric-format';

/** Every figure a page shows as a tile; the overview shows HEADLINE_IDS. */
export const FIGURE_IDS = [
  'accepted',
  'completed',
  'onTimeRate',
  'overdueOpen',
  'processingP50',
  'processingP90',
  'processingMean',
  'immediateShare',
  'onlineShare',
  'zeroVisitShare',
  'atMostOneVisitShare',
  'certificateFreeCaseShare',
  'reductionRate',
  'paperAvoided',
  'materialsPaper',
  'coverage',
  'certificateFreeItems',
  'limitCompression',
  'elderlyShare',
  'elderlyAssistedShare',
  'nearbyShare',
  'complaintsReceived',
  'unnecessaryProof',
  'responseOnTimeRate',
  'resolutionOnTimeRate',
  'followUpSatisfaction',
  'evaluations',
  'badReviews',
  'satisfactionRate',
  'rectificationRate',
] as const;
export type HeadlineId = (typeof FIGURE_IDS)[number];

export const HEADLINE_IDS = [
  'accepted',
  'completed',
  'onTimeRate',
  'overdueOpen',
  'processingP50',
  'onlineShare',
  'certificateFreeCaseShare',
  'reductionRate',
  'paperAvoided',
  'coverage',
  'elderlyShare',
  'nearbyShare',
  'complaintsReceived',
  'satisfactionRate',
] as const satisfies readonly HeadlineId[];

interface HeadlineDef {
  /** The figure of the registry: its unit, direction, where it is read, and (metrics) its label. */
  figure: FigureId;
  /** The dashboard's words for a figure outside the metrics (the catalog, overdue). */
  label?: MessageKey;
  page: PageId;
  /** The value and parts: where the registry puts the figure (a rate's `<name>Parts`), or read otherwise. */
  pick: (f: FiguresBody) => { value: number | null; parts?: Parts };
}

/** A tile of a registry figure, read where the registry puts it unless `pick` says otherwise. */
function tile(figure: FigureId, page: PageId, o: { label?: MessageKey; pick?: HeadlineDef['pick'] } = {}): HeadlineDef {
  const read: HeadlineDef['pick'] = (f) => {
    const r = readFigure(f, figure);
    return r.parts ? { value: r.value, parts: r.parts } : { value: r.value };
  };
  return { figure, page, pick: o.pick ?? read, ...(o.label ? { label: o.label } : {}) };
}

export const HEADLINES: Record<HeadlineId, HeadlineDef> = {
  accepted: tile('accepted', 'timeliness'),
  completed: tile('completed', 'timeliness'),
  onTimeRate: tile('onTimeRate', 'timeliness'),
  overdueOpen: tile('overdueOpen', 'timeliness', { label: 'figure.overdueOpen' }),
  processingP50: tile('processingP50', 'timeliness'),
  processingP90: tile('processingP90', 'timeliness'),
  processingMean: tile('processingMean', 'timeliness'),
  immediateShare: tile('immediateShare', 'timeliness'),
  zeroVisitShare: tile('zeroVisitShare', 'elderly-nearby'),
  atMostOneVisitShare: tile('atMostOneVisitShare', 'elderly-nearby'),
  materialsPaper: tile('materialsPaper', 'certificate-free'),
  certificateFreeItems: tile('certificateFreeItems', 'certificate-free', {
    label: 'materials.freeItems',
    pick: (f) => ({
      value: f.catalog.certificateFreeItems,
      parts: { numerator: f.catalog.certificateFreeItems, denominator: f.catalog.items },
    }),
  }),
  limitCompression: tile('limitCompression', 'timeliness', { label: 'figure.limitCompression' }),
  elderlyAssistedShare: tile('elderlyAssistedShare', 'elderly-nearby'),
  unnecessaryProof: tile('unnecessaryProofComplaints', 'complaints'),
  responseOnTimeRate: tile('responseOnTimeRate', 'complaints'),
  resolutionOnTimeRate: tile('resolutionOnTimeRate', 'complaints'),
  followUpSatisfaction: tile('followUpSatisfaction', 'complaints'),
  evaluations: tile('evaluations', 'complaints'),
  badReviews: tile('badReviews', 'complaints'),
  rectificationRate: tile('rectificationRate', 'complaints'),
  onlineShare: tile('onlineShare', 'elderly-nearby'),
  certificateFreeCaseShare: tile('certificateFreeCaseShare', 'certificate-free'),
  reductionRate: tile('reductionRate', 'certificate-free'),
  paperAvoided: tile('paperAvoided', 'certificate-free'),
  coverage: tile('exemptionCoverage', 'certificate-free', { label: 'figure.coverage' }),
  elderlyShare: tile('elderlyShare', 'elderly-nearby'),
  nearbyShare: tile('nearbyShare', 'elderly-nearby'),
  complaintsReceived: tile('complaintsReceived', 'complaints'),
  satisfactionRate: tile('satisfactionRate', 'complaints'),
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
  return def.label ? t(def.label) : figureLabel(def.figure, locale);
}

export function headlineRows(figures: Figures, t: Translate, locale: Locale, ids: readonly HeadlineId[] = HEADLINE_IDS): HeadlineRow[] {
  const cmp = figures.compare && !('unavailable' in figures.compare) ? figures.compare : undefined;
  return ids.map((id) => {
    const def = HEADLINES[id];
    const kind: ValueKind = FIGURES[def.figure].unit;
    const cur = def.pick(figures);
    const prev = cmp ? def.pick(cmp).value : null;
    const change = changeOf(kind, cur.value, prev);
    const better = figureBetter(def.figure);
    const good =
      better === 'neutral' || change.direction === 'none' || change.direction === 'flat'
        ? null
        : (change.direction === 'up') === (better === 'higher');
    return {
      id,
      label: headlineLabel(id, t, locale),
      kind,
      value: cur.value,
      numerator: cur.parts?.numerator ?? null,
      denominator: cur.parts?.denominator ?? null,
      previous: prev,
      change,
      good,
      page: def.page,
    };
  });
}

export const changeUnits = (t: Translate) => ({ pp: t('unit.pp'), days: t('unit.days') });

/** The table (and CSV) of the headline figures: the numbers exactly as the API gave them. */
export function headlineTable(rows: readonly HeadlineRow[], t: Translate): TableData<HeadlineRow> {
  const columns: Array<Column<HeadlineRow>> = [
    { id: 'figure', label: t('table.figure'), kind: 'text', value: (r) => r.label, rowHeader: true },
    // Rows mix counts, rates and days: the CSV has each value as shown, and its exact value.
    {
      id: 'value',
      label: t('table.value'),
      kind: 'text',
      value: (r) => csvValue(r.kind, r.value) as string | number | null,
      display: (r, locale) => formatValue(r.kind, r.value, locale),
    },
    { id: 'valueExact', label: t('table.exact', { name: t('table.value') }), kind: 'text', value: (r) => r.value, csvOnly: true },
    { id: 'numerator', label: t('table.numerator'), kind: 'count', value: (r) => r.numerator },
    { id: 'denominator', label: t('table.denominator'), kind: 'count', value: (r) => r.denominator },
    {
      id: 'previous',
      label: t('table.previous'),
      kind: 'text',
      value: (r) => csvValue(r.kind, r.previous) as string | number | null,
      display: (r, locale) => formatValue(r.kind, r.previous, locale),
    },
    { id: 'previousExact', label: t('table.exact', { name: t('table.previous') }), kind: 'text', value: (r) => r.previous, csvOnly: true },
    {
      id: 'change',
      label: t('table.change'),
      kind: 'text',
      value: (r) => (r.change.delta === null ? null : Math.round(r.change.delta * 100) / 100),
      display: (r, locale) => formatChange(r.kind, r.change, locale, changeUnits(t)),
    },
  ];
  return { columns, rows, rowKey: (r) => r.id };
}

/** One entry of the overview's work queue (今日待办): a list a supervisor works through, and where it is. */
export interface WorkLink {
  id: 'red' | 'yellow' | 'openComplaints' | 'lateComplaints' | 'unrectified';
  label: string;
  href: string;
}

/**
 * The morning's lists, each one click from the first screen: red and yellow cards (current, any
 * period), complaints not resolved or late and bad reviews not rectified over the last twelve
 * months — within the page's department and region (and the user's scope, which the API applies).
 */
export function workQueue(f: DashboardFilters, today: string, t: Translate, overdueOpen: number | null, locale: Locale): WorkLink[] {
  const keep = filtersToParams({ ...f, period: 'thisMonth' });
  const year = filtersToParams({ ...f, period: 'custom', from: addDays(today, -365), to: today });
  const href = (page: 'timeliness' | 'complaints', base: URLSearchParams, extra: Record<string, string> = {}) =>
    pageHref(page, { ...Object.fromEntries(base), ...extra });
  return [
    {
      id: 'red',
      label: overdueOpen === null ? t('overview.queueRed') : t('overview.queueRedN', { n: formatCount(overdueOpen, locale) }),
      href: href('timeliness', keep),
    },
    { id: 'yellow', label: t('overview.queueYellow'), href: href('timeliness', keep) },
    { id: 'openComplaints', label: t('overview.queueOpenComplaints'), href: href('complaints', year, { cstate: 'open' }) },
    { id: 'lateComplaints', label: t('overview.queueLateComplaints'), href: href('complaints', year, { cstate: 'late' }) },
    { id: 'unrectified', label: t('overview.queueUnrectified'), href: href('complaints', year, { rstate: 'unrectified' }) },
  ];
}
