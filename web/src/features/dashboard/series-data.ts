// Series (趋势) and breakdowns (排名) shaped for charts and tables. Pure.
import type { MetricId } from '../../../../shared/figures/metrics';
import { formatCount, formatDate, formatMonth, formatShortDate } from '../../format/format';
import type { Locale } from '../../i18n/messages';
import type { Column, TableData } from '../../components/charts/table-data';
import type { Translate } from '../../i18n/i18n';
import type { BreakdownRow, Series } from './fetch-figures';
import { metricKind, metricLabel } from './metric-format';

export interface SeriesRow {
  from: string;
  to: string;
  /** Axis label of the bucket. */
  label: string;
  /** Set on the last bucket when the period ends before it does ("截至 12月6日"). */
  partialNote?: string;
  [metric: string]: string | number | null | undefined;
}

/** The label of one bucket: a day, the first day of a week, or a month. */
export function bucketLabel(from: string, interval: Series['interval'], locale: Locale): string {
  return interval === 'month' ? formatMonth(from, locale) : formatShortDate(from, locale);
}

/**
 * Several series of the same buckets merged into rows keyed by bucket: { from, to, label, <metric>,
 * <metric>_n, <metric>_d }. Series are matched by bucket start, so a missing bucket stays null.
 */
export function mergeSeries(list: readonly Series[], locale: Locale): SeriesRow[] {
  const first = list[0];
  if (!first) return [];
  const rows = new Map<string, SeriesRow>();
  for (const p of first.points) rows.set(p.from, { from: p.from, to: p.to, label: bucketLabel(p.from, first.interval, locale) });
  for (const s of list) {
    for (const p of s.points) {
      const row = rows.get(p.from);
      if (!row) continue;
      row[s.metric] = p.value;
      if (p.denominator !== undefined) {
        row[`${s.metric}_n`] = p.numerator ?? null;
        row[`${s.metric}_d`] = p.denominator;
      }
    }
  }
  const out = [...rows.values()];
  // The last bucket cut short by the period's end (this month on the 6th, a half week) is marked,
  // so a partial month does not read as a collapse: "截至 12月6日".
  const last = out.at(-1);
  if (last && last.to < bucketEnd(last.from, first.interval))
    last.partialNote =
      locale === 'en' ? `to ${formatShortDate(last.to, locale)}` : `截至 ${Number(last.to.slice(5, 7))}月${Number(last.to.slice(8, 10))}日`;
  return out;
}

/** The last day of the whole bucket that starts on `from`: the day, its week's Sunday, or its month's end. */
export function bucketEnd(from: string, interval: Series['interval']): string {
  const d = new Date(`${from}T00:00:00Z`);
  if (interval === 'day') return from;
  if (interval === 'week') {
    const dow = d.getUTCDay();
    d.setUTCDate(d.getUTCDate() + (dow === 0 ? 0 : 7 - dow));
    return d.toISOString().slice(0, 10);
  }
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
}

/** The table of merged series: period from/to, then each metric (with numerator and denominator for rates). */
export function seriesTable(rows: readonly SeriesRow[], metrics: readonly MetricId[], t: Translate, locale: Locale): TableData<SeriesRow> {
  const cols: Array<Column<SeriesRow>> = [
    // On screen a bucket is its first day with its last under it, and a rate has its counts under
    // it ("30/31"), so a table of four rates fits a card; the CSV keeps every column.
    {
      id: 'from',
      label: t('table.periodFrom'),
      kind: 'date',
      value: (r) => r.from,
      rowHeader: true,
      secondary: (r) => (r.to !== r.from ? `– ${formatDate(r.to, locale)}` : undefined),
    },
    { id: 'to', label: t('table.periodTo'), kind: 'date', value: (r) => r.to, csvOnly: true },
  ];
  for (const m of metrics) {
    const rate = metricKind(m) === 'rate';
    cols.push({
      id: m,
      label: metricLabel(m, locale),
      kind: metricKind(m),
      value: (r) => num(r[m]),
      ...(rate
        ? {
            secondary: (r: SeriesRow) =>
              num(r[`${m}_d`]) ? `${formatCount(num(r[`${m}_n`]), locale)}/${formatCount(num(r[`${m}_d`]), locale)}` : undefined,
          }
        : {}),
    });
    if (rate) {
      cols.push({
        id: `${m}_n`,
        label: t('table.numeratorOf', { name: metricLabel(m, locale) }),
        kind: 'count',
        value: (r) => num(r[`${m}_n`]),
        csvOnly: true,
      });
      cols.push({
        id: `${m}_d`,
        label: t('table.denominatorOf', { name: metricLabel(m, locale) }),
        kind: 'count',
        value: (r) => num(r[`${m}_d`]),
        csvOnly: true,
      });
    }
  }
  return { columns: cols, rows, rowKey: (r) => r.from };
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export interface RankedRow extends BreakdownRow {
  rank: number | null;
  /** Fewer cases than the minimum: listed after the ranked rows, not ranked. */
  smallSample: boolean;
  display: string;
}

/**
 * Ranks a rate breakdown best first, so a department with 3 cases is never ranked above one with
 * 3,000 without it showing: rows whose denominator is under `minDenominator` are listed after the
 * ranked ones (marked small sample), rows without a denominator (rate "—") last. Ties keep the
 * larger denominator first. `better: 'lower'` ranks ascending (e.g. processing time).
 */
export function rankRows(rows: readonly BreakdownRow[], opts: { minDenominator: number; better?: 'higher' | 'lower' }): RankedRow[] {
  const dir = opts.better === 'lower' ? 1 : -1;
  const withValue = rows.filter((r) => r.value !== null);
  const big = withValue.filter((r) => (r.denominator ?? Infinity) >= opts.minDenominator);
  const small = withValue.filter((r) => (r.denominator ?? Infinity) < opts.minDenominator);
  const none = rows.filter((r) => r.value === null);
  const order = (a: BreakdownRow, b: BreakdownRow) =>
    dir * ((a.value ?? 0) - (b.value ?? 0)) || (b.denominator ?? 0) - (a.denominator ?? 0) || a.label.localeCompare(b.label);
  return [
    ...big.sort(order).map((r, i) => ({ ...r, rank: i + 1, smallSample: false, display: r.label })),
    ...small.sort(order).map((r) => ({ ...r, rank: null, smallSample: true, display: r.label })),
    ...none.sort((a, b) => a.label.localeCompare(b.label)).map((r) => ({ ...r, rank: null, smallSample: false, display: r.label })),
  ];
}

/** Joins breakdowns of several metrics by row key: { key, label, <metric>, <metric>_n, <metric>_d }. */
export function joinBreakdowns(
  list: ReadonlyArray<{ metric: MetricId; rows: readonly BreakdownRow[] }>,
): Array<Record<string, string | number | null>> {
  const out = new Map<string, Record<string, string | number | null>>();
  for (const b of list) {
    for (const r of b.rows) {
      const row = out.get(r.key) ?? { key: r.key, label: r.label };
      row[b.metric] = r.value;
      if (r.denominator !== undefined) {
        row[`${b.metric}_n`] = r.numerator ?? null;
        row[`${b.metric}_d`] = r.denominator;
      }
      out.set(r.key, row);
    }
  }
  return [...out.values()];
}
