// 适老化、帮办代办与就近办 Elderly, proxy and nearby, pure: per channel the volume, the elderly
// share and the share of the elderly who were helped (帮办代办); volumes by handling level with
// the nearby levels marked; delegated items per level; the same shares per district.
import { LEVELS, type Level } from '../../../../shared/enums';
import { NEARBY_LEVELS } from '../../../../shared/figures/dimensions';
import type { MetricId } from '../../../../shared/figures/metrics';
import type { Column, TableData } from '../../components/charts/table-data';
import type { Translate } from '../../i18n/i18n';
import type { Locale } from '../../i18n/messages';
import { CHANNEL_LABEL, LEVEL_LABEL } from '../../i18n/domain-labels';
import type { Breakdown, CatalogFigures } from '../dashboard/fetch-figures';
import { metricKind, metricLabel } from '../dashboard/metric-format';
import { joinBreakdowns } from '../dashboard/series-data';

export type JoinedRow = Record<string, string | number | null> & { key: string; label: string };

/**
 * Breakdowns of several metrics joined per row, labelled (channel or level names, district names).
 * Rows where every metric is empty (a district without cases: all rates "—") are left out.
 */
export function joinedRows(list: readonly Breakdown[], name: (key: string) => string): JoinedRow[] {
  const metrics = list.map((b) => b.metric);
  return joinBreakdowns(list)
    .filter((r) => metrics.some((m) => r[m] !== null && r[m] !== undefined))
    .map((r) => ({ ...r, key: String(r.key), label: name(String(r.key)) }));
}

/** Rows sorted by one numeric field, largest first (e.g. departments by complaints received). */
export function sortByDesc(rows: readonly JoinedRow[], field: string): JoinedRow[] {
  return [...rows].sort((a, b) => Number(b[field] ?? -1) - Number(a[field] ?? -1) || a.label.localeCompare(b.label));
}

export function channelName(t: Translate) {
  return (k: string) => (k in CHANNEL_LABEL ? t(CHANNEL_LABEL[k as keyof typeof CHANNEL_LABEL]) : k);
}

export function levelLabel(t: Translate) {
  return (k: string) => {
    const name = k in LEVEL_LABEL ? t(LEVEL_LABEL[k as Level]) : k;
    return NEARBY_LEVELS.has(k as Level) ? `${name}（${t('elderly.nearbyMark')}）` : name;
  };
}

/** 就近办: handled at town, street, village or community level. */
export const isNearbyLevel = (key: string) => NEARBY_LEVELS.has(key as Level);

/** Levels in their natural order, city → community (the API lists them so, but do not rely on it). */
export function byLevelOrder(rows: readonly JoinedRow[]): JoinedRow[] {
  return [...rows].sort((a, b) => LEVELS.indexOf(a.key as Level) - LEVELS.indexOf(b.key as Level));
}

export function joinedTable(
  rows: readonly JoinedRow[],
  metrics: readonly MetricId[],
  t: Translate,
  locale: Locale,
  nameLabel: string,
): TableData<JoinedRow> {
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  const columns: Array<Column<JoinedRow>> = [{ id: 'name', label: nameLabel, kind: 'text', value: (r) => r.label, rowHeader: true }];
  for (const m of metrics) {
    columns.push({ id: m, label: metricLabel(m, locale), kind: metricKind(m), value: (r) => num(r[m]) });
    if (metricKind(m) === 'rate') {
      columns.push({
        id: `${m}_n`,
        label: t('table.numeratorOf', { name: metricLabel(m, locale) }),
        kind: 'count',
        value: (r) => num(r[`${m}_n`]),
      });
      columns.push({
        id: `${m}_d`,
        label: t('table.denominatorOf', { name: metricLabel(m, locale) }),
        kind: 'count',
        value: (r) => num(r[`${m}_d`]),
      });
    }
  }
  return { columns, rows, rowKey: (r) => r.key };
}

export interface DelegatedRow {
  key: Level;
  label: string;
  items: number;
  nearby: boolean;
}

/** 下沉事项: catalog items handleable at each level. */
export function delegatedRows(c: CatalogFigures, t: Translate): DelegatedRow[] {
  const label = levelLabel(t);
  return LEVELS.map((l) => ({ key: l, label: label(l), items: c.delegated[l] ?? 0, nearby: NEARBY_LEVELS.has(l) }));
}

export function delegatedTable(rows: readonly DelegatedRow[], t: Translate): TableData<DelegatedRow> {
  return {
    columns: [
      { id: 'level', label: t('filters.level'), kind: 'text', value: (r) => r.label, rowHeader: true },
      { id: 'items', label: t('elderly.delegatedItems'), kind: 'count', value: (r) => r.items },
    ],
    rows,
    rowKey: (r) => r.key,
  };
}
