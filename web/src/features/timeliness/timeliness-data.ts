// 办件时效 Timeliness, pure: the on-time ranking (with counts, small samples not ranked above big
// ones), processing time per department (p50/p90), and the red/yellow warning lists as tables.
import type { Column, TableData } from '../../components/charts/table-data';
import { formatCount, formatRate } from '../../format/format';
import type { Translate } from '../../i18n/i18n';
import type { Locale } from '../../i18n/messages';
import { CASE_STATUS_LABEL, WARNING_LABEL } from '../../i18n/domain-labels';
import type { Breakdown, BreakdownRow, WarningCase } from '../dashboard/fetch-figures';
import type { ProcessingHistogram } from './fetch-timeliness';
import { rankRows, type RankedRow } from '../dashboard/series-data';

/**
 * The report settings' default minimum of completed cases to be ranked; the API sends the one in
 * force with every on-time breakdown (`ranking.minVolume`), so dashboard and report rank alike.
 */
export const DEFAULT_MIN_RANKED_COMPLETED = 30;

export interface RankingRow extends RankedRow {
  /** The bar's text: rate and counts, e.g. "95.2%（1,234 / 1,300）". */
  barText: string;
  /** The only unit at the minimum: listed first but not ranked (a ranking needs two). */
  sole: boolean;
  minVolume: number;
}

/** The minimum the API ranked a breakdown with (the report settings'). */
export const rankingMinimum = (b: Pick<Breakdown, 'ranking'> | undefined | null) => b?.ranking?.minVolume ?? DEFAULT_MIN_RANKED_COMPLETED;

/** On-time rate ranked best first, with the API's ranks (its minimum and rule) where it sent them. */
export function onTimeRanking(
  b: Pick<Breakdown, 'rows' | 'ranking'>,
  name: (key: string) => string,
  t: Translate,
  locale: Locale,
): RankingRow[] {
  const min = rankingMinimum(b);
  const api = new Map(b.rows.map((r) => [r.key, r]));
  return rankRows(
    b.rows.map((r) => ({ ...r, label: name(r.key) })),
    { minDenominator: min },
  ).map((r) => {
    const given = api.get(r.key);
    const sole = given?.rankStatus === 'sole_eligible';
    const rank = given?.rank !== undefined ? given.rank : r.rank;
    return {
      ...r,
      rank,
      sole,
      minVolume: min,
      barText: `${formatRate(r.value, locale)}（${formatCount(r.numerator ?? 0, locale)}/${formatCount(r.denominator ?? 0, locale)}）${r.smallSample ? ` ${t('ranking.smallSample')}` : ''}`,
    };
  });
}

export function rankingTable(rows: readonly RankingRow[], t: Translate, nameLabel: string): TableData<RankingRow> {
  const columns: Array<Column<RankingRow>> = [
    { id: 'rank', label: t('ranking.rank'), kind: 'count', value: (r) => r.rank },
    { id: 'name', label: nameLabel, kind: 'text', value: (r) => r.label, rowHeader: true },
    { id: 'code', label: t('table.code'), kind: 'text', value: (r) => r.key },
    { id: 'rate', label: t('ranking.onTimeRate'), kind: 'rate', value: (r) => r.value },
    { id: 'onTime', label: t('ranking.onTime'), kind: 'count', value: (r) => r.numerator ?? null },
    { id: 'completed', label: t('ranking.completed'), kind: 'count', value: (r) => r.denominator ?? null },
    {
      id: 'note',
      label: t('table.note'),
      kind: 'text',
      value: (r) =>
        r.smallSample
          ? t('ranking.smallSampleNote', { n: r.minVolume })
          : r.sole
            ? t('ranking.soleNote', { n: r.minVolume })
            : r.value === null
              ? t('ranking.noCompleted')
              : '',
    },
  ];
  return { columns, rows, rowKey: (r) => r.key };
}

export interface ProcessingRow {
  key: string;
  label: string;
  p50: number | null;
  p90: number | null;
}

/** p50 and p90 per department, slowest p90 first; departments without completed cases left out. */
export function processingByDepartment(
  p50: readonly BreakdownRow[],
  p90: readonly BreakdownRow[],
  name: (key: string) => string,
): ProcessingRow[] {
  const p90By = new Map(p90.map((r) => [r.key, r.value]));
  return p50
    .map((r) => ({ key: r.key, label: name(r.key), p50: r.value, p90: p90By.get(r.key) ?? null }))
    .filter((r) => r.p50 !== null || r.p90 !== null)
    .sort((a, b) => (b.p90 ?? -1) - (a.p90 ?? -1) || a.label.localeCompare(b.label));
}

export function processingTable(rows: readonly ProcessingRow[], t: Translate): TableData<ProcessingRow> {
  return {
    columns: [
      { id: 'name', label: t('filters.department'), kind: 'text', value: (r) => r.label, rowHeader: true, wrap: true },
      { id: 'code', label: t('table.code'), kind: 'text', value: (r) => r.key, csvOnly: true },
      { id: 'p50', label: t('timeliness.p50'), kind: 'days', value: (r) => r.p50 },
      { id: 'p90', label: t('timeliness.p90'), kind: 'days', value: (r) => r.p90 },
    ],
    rows,
    rowKey: (r) => r.key,
  };
}

/** `itemNamesLoaded`: false while the catalog's names are on their way (the name cell waits, not showing the code twice). */
export interface WarningRow extends WarningCase {
  deptName: string;
  regionName: string;
  itemName: string | undefined;
  itemNamesLoaded?: boolean;
  href: string;
}

export function warningTable(rows: readonly WarningRow[], t: Translate): TableData<WarningRow> {
  const columns: Array<Column<WarningRow>> = [
    {
      id: 'warning',
      label: t('warnings.level'),
      kind: 'text',
      value: (r) => t(WARNING_LABEL[r.warning]),
      badge: (r) => `badge-${r.warning}`,
    },
    { id: 'caseId', label: t('warnings.caseId'), kind: 'text', value: (r) => r.caseId, href: (r) => r.href, rowHeader: true },
    { id: 'department', label: t('filters.department'), kind: 'text', value: (r) => r.deptName, wrap: true },
    {
      id: 'item',
      label: t('filters.item'),
      kind: 'text',
      value: (r) => r.itemName ?? (r.itemNamesLoaded ? r.itemCode : null),
      wrap: true,
      secondary: (r) => r.itemCode,
    },
    { id: 'itemCode', label: t('materials.itemCode'), kind: 'text', value: (r) => r.itemCode, csvOnly: true },
    { id: 'region', label: t('warnings.region'), kind: 'text', value: (r) => r.regionName },
    // Accepted on: in the CSV and on the case page; on screen the deadline and the days past it act.
    { id: 'acceptedOn', label: t('warnings.acceptedOn'), kind: 'date', value: (r) => r.acceptedOn, csvOnly: true },
    { id: 'deadline', label: t('warnings.deadline'), kind: 'date', value: (r) => r.deadline },
    { id: 'daysOverdue', label: t('warnings.daysOverdue'), kind: 'count', value: (r) => r.daysOverdue },
    { id: 'elapsed', label: t('warnings.elapsed'), kind: 'text', value: (r) => `${r.elapsedWorkingDays}/${r.limitDays}` },
    {
      id: 'status',
      label: t('warnings.status'),
      kind: 'text',
      value: (r) => (r.status in CASE_STATUS_LABEL ? t(CASE_STATUS_LABEL[r.status as keyof typeof CASE_STATUS_LABEL]) : r.status),
    },
  ];
  return { columns, rows, rowKey: (r) => `${r.department}/${r.caseId}` };
}

export interface HistogramRow {
  key: string;
  label: string;
  count: number;
  share: number | null;
}

/** The histogram's bins as bars: "0（即办）", "≤ 0.5", "0.5–1" … "> 40" working days, with each bin's share. */
export function histogramRows(h: ProcessingHistogram, t: Translate, locale: Locale): HistogramRow[] {
  const n = (v: number) => new Intl.NumberFormat(locale).format(v);
  return h.bins
    .map((b, i) => ({
      key: `${b.from}-${b.to ?? ''}`,
      label: b.to === null ? `> ${n(b.from)}` : i === 0 ? `≤ ${n(b.to)}` : `${n(b.from)}–${n(b.to)}`,
      count: b.count,
      share: h.total ? b.count / h.total : null,
    }))
    .map((r) => ({ ...r, label: t('timeliness.histogramBin', { range: r.label }) }));
}

export function histogramTable(rows: readonly HistogramRow[], t: Translate): TableData<HistogramRow> {
  return {
    columns: [
      { id: 'bin', label: t('timeliness.histogramRange'), kind: 'text', value: (r) => r.label, rowHeader: true },
      { id: 'count', label: t('ranking.completed'), kind: 'count', value: (r) => r.count },
      { id: 'share', label: t('complaints.share'), kind: 'rate', value: (r) => r.share },
    ],
    rows,
    rowKey: (r) => r.key,
  };
}
