// 无法判定 Data quality, pure: departments with entities that cannot be judged (most first), the
// department to list (the one chosen, else the one with most), and the list as a table whose
// rows link a case to its page.
import type { TableData } from '../../components/charts/table-data';
import type { Translate } from '../../i18n/i18n';
import type { Locale } from '../../i18n/messages';
import type { Problem, Quality } from './fetch-quality';

export type QualityRow = Quality['departments'][number];

export function qualityRows(q: Quality, name: (code: string, fallback: string) => string): QualityRow[] {
  return q.departments
    .filter((d) => d.cannotJudge > 0)
    .map((d) => ({ ...d, name: name(d.department, d.name) }))
    .sort((a, b) => b.cannotJudge - a.cannotJudge || a.name.localeCompare(b.name, 'zh-CN'));
}

/** The department whose list is shown: the filter's, else the one with the most problems. */
export function listedDepartment(rows: readonly QualityRow[], chosen: string | undefined): string | undefined {
  return chosen ?? rows[0]?.department;
}

export function qualityTable(rows: readonly QualityRow[], t: Translate): TableData<QualityRow> {
  return {
    columns: [
      { id: 'name', label: t('quality.department'), kind: 'text', value: (r) => r.name, rowHeader: true },
      { id: 'code', label: t('table.code'), kind: 'text', value: (r) => r.department },
      { id: 'count', label: t('quality.count'), kind: 'count', value: (r) => r.cannotJudge },
    ],
    rows,
    rowKey: (r) => r.department,
  };
}

export function problemTable(rows: readonly Problem[], t: Translate, locale: Locale, caseHref: (id: string) => string): TableData<Problem> {
  const zh = locale === 'zh-CN';
  return {
    columns: [
      {
        id: 'id',
        label: t('quality.id'),
        kind: 'text',
        value: (r) => r.id,
        rowHeader: true,
        href: (r) => (r.kind === 'case' ? caseHref(r.id) : undefined),
      },
      { id: 'kind', label: t('quality.kind'), kind: 'text', value: (r) => t(`quality.kind.${r.kind}`) },
      {
        id: 'reason',
        label: t('quality.reason'),
        kind: 'text',
        wrap: true,
        value: (r) => `${zh ? r.messageZh : r.message}（${r.reason}）`,
      },
      { id: 'records', label: t('quality.records'), kind: 'text', wrap: true, value: (r) => r.recordIds.join(', ') },
      { id: 'action', label: t('quality.action'), kind: 'text', wrap: true, value: (r) => (zh ? r.actionZh : r.action) },
      { id: 'lastAt', label: t('feeds.lastReceivedAt'), kind: 'instant', value: (r) => r.lastAt },
    ],
    rows,
    rowKey: (r) => `${r.kind}/${r.id}`,
  };
}
