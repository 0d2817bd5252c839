// 数据接入 Data feeds, pure: one row per department (records received, refused by rule, voids,
// time since the last record, stale feeds first and marked in words), the daily totals (weekly
// over long periods, so no chart has more than ~500 bars), and refusals by rule.
import type { Column, TableData } from '../../components/charts/table-data';
import { elapsedSince, formatInstant } from '../../format/format';
import type { Translate } from '../../i18n/i18n';
import type { Locale, MessageKey } from '../../i18n/messages';
import type { FeedDepartment, Feeds } from './fetch-feeds';

/** Rule codes of refused records with a label; other codes are shown as they are. */
export const RULE_LABEL: Record<string, MessageKey> = {
  required: 'rule.required',
  unknown_field: 'rule.unknown_field',
  not_one_of: 'rule.not_one_of',
  wrong_type: 'rule.wrong_type',
  outside_city: 'rule.outside_city',
  instant_format: 'rule.instant_format',
  region_code_format: 'rule.region_code_format',
  id_format: 'rule.id_format',
  in_future: 'rule.in_future',
  unknown_type: 'rule.unknown_type',
};

export function ruleLabel(code: string, t: Translate): string {
  const key = RULE_LABEL[code];
  return key ? `${t(key)}（${code}）` : code;
}

export interface FeedRow extends FeedDepartment {
  since: string;
  rejectedText: string;
}

export function feedRows(feeds: Feeds, nowMs: number, t: Translate, name: (code: string, fallback: string) => string): FeedRow[] {
  return feeds.departments
    .map((d) => {
      const e = elapsedSince(d.lastReceivedAt, nowMs);
      const since = !e
        ? t('feeds.never')
        : t(e.unit === 'minutes' ? 'feeds.minutesAgo' : e.unit === 'hours' ? 'feeds.hoursAgo' : 'feeds.daysAgo', { n: e.n });
      const rejectedText = Object.entries(d.rejectedBy)
        .sort((a, b) => b[1] - a[1])
        .map(([code, n]) => `${ruleLabel(code, t)} ${n}`)
        .join('；');
      return { ...d, name: name(d.department, d.name), since, rejectedText };
    })
    .sort((a, b) => Number(b.stale) - Number(a.stale) || a.name.localeCompare(b.name, 'zh-CN'));
}

export function feedTable(rows: readonly FeedRow[], t: Translate, staleAfterDays: number, locale: Locale = 'zh-CN'): TableData<FeedRow> {
  const columns: Array<Column<FeedRow>> = [
    {
      id: 'department',
      label: t('filters.department'),
      kind: 'text',
      value: (r) => r.name,
      rowHeader: true,
      wrap: true,
      secondary: (r) => r.department,
    },
    { id: 'code', label: t('table.code'), kind: 'text', value: (r) => r.department, csvOnly: true },
    {
      id: 'status',
      label: t('feeds.status'),
      kind: 'text',
      value: (r) => (r.stale ? t('feeds.stale', { n: staleAfterDays }) : t('feeds.ok')),
      badge: (r) => (r.stale ? 'badge-red' : 'badge-ok'),
    },
    { id: 'accepted', label: t('feeds.accepted'), kind: 'count', value: (r) => r.accepted },
    { id: 'duplicate', label: t('feeds.duplicate'), kind: 'count', value: (r) => r.duplicate },
    { id: 'conflict', label: t('feeds.conflict'), kind: 'count', value: (r) => r.conflict },
    { id: 'rejected', label: t('feeds.rejected'), kind: 'count', value: (r) => r.rejected },
    { id: 'rejectedBy', label: t('feeds.rejectedBy'), kind: 'text', value: (r) => r.rejectedText, wrap: true },
    { id: 'voids', label: t('feeds.voids'), kind: 'count', value: (r) => r.voids },
    { id: 'unknownItem', label: t('feeds.unknownItem'), kind: 'count', value: (r) => r.unknownItem },
    // On screen "1 分钟前" with the time under it; the CSV keeps both columns.
    { id: 'lastReceivedAt', label: t('feeds.lastReceivedAt'), kind: 'instant', value: (r) => r.lastReceivedAt, csvOnly: true },
    {
      id: 'since',
      label: t('feeds.since'),
      kind: 'text',
      value: (r) => r.since,
      secondary: (r) => (r.lastReceivedAt ? formatInstant(r.lastReceivedAt, locale) : undefined),
    },
  ];
  return { columns, rows, rowKey: (r) => r.department };
}

export interface DayTotal {
  from: string;
  to: string;
  label: string;
  accepted: number;
  refused: number;
}

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Records accepted and refused (rejected, conflict, forbidden) per day, or per week beyond 92 days. */
export function dailyTotals(feeds: Feeds, shortDate: (iso: string) => string): DayTotal[] {
  const byDay = new Map<string, { accepted: number; refused: number }>();
  for (const d of feeds.departments) {
    for (const x of d.days ?? []) {
      const cur = byDay.get(x.day) ?? { accepted: 0, refused: 0 };
      cur.accepted += x.accepted;
      cur.refused += x.rejected + x.conflict + x.forbidden;
      byDay.set(x.day, cur);
    }
  }
  const span = Math.round((Date.parse(`${feeds.to}T00:00:00Z`) - Date.parse(`${feeds.from}T00:00:00Z`)) / 86_400_000) + 1;
  const step = span > 92 ? 7 : 1;
  const out: DayTotal[] = [];
  for (let d = feeds.from; d <= feeds.to; d = addDays(d, step)) {
    const stepEnd = addDays(d, step - 1);
    const end = step === 1 ? d : stepEnd > feeds.to ? feeds.to : stepEnd;
    const row: DayTotal = { from: d, to: end, label: shortDate(d), accepted: 0, refused: 0 };
    for (let x = d; x <= end; x = addDays(x, 1)) {
      const v = byDay.get(x);
      if (v) {
        row.accepted += v.accepted;
        row.refused += v.refused;
      }
    }
    out.push(row);
  }
  return out;
}

export function dailyTable(rows: readonly DayTotal[], t: Translate): TableData<DayTotal> {
  return {
    columns: [
      { id: 'from', label: t('table.periodFrom'), kind: 'date', value: (r) => r.from, rowHeader: true },
      { id: 'to', label: t('table.periodTo'), kind: 'date', value: (r) => r.to },
      { id: 'accepted', label: t('feeds.accepted'), kind: 'count', value: (r) => r.accepted },
      { id: 'refused', label: t('feeds.refused'), kind: 'count', value: (r) => r.refused },
    ],
    rows,
    rowKey: (r) => r.from,
  };
}

export interface RuleRow {
  code: string;
  label: string;
  count: number;
}

export function refusalsByRule(feeds: Feeds, t: Translate): RuleRow[] {
  const sum = new Map<string, number>();
  for (const d of feeds.departments) for (const [code, n] of Object.entries(d.rejectedBy)) sum.set(code, (sum.get(code) ?? 0) + n);
  return [...sum]
    .map(([code, count]) => ({ code, label: ruleLabel(code, t), count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

export function ruleTable(rows: readonly RuleRow[], t: Translate): TableData<RuleRow> {
  return {
    columns: [
      { id: 'rule', label: t('feeds.rule'), kind: 'text', value: (r) => r.label, rowHeader: true },
      { id: 'code', label: t('table.code'), kind: 'text', value: (r) => r.code },
      { id: 'count', label: t('feeds.rejected'), kind: 'count', value: (r) => r.count },
    ],
    rows,
    rowKey: (r) => r.code,
  };
}
