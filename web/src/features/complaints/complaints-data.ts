// 投诉与好差评 Complaints and evaluations, pure: volume by category with "asked for an unnecessary
// proof" marked on its own, follow-up rates and bad reviews per department, the complaint and
// bad-review work lists (each row opens its complaint or review, and its case), and one
// complaint's or review's facts and records.
import { COMPLAINT_CATEGORIES } from '../../../../shared/enums';
import type { Column, TableData } from '../../components/charts/table-data';
import type { Translate } from '../../i18n/i18n';
import { CATEGORY_LABEL, RECORD_TYPE_LABEL, SATISFACTION_LABEL } from '../../i18n/domain-labels';
import type { Locale } from '../../i18n/messages';
import { DASH, formatDate, formatInstant } from '../../format/format';
import type { ComplaintFigures } from '../dashboard/fetch-figures';
import type { ComplaintListItem, EvaluationListItem, FeedbackEvent } from './fetch-complaints';

export interface CategoryRow {
  key: string;
  label: string;
  count: number;
  share: number | null;
  flagged: boolean;
}

/** Complaints per category in the contract's order; 要求提供不必要证明 flagged (in its label too). */
export function categoryRows(c: ComplaintFigures, t: Translate): CategoryRow[] {
  return COMPLAINT_CATEGORIES.map((k) => {
    const count = c.byCategory[k] ?? 0;
    const flagged = k === 'unnecessary_proof';
    return {
      key: k,
      label: `${flagged ? '★ ' : ''}${t(CATEGORY_LABEL[k])}`,
      count,
      share: c.received === 0 ? null : count / c.received,
      flagged,
    };
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
    rows,
    rowKey: (r) => r.key,
  };
}

type Link = (department: string, id: string) => string;
const has = <K extends string>(o: Record<K, unknown>, k: string): k is K => k in o;
const categoryText = (c: string, t: Translate) => (has(CATEGORY_LABEL, c) ? t(CATEGORY_LABEL[c]) : c);

/** Where a complaint stands, in words: resolved, in progress or reopened. */
export function complaintStatusText(r: Pick<ComplaintListItem, 'open' | 'reopened'>, t: Translate): string {
  return !r.open ? t('complaints.statusResolved') : r.reopened ? t('complaints.statusReopened') : t('complaints.statusOpen');
}

/** What is late about a complaint (as of today), or null when nothing is. */
export function complaintLateText(r: Pick<ComplaintListItem, 'responseLate' | 'resolutionLate'>, t: Translate): string | null {
  if (r.responseLate && r.resolutionLate) return t('complaints.lateBoth');
  if (r.responseLate) return t('complaints.lateResponse');
  if (r.resolutionLate) return t('complaints.lateResolution');
  return null;
}

/** A bad review's rectification in words: rectified (late or not), not rectified (late or not yet due). */
export function rectificationText(r: Pick<EvaluationListItem, 'bad' | 'rectifiedAt' | 'rectificationLate'>, t: Translate): string | null {
  if (!r.bad) return null;
  if (r.rectifiedAt) return r.rectificationLate ? t('complaints.rectifiedLate') : t('complaints.rectified');
  return r.rectificationLate ? t('complaints.unrectifiedLate') : t('complaints.unrectified');
}

export function complaintTable(
  rows: readonly ComplaintListItem[],
  t: Translate,
  deptName: (c: string) => string,
  complaintHref: Link,
  caseHref: Link,
): TableData<ComplaintListItem> {
  const columns: Array<Column<ComplaintListItem>> = [
    { id: 'receivedOn', label: t('complaints.receivedAt'), kind: 'date', value: (r) => r.receivedOn },
    {
      id: 'id',
      label: t('complaints.id'),
      kind: 'text',
      value: (r) => r.complaintId,
      rowHeader: true,
      code: true,
      href: (r) => complaintHref(r.department, r.complaintId),
    },
    { id: 'category', label: t('complaints.category'), kind: 'text', value: (r) => categoryText(r.category, t), wrap: true },
    {
      id: 'department',
      label: t('filters.department'),
      kind: 'text',
      value: (r) => r.departmentName ?? deptName(r.department),
      wrap: true,
    },
    { id: 'status', label: t('complaints.status'), kind: 'text', value: (r) => complaintStatusText(r, t) },
    {
      id: 'late',
      label: t('complaints.late'),
      kind: 'text',
      value: (r) => complaintLateText(r, t),
      badge: (r) => (r.late ? 'badge-red' : undefined),
      wrap: true,
    },
    { id: 'resolveBy', label: t('complaints.resolveBy'), kind: 'date', value: (r) => r.resolveBy },
    {
      id: 'case',
      label: t('complaints.case'),
      kind: 'text',
      value: (r) => r.caseId,
      code: true,
      href: (r) => (r.caseId ? caseHref(r.department, r.caseId) : undefined),
    },
  ];
  return { columns, rows, rowKey: (r) => `${r.department}/${r.complaintId}` };
}

export function badReviewTable(
  rows: readonly EvaluationListItem[],
  t: Translate,
  deptName: (c: string) => string,
  evaluationHref: Link,
  caseHref: Link,
): TableData<EvaluationListItem> {
  const columns: Array<Column<EvaluationListItem>> = [
    { id: 'submittedOn', label: t('complaints.submittedAt'), kind: 'date', value: (r) => r.submittedOn },
    {
      id: 'id',
      label: t('complaints.evaluationId'),
      kind: 'text',
      value: (r) => r.evaluationId,
      rowHeader: true,
      code: true,
      href: (r) => evaluationHref(r.department, r.evaluationId),
    },
    { id: 'score', label: t('complaints.score'), kind: 'count', value: (r) => r.score },
    {
      id: 'department',
      label: t('filters.department'),
      kind: 'text',
      value: (r) => r.departmentName ?? deptName(r.department),
      wrap: true,
    },
    { id: 'item', label: t('filters.item'), kind: 'text', value: (r) => r.itemName ?? r.itemCode, wrap: true },
    {
      id: 'rectification',
      label: t('complaints.rectification'),
      kind: 'text',
      value: (r) => rectificationText(r, t),
      badge: (r) => (r.rectificationLate ? 'badge-red' : undefined),
      wrap: true,
    },
    { id: 'rectifyBy', label: t('complaints.rectifyBy'), kind: 'date', value: (r) => r.rectifyBy },
    {
      id: 'case',
      label: t('complaints.case'),
      kind: 'text',
      value: (r) => r.caseId,
      code: true,
      href: (r) => (r.caseId ? caseHref(r.department, r.caseId) : undefined),
    },
  ];
  return { columns, rows, rowKey: (r) => `${r.department}/${r.evaluationId}` };
}

export interface Fact {
  id: string;
  label: string;
  value: string;
  late?: boolean;
}

const lateOrNot = (late: boolean | null, t: Translate) =>
  late === null ? t('complaints.notDue') : late ? t('complaints.late') : t('complaints.onTime');

/** One complaint's facts for its page: what, where, its deadlines and whether they were kept. */
export function complaintFacts(
  c: ComplaintListItem,
  t: Translate,
  locale: Locale,
  deptName: (c: string) => string,
  regionName: (c: string) => string,
): Fact[] {
  const when = (v: string | null) => (v ? formatInstant(v, locale) : DASH);
  return [
    { id: 'department', label: t('filters.department'), value: c.departmentName ?? deptName(c.department) },
    { id: 'category', label: t('complaints.category'), value: categoryText(c.category, t) },
    { id: 'region', label: t('complaints.region'), value: regionName(c.regionCode) },
    { id: 'item', label: t('filters.item'), value: c.itemCode ? `${c.itemName ?? c.itemCode}（${c.itemCode}）` : DASH },
    { id: 'receivedAt', label: t('complaints.receivedAt'), value: when(c.receivedAt) },
    { id: 'status', label: t('complaints.status'), value: complaintStatusText(c, t) },
    {
      id: 'respond',
      label: t('complaints.respondBy'),
      value: `${formatDate(c.respondBy, locale)} · ${lateOrNot(c.responseLate, t)}${c.respondedAt ? `（${when(c.respondedAt)}）` : ''}`,
      late: c.responseLate === true,
    },
    {
      id: 'resolve',
      label: t('complaints.resolveBy'),
      value: `${formatDate(c.resolveBy, locale)} · ${lateOrNot(c.resolutionLate, t)}${c.resolvedAt ? `（${when(c.resolvedAt)}）` : ''}`,
      late: c.resolutionLate === true,
    },
    {
      id: 'followUp',
      label: t('complaints.followUp'),
      value: c.followUp && has(SATISFACTION_LABEL, c.followUp) ? t(SATISFACTION_LABEL[c.followUp]) : DASH,
    },
    { id: 'summary', label: t('complaints.summary'), value: c.summary ?? DASH },
  ];
}

/** One evaluation's facts for its page: score, item, region of its case, the rectification deadline. */
export function evaluationFacts(
  e: EvaluationListItem,
  t: Translate,
  locale: Locale,
  deptName: (c: string) => string,
  regionName: (c: string) => string,
): Fact[] {
  return [
    { id: 'department', label: t('filters.department'), value: e.departmentName ?? deptName(e.department) },
    { id: 'score', label: t('complaints.score'), value: t('complaints.scoreN', { n: e.score }) },
    { id: 'item', label: t('filters.item'), value: `${e.itemName ?? e.itemCode}（${e.itemCode}）` },
    { id: 'region', label: t('complaints.region'), value: e.regionCode ? regionName(e.regionCode) : DASH },
    { id: 'submittedAt', label: t('complaints.submittedAt'), value: formatInstant(e.submittedAt, locale) },
    ...(e.bad
      ? [
          { id: 'calledBack', label: t('complaints.calledBack'), value: e.calledBack ? t('common.yes') : t('common.no') },
          {
            id: 'rectify',
            label: t('complaints.rectifyBy'),
            value: `${formatDate(e.rectifyBy, locale)} · ${rectificationText(e, t) ?? DASH}${e.rectifiedAt ? `（${formatInstant(e.rectifiedAt, locale)}）` : ''}`,
            late: e.rectificationLate === true,
          },
        ]
      : []),
    { id: 'comment', label: t('complaints.comment'), value: e.comment ?? DASH },
  ];
}

/** The records of a complaint or review in order, with what each says. */
export function feedbackEventTable(events: readonly FeedbackEvent[], t: Translate): TableData<FeedbackEvent> {
  const details = (e: FeedbackEvent): string => {
    const parts: string[] = [];
    if (typeof e.category === 'string') parts.push(categoryText(e.category, t));
    if (typeof e.score === 'number') parts.push(t('complaints.scoreN', { n: e.score }));
    if (typeof e.substantiated === 'boolean') parts.push(t(e.substantiated ? 'complaints.substantiated' : 'complaints.notSubstantiated'));
    if (typeof e.satisfaction === 'string' && has(SATISFACTION_LABEL, e.satisfaction)) parts.push(t(SATISFACTION_LABEL[e.satisfaction]));
    for (const k of ['summary', 'comment', 'reason'] as const) if (typeof e[k] === 'string') parts.push(e[k] as string);
    if (typeof e.target === 'string') parts.push(t('case.voids', { id: e.target }));
    if (e.voidedBy) parts.push(t('case.voidedBy', { id: e.voidedBy }));
    return parts.join('；');
  };
  const columns: Array<Column<FeedbackEvent>> = [
    { id: 'at', label: t('case.eventAt'), kind: 'instant', value: (e) => e.at, rowHeader: true },
    {
      id: 'type',
      label: t('case.eventType'),
      kind: 'text',
      value: (e) => (has(RECORD_TYPE_LABEL, e.type) ? t(RECORD_TYPE_LABEL[e.type]) : e.type),
    },
    { id: 'details', label: t('case.eventDetails'), kind: 'text', value: details, wrap: true },
    { id: 'id', label: t('case.eventId'), kind: 'text', value: (e) => e.id },
  ];
  return { columns, rows: events, rowKey: (e) => e.id };
}
