// One case's page, pure: why it is red (or yellow, or fine) in one sentence, the deadline's
// computation step by step — accepted on (not counted), promised limit, extension, each
// suspension, the total, the deadline — so a supervisor can check it by hand against the
// working-day calendar, and the events as a table.
import type { Column, TableData } from '../../components/charts/table-data';
import { formatDate, formatDays } from '../../format/format';
import type { Translate } from '../../i18n/i18n';
import type { Locale } from '../../i18n/messages';
import { CASE_STATUS_LABEL, CHANNEL_LABEL, OUTCOME_LABEL, RECORD_TYPE_LABEL, SUSPEND_REASON_LABEL } from '../../i18n/domain-labels';
import type { CaseClock, CaseDetail, CaseEventView } from '../dashboard/fetch-figures';
import { PROBLEM_TEXT } from '../../../../shared/contract/problems';

export interface ExplanationStep {
  id: string;
  label: string;
  value: string;
  /** Working days this step adds to the count (null: not counted). */
  adds: number | null;
}

export interface CaseExplanation {
  warning: 'red' | 'yellow' | 'none';
  status: string;
  verdict: string;
  steps: ExplanationStep[];
  totalDays: number | null;
  deadline: string | null;
  /** The API's own wording of the rule (Chinese), shown as the system's computation. */
  rule: string | null;
}

/** The clock as the page reads it: a judged clock, or an unjudged one (status and acceptance only). */
type ClockReading = Pick<CaseClock, 'status' | 'acceptedOn'> & Partial<CaseClock>;

const has = <K extends string>(o: Record<K, unknown>, k: string): k is K => k in o;

export function explainCase(c: CaseDetail, today: string, t: Translate, locale: Locale): CaseExplanation {
  const clock: ClockReading | null = c.clock;
  const d = (iso: string | null | undefined) => formatDate(iso ?? null, locale);
  const status = clock && has(CASE_STATUS_LABEL, clock.status) ? t(CASE_STATUS_LABEL[clock.status]) : '—';
  const warning = clock?.warning ?? 'none';
  const ex = clock?.explanation ?? null;
  if (clock?.status === 'cannot_judge' && clock.problem) {
    const text = PROBLEM_TEXT[clock.problem.code as keyof typeof PROBLEM_TEXT];
    const zh = locale === 'zh-CN';
    const verdict = t('case.verdictCannotJudge', {
      reason: text ? (zh ? text.zh : text.en) : clock.problem.code,
      records: clock.problem.recordIds.join(zh ? '、' : ', '),
      action: text ? (zh ? text.actionZh : text.actionEn) : '',
    });
    return { warning: 'none', status, verdict, steps: [], totalDays: null, deadline: null, rule: null };
  }
  if (!clock || !ex || !c.item) {
    return { warning: 'none', status, verdict: t('case.notJudged'), steps: [], totalDays: null, deadline: null, rule: null };
  }
  const limit = ex.promisedDays + ex.extensionDays;
  const steps: ExplanationStep[] = [
    { id: 'accepted', label: t('case.stepAccepted'), value: d(ex.acceptedOn), adds: null },
    {
      id: 'promised',
      label: t('case.stepPromised', { statutory: c.item.statutoryDays }),
      value: t('case.plusDays', { n: ex.promisedDays }),
      adds: ex.promisedDays,
    },
    { id: 'extension', label: t('case.stepExtension'), value: t('case.plusDays', { n: ex.extensionDays }), adds: ex.extensionDays },
    ...ex.suspensions.map((s, i) => ({
      id: `suspension-${i}`,
      label: t('case.stepSuspension', { n: i + 1, from: d(s.from), to: s.to ? d(s.to) : t('case.stillSuspended') }),
      value: t('case.plusDays', { n: s.countedDays }),
      adds: s.countedDays,
    })),
  ];
  const total = ex.promisedDays + ex.extensionDays + ex.suspendedWorkingDays;
  let verdict: string;
  if (clock.status === 'withdrawn') verdict = t('case.verdictWithdrawn');
  else if (clock.status === 'completed') {
    verdict = clock.onTime
      ? t('case.verdictOnTime', { completed: d(clock.completedOn), deadline: d(ex.deadline) })
      : t('case.verdictLate', { completed: d(clock.completedOn), deadline: d(ex.deadline), days: clock.daysOverdue ?? 0 });
  } else if (warning === 'red') {
    verdict = t('case.verdictRed', { deadline: d(ex.deadline), today: d(today), days: clock.daysOverdue ?? 0 });
  } else if (clock.status === 'suspended') {
    // No deadline date while a suspension is open (domain.md): the days left, and since when.
    verdict = t('case.verdictSuspendedOpen', { since: d(ex.suspensions.at(-1)?.from), left: clock.daysLeft ?? 0 });
    return { warning, status, verdict, steps, totalDays: null, deadline: null, rule: null };
  } else if (warning === 'yellow') {
    verdict = t('case.verdictYellow', {
      elapsed: clock.elapsedWorkingDays ?? 0,
      limit,
      threshold: formatDays(limit * 0.9, locale),
      deadline: d(ex.deadline),
    });
  } else {
    verdict = t('case.verdictOpen', { elapsed: clock.elapsedWorkingDays ?? 0, limit, deadline: d(ex.deadline) });
  }
  return { warning, status, verdict, steps, totalDays: total, deadline: ex.deadline, rule: ex.rule };
}

/** One event's details in words: channel and place, a suspension's reason, days of an extension … */
export function eventDetails(e: CaseEventView, t: Translate, regionName: (code: string) => string): string {
  const parts: string[] = [];
  const s = (k: string) => (typeof e[k] === 'string' ? (e[k] as string) : undefined);
  const channel = s('channel');
  if (channel && has(CHANNEL_LABEL, channel)) parts.push(t(CHANNEL_LABEL[channel]));
  const region = s('regionCode');
  if (region) parts.push(regionName(region));
  const reason = s('reason');
  if (e.type === 'case.suspended' && reason && has(SUSPEND_REASON_LABEL, reason)) parts.push(t(SUSPEND_REASON_LABEL[reason]));
  else if (reason) parts.push(reason);
  if (typeof e.days === 'number') parts.push(t('case.plusDays', { n: e.days }));
  const outcome = s('outcome');
  if (outcome && has(OUTCOME_LABEL, outcome)) parts.push(t(OUTCOME_LABEL[outcome]));
  if (typeof e.visits === 'number') parts.push(t('case.visits', { n: e.visits }));
  if (Array.isArray(e.materials)) parts.push(t('case.materials', { n: e.materials.length }));
  const target = s('target');
  if (target) parts.push(t('case.voids', { id: target }));
  if (e.voidedBy) parts.push(t('case.voidedBy', { id: e.voidedBy }));
  return parts.join('；');
}

export function eventTable(c: CaseDetail, t: Translate, regionName: (code: string) => string): TableData<CaseEventView> {
  const columns: Array<Column<CaseEventView>> = [
    { id: 'at', label: t('case.eventAt'), kind: 'instant', value: (e) => e.at, rowHeader: true },
    {
      id: 'type',
      label: t('case.eventType'),
      kind: 'text',
      value: (e) => (has(RECORD_TYPE_LABEL, e.type) ? t(RECORD_TYPE_LABEL[e.type]) : e.type),
    },
    { id: 'details', label: t('case.eventDetails'), kind: 'text', value: (e) => eventDetails(e, t, regionName), wrap: true },
    { id: 'id', label: t('case.eventId'), kind: 'text', value: (e) => e.id },
    { id: 'receivedAt', label: t('case.receivedAt'), kind: 'instant', value: (e) => e.receivedAt },
  ];
  return { columns, rows: c.events, rowKey: (e) => e.id };
}
