// 投诉与好差评 Complaints and evaluations, pure: volume by category with "asked for an unnecessary
// proof" marked on its own, follow-up rates and bad reviews per department, and the complaint and
// bad-review lists with a link to each one's case.
import { COMPLAINT_CATEGORIES } from '../../../../shared/contract/enums';
import type { Column, TableData } from '../../components/charts/table-data';
import type { Translate } from '../../i18n/i18n';
import { CATEGORY_LABEL, CHANNEL_LABEL } from '../../i18n/domain-labels';
import type { ComplaintFigures } from '../dashboard/fetch-figures';
import type { ComplaintListItem, EvaluationListItem } from './fetch-complaints';

export interface CategoryRow { key: string; label: string; count: number; share: number | null; flagged: boolean }

/** Complaints per category in the contract's order; 要求提供不必要证明 flagged (in its label too). */
export function categoryRows(c: ComplaintFigures, t: Translate): CategoryRow[] {
  return COMPLAINT_CATEGORIES.map((k) => {
    const count = c.byCategory[k] ?? 0;
    const flagged = k === 'unnecessary_proof';
    return { key: k, label: `${flagged ? '★ ' : ''}${t(CATEGORY_LABEL[k])}`, count, share: c.received === 0 ? null : count / c.received, flagged };
  });
}

export function categoryTable(rows: readonly CategoryRow[], t: Translate): TableData<CategoryRow> {
  return {
    columns: [
      { id: 'category', label: t('complaints.category'), kind: 'text', value: (r) => r.label, rowHeader: true },
      { id: 'count', label: t('complaints.count'), kind: 'count', value: (r) => r.count },
      { id: 'share', label: t('complaints.share'), kind: 'rate', value: (r) => r.share },
      { id: 'note', label: t('table.note'), kind: 'text', value: (r) => (r.flagged ? t('complaints.flaggedNote') : '') },
    ],
    rows, rowKey: (r) => r.key,
  };
}

type CaseLink = (department: string, caseId: string) => string;
const has = <K extends string>(o: Record<K, unknown>, k: string): k is K => k in o;

export function complaintTable(rows: readonly ComplaintListItem[], t: Translate, deptName: (c: string) => string, caseHref: CaseLink): TableData<ComplaintListItem> {
  const columns: Array<Column<ComplaintListItem>> = [
    { id: 'receivedAt', label: t('complaints.receivedAt'), kind: 'instant', value: (r) => r.receivedAt },
    { id: 'id', label: t('complaints.id'), kind: 'text', value: (r) => r.complaintId, rowHeader: true },
    { id: 'category', label: t('complaints.category'), kind: 'text', value: (r) => (has(CATEGORY_LABEL, r.category) ? t(CATEGORY_LABEL[r.category]) : r.category) },
    { id: 'channel', label: t('filters.channel'), kind: 'text', value: (r) => (has(CHANNEL_LABEL, r.channel) ? t(CHANNEL_LABEL[r.channel]) : r.channel) },
    { id: 'department', label: t('filters.department'), kind: 'text', value: (r) => deptName(r.department) },
    { id: 'resolvedAt', label: t('complaints.resolvedAt'), kind: 'instant', value: (r) => r.resolvedAt ?? null },
    { id: 'late', label: t('complaints.late'), kind: 'text', value: (r) => (r.late ? t('common.yes') : r.late === false ? t('common.no') : null), badge: (r) => (r.late ? 'badge-red' : undefined) },
    { id: 'case', label: t('complaints.case'), kind: 'text', value: (r) => r.caseId ?? null, href: (r) => (r.caseId ? caseHref(r.department, r.caseId) : undefined) },
  ];
  return { columns, rows, rowKey: (r) => `${r.department}/${r.complaintId}` };
}

export function badReviewTable(rows: readonly EvaluationListItem[], t: Translate, deptName: (c: string) => string, caseHref: CaseLink): TableData<EvaluationListItem> {
  const columns: Array<Column<EvaluationListItem>> = [
    { id: 'submittedAt', label: t('complaints.submittedAt'), kind: 'instant', value: (r) => r.submittedAt },
    { id: 'id', label: t('complaints.evaluationId'), kind: 'text', value: (r) => r.evaluationId, rowHeader: true },
    { id: 'score', label: t('complaints.score'), kind: 'count', value: (r) => r.score },
    { id: 'department', label: t('filters.department'), kind: 'text', value: (r) => deptName(r.department) },
    { id: 'item', label: t('filters.item'), kind: 'text', value: (r) => r.itemCode },
    { id: 'rectifiedAt', label: t('complaints.rectifiedAt'), kind: 'instant', value: (r) => r.rectifiedAt ?? null },
    { id: 'case', label: t('complaints.case'), kind: 'text', value: (r) => r.caseId ?? null, href: (r) => (r.caseId ? caseHref(r.department, r.caseId) : undefined) },
  ];
  return { columns, rows, rowKey: (r) => `${r.department}/${r.evaluationId}` };
}
