// The work lists of the complaints page — complaints and bad reviews, chosen by state, more on
// request, the whole list as CSV — and one complaint's or review's page: its facts, its deadlines
// kept or not, the case it names, and every record received.
import { useEffect, useId, useRef, useState } from 'react';
import { useResource } from '../../api/use-resource';
import { ChartCard } from '../../components/charts/chart-card';
import { ErrorMessage } from '../../components/error-message';
import { csvFileName } from '../../format/csv';
import { useLocale, useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useDashboard } from '../dashboard/dashboard-context';
import { badReviewTable, complaintFacts, complaintTable, evaluationFacts, feedbackEventTable, type Fact } from './complaints-data';
import {
  COMPLAINT_LIST_STATES,
  REVIEW_LIST_STATES,
  fetchBadReviewList,
  fetchComplaint,
  fetchComplaintList,
  fetchEvaluation,
  fetchListCsv,
  type ComplaintDetail,
  type ComplaintListItem,
  type ComplaintListState,
  type EvaluationDetail,
  type EvaluationListItem,
  type ReviewListState,
} from './fetch-complaints';
import type { DashboardFilters } from '../dashboard/filters-data';
import type { TableData } from '../../components/charts/table-data';
import type { Translate } from '../../i18n/i18n';

const pick = <S extends string>(states: readonly S[], v: string | null, fallback: S): S => (states.includes(v as S) ? (v as S) : fallback);

/** A list read page by page: the first page follows the filters, later pages are appended. */
function usePaged<R>(
  key: string,
  first: (signal: AbortSignal) => Promise<{ rows: R[]; next?: string }>,
  more: (cursor: string) => Promise<{ rows: R[]; next?: string }>,
) {
  const page1 = useResource(first, [key]);
  const [extra, setExtra] = useState<{ rows: R[]; next: string | undefined }>({ rows: [], next: undefined });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>();
  useEffect(() => {
    setExtra({ rows: [], next: undefined });
    setMoreError(undefined);
  }, [key, page1.data]);
  const next = extra.rows.length ? extra.next : page1.data?.next;
  const rows = page1.data ? [...page1.data.rows, ...extra.rows] : undefined;
  const loadMore = async () => {
    if (!next) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const p = await more(next);
      setExtra((x) => ({ rows: [...x.rows, ...p.rows], next: p.next }));
    } catch (e) {
      setMoreError(e);
    } finally {
      setLoadingMore(false);
    }
  };
  return { rows, next, loadMore, loadingMore, loading: page1.loading, error: page1.error ?? moreError, reload: page1.reload };
}

function StateSelect<S extends string>({
  value,
  states,
  onChange,
  labelOf,
}: {
  value: S;
  states: readonly S[];
  onChange: (s: S) => void;
  labelOf: (s: S) => string;
}) {
  const t = useT();
  const uid = useId();
  return (
    <span className="list-state">
      <label htmlFor={uid}>{t('complaints.show')}</label>{' '}
      <select id={uid} value={value} onChange={(e) => onChange(e.target.value as S)}>
        {states.map((s) => (
          <option key={s} value={s}>
            {labelOf(s)}
          </option>
        ))}
      </select>
    </span>
  );
}

function ListActions({
  next,
  loadingMore,
  onMore,
  onDownload,
}: {
  next: string | undefined;
  loadingMore: boolean;
  onMore: () => void;
  onDownload: () => void;
}) {
  const t = useT();
  return (
    <>
      {next && (
        <button type="button" className="button" onClick={onMore} disabled={loadingMore}>
          {loadingMore ? t('common.loading') : t('complaints.more')}
        </button>
      )}
      <button type="button" className="button" onClick={onDownload}>
        {t('complaints.downloadAll')}
      </button>
    </>
  );
}

/** The API's CSV saved as it came (its byte-order mark kept: Blob.text() would drop it, and Excel needs it). */
async function downloadAll(
  kind: 'complaints' | 'evaluations',
  name: string,
  parts: string[],
  f: Parameters<typeof fetchListCsv>[1],
  extra: Record<string, string | undefined>,
) {
  const blob = await fetchListCsv(kind, f, extra);
  const url = URL.createObjectURL(new Blob([blob], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = csvFileName([name, ...parts]);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** What tells the two work lists apart; the list itself (state, paging, links, CSV) is WorkList. */
interface WorkListKind<S extends string, R> {
  id: 'complaint-list' | 'bad-review-list';
  /** The API's list (GET /v1/complaints or /v1/evaluations), for the CSV download. */
  api: 'complaints' | 'evaluations';
  title: MessageKey;
  note: MessageKey;
  states: readonly S[];
  /** The state shown when the address names none. */
  initial: S;
  /** The address parameter holding this list's state; the other list's is kept when it changes. */
  param: 'cstate' | 'rstate';
  /** The address parameter naming one row's page (with fbDept). */
  idParam: 'complaintId' | 'evaluationId';
  fetchPage: (f: DashboardFilters, state: S, cursor?: string, signal?: AbortSignal) => Promise<{ rows: R[]; next?: string }>;
  table: (rows: readonly R[], t: Translate, deptName: (c: string) => string, rowHref: Link, caseHref: Link) => TableData<R>;
  /** The CSV's query beyond the filters. */
  csvQuery: (state: S) => Record<string, string | undefined>;
}
type Link = (department: string, id: string) => string;

const COMPLAINT_LIST: WorkListKind<ComplaintListState, ComplaintListItem> = {
  id: 'complaint-list',
  api: 'complaints',
  title: 'complaints.list',
  note: 'complaints.listNote',
  states: COMPLAINT_LIST_STATES,
  initial: 'all',
  param: 'cstate',
  idParam: 'complaintId',
  fetchPage: (f, state, cursor, signal) =>
    fetchComplaintList(f, state, cursor, signal).then((p) => ({ rows: p.complaints, ...(p.next ? { next: p.next } : {}) })),
  table: complaintTable,
  csvQuery: (state) => ({ state: state === 'all' ? undefined : state }),
};

const BAD_REVIEW_LIST: WorkListKind<ReviewListState, EvaluationListItem> = {
  id: 'bad-review-list',
  api: 'evaluations',
  title: 'complaints.badList',
  note: 'complaints.badListNote',
  states: REVIEW_LIST_STATES,
  initial: 'unrectified',
  param: 'rstate',
  idParam: 'evaluationId',
  fetchPage: (f, state, cursor, signal) =>
    fetchBadReviewList(f, state, cursor, signal).then((p) => ({ rows: p.evaluations, ...(p.next ? { next: p.next } : {}) })),
  table: badReviewTable,
  csvQuery: (state) => ({ bad: 'true', state: state === 'all' ? undefined : state }),
};

/** One work list: its state from the address (?cstate=open, so a link opens it), page by page, each row linking to its page and case, all of it as CSV. */
function WorkList<S extends string, R>({ kind }: { kind: WorkListKind<S, R> }) {
  const t = useT();
  const d = useDashboard();
  const f = d.filters;
  const state = pick(kind.states, d.params.get(kind.param), kind.initial);
  // Both lists' states stay in the address whichever one changes.
  const states = { cstate: d.params.get('cstate') ?? undefined, rstate: d.params.get('rstate') ?? undefined };
  const setState = (s: S) => {
    window.location.hash = d.hrefWith({ ...states, [kind.param]: s === kind.initial ? undefined : s }).slice(1);
  };
  const key = `${JSON.stringify(d.effective)}|${f.from}|${f.to}|${state}`;
  const list = usePaged(
    key,
    (signal) => kind.fetchPage(f, state, undefined, signal),
    (cursor) => kind.fetchPage(f, state, cursor),
  );
  const rowHref: Link = (department, id) => d.hrefWith({ fbDept: department, [kind.idParam]: id, ...states });
  const caseHref: Link = (department, caseId) => d.hrefWith({ caseDept: department, caseId }, 'timeliness');
  const [downloadError, setDownloadError] = useState<unknown>();
  return (
    <ChartCard
      id={kind.id}
      title={t(kind.title)}
      wide
      tableOnly
      fileParts={[f.from, f.to]}
      description={
        <div className="list-controls">
          <StateSelect value={state} states={kind.states} onChange={setState} labelOf={(s) => t(`complaints.state.${s}` as MessageKey)} />{' '}
          <span className="muted">{t(kind.note)}</span>
        </div>
      }
      table={list.rows ? kind.table(list.rows, t, d.deptName, rowHref, caseHref) : undefined}
      loading={list.loading}
      error={list.error ?? downloadError}
      onRetry={list.reload}
      actions={
        <ListActions
          next={list.next}
          loadingMore={list.loadingMore}
          onMore={() => void list.loadMore()}
          onDownload={() => {
            setDownloadError(undefined);
            downloadAll(kind.api, t(kind.title), [f.from, f.to], f, kind.csvQuery(state)).catch(setDownloadError);
          }}
        />
      }
    />
  );
}

export const ComplaintList = () => <WorkList kind={COMPLAINT_LIST} />;
export const BadReviewList = () => <WorkList kind={BAD_REVIEW_LIST} />;

function Facts({ facts }: { facts: Fact[] }) {
  return (
    <dl className="facts">
      {facts.map((x) => (
        <div key={x.id}>
          <dt>{x.label}</dt>
          <dd className={x.late ? 'fact-late' : undefined}>{x.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One complaint or review: its facts and deadlines, the case it names, and its records. */
export function FeedbackPage({ kind, department, id }: { kind: 'complaint' | 'evaluation'; department: string; id: string }) {
  const t = useT();
  const [locale] = useLocale();
  const d = useDashboard();
  const detail = useResource<ComplaintDetail | EvaluationDetail>(
    (signal) => (kind === 'complaint' ? fetchComplaint(department, id, signal) : fetchEvaluation(department, id, signal)),
    [kind, department, id],
  );
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [kind, department, id]);
  const back = d.hrefWith({ cstate: d.params.get('cstate') ?? undefined, rstate: d.params.get('rstate') ?? undefined });
  const data = detail.data;
  const status = data?.status ?? null;
  const facts = !data?.status
    ? undefined
    : 'complaintId' in data
      ? complaintFacts(data.status!, t, locale, d.deptName, d.regionName)
      : evaluationFacts(data.status, t, locale, d.deptName, d.regionName);
  const caseId = status?.caseId ?? null;
  return (
    <>
      <p className="back-link">
        <a href={back}>{t('complaints.back')}</a>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {kind === 'complaint' ? t('complaints.complaintTitle', { id }) : t('complaints.evaluationTitle', { id })}
      </h1>
      {detail.error !== undefined && <ErrorMessage error={detail.error} onRetry={detail.reload} />}
      {!data && detail.error === undefined && (
        <p role="status" className="muted">
          {t('common.loading')}
        </p>
      )}
      {data && (
        <>
          <section className="card" aria-label={t('case.facts')}>
            {facts && <Facts facts={facts} />}
            <p className="feedback-case">
              {caseId ? (
                <a
                  className="button"
                  href={d.hrefWith(
                    { fbDept: undefined, complaintId: undefined, evaluationId: undefined, caseDept: department, caseId },
                    'timeliness',
                  )}
                >
                  {t('complaints.caseLink', { id: caseId })}
                </a>
              ) : (
                <span className="muted">{t('complaints.noCase')}</span>
              )}
            </p>
          </section>
          <ChartCard
            id="feedback-events"
            title={t('complaints.events')}
            tableOnly
            table={feedbackEventTable(data.events, t)}
            fileParts={[department, id]}
          />
        </>
      )}
    </>
  );
}
