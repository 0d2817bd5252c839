// 办件详情 The case page: the case's facts, why it is red (or yellow, or fine), the deadline's
// computation step by step so a supervisor can check it by hand, and every event received.
import { useEffect, useRef } from 'react';
import '../dashboard/dashboard.css';
import { useResource } from '../../api/use-resource';
import { ChartCard } from '../../components/charts/chart-card';
import { ErrorMessage } from '../../components/error-message';
import { WarningBadge } from '../../components/warning-badge';
import { formatDate } from '../../format/format';
import { useLocale, useT } from '../../i18n/i18n';
import { useDashboard } from '../dashboard/dashboard-context';
import { explainCase, eventTable } from './case-data';
import { fetchCaseDetail } from './fetch-timeliness';

export function CasePage({ department, caseId }: { department: string; caseId: string }) {
  const t = useT();
  const [locale] = useLocale();
  const d = useDashboard();
  const detail = useResource((signal) => fetchCaseDetail(department, caseId, signal), [department, caseId]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [department, caseId]);
  const back = d.hrefWith({ caseDept: undefined, caseId: undefined });
  const c = detail.data;
  const ex = c ? explainCase(c, d.today, t, locale) : undefined;

  return (
    <>
      <p className="back-link">
        <a href={back}>{t('case.back')}</a>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {t('case.title', { id: caseId })}
      </h1>
      {detail.error !== undefined && <ErrorMessage error={detail.error} onRetry={detail.reload} />}
      {!c && detail.error === undefined && (
        <p role="status" className="muted">
          {t('common.loading')}
        </p>
      )}
      {c && ex && (
        <>
          <section className="card" aria-labelledby="case-facts">
            <h2 id="case-facts" className="visually-hidden">
              {t('case.facts')}
            </h2>
            <dl className="facts">
              <div>
                <dt>{t('filters.department')}</dt>
                <dd>{d.deptName(c.department)}</dd>
              </div>
              <div>
                <dt>{t('filters.item')}</dt>
                <dd>{c.item ? `${c.item.name}（${c.item.itemCode}）` : '—'}</dd>
              </div>
              <div>
                <dt>{t('case.status')}</dt>
                <dd>{ex.status}</dd>
              </div>
              <div>
                <dt>{t('warnings.level')}</dt>
                <dd>
                  <WarningBadge level={ex.warning} />
                </dd>
              </div>
              <div>
                <dt>{t('warnings.acceptedOn')}</dt>
                <dd>{formatDate(c.clock?.acceptedOn ?? null, locale)}</dd>
              </div>
              <div>
                <dt>{t('warnings.deadline')}</dt>
                <dd>{formatDate(ex.deadline, locale)}</dd>
              </div>
            </dl>
          </section>
          <section className={`card verdict verdict-${ex.warning}`} aria-labelledby="case-why">
            <h2 id="case-why">
              {ex.warning === 'red' ? t('case.whyRed') : ex.warning === 'yellow' ? t('case.whyYellow') : t('case.howJudged')}
            </h2>
            <p className="verdict-text">
              <WarningBadge level={ex.warning} /> {ex.verdict}
            </p>
            {ex.steps.length > 0 && (
              <div className="table-scroll">
                <table className="data-table deadline-table">
                  <caption>{t('case.deadlineCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('case.step')}</th>
                      <th scope="col">{t('case.stepValue')}</th>
                      <th scope="col" className="num">
                        {t('case.counted')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {ex.steps.map((s) => (
                      <tr key={s.id}>
                        <th scope="row">{s.label}</th>
                        <td>{s.value}</td>
                        <td className="num">{s.adds === null ? t('case.notCounted') : s.adds}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">{t('case.total')}</th>
                      <td>{t('case.totalText', { n: ex.totalDays ?? 0 })}</td>
                      <td className="num">{ex.totalDays}</td>
                    </tr>
                    <tr>
                      <th scope="row">{t('warnings.deadline')}</th>
                      <td colSpan={2}>
                        <strong>{formatDate(ex.deadline, locale)}</strong>
                      </td>
                    </tr>
                  </tfoot>
                </table>
              </div>
            )}
            {ex.rule && (
              <p className="muted rule-text">
                {t('case.rule')} <span lang="zh-CN">{ex.rule}</span>
              </p>
            )}
            <p className="muted">{t('case.calendar', { version: c.calendarVersion })}</p>
          </section>
          <ChartCard
            id="case-events"
            title={t('case.events')}
            tableOnly
            table={eventTable(c, t, d.regionName)}
            fileParts={[c.department, c.caseId]}
          />
        </>
      )}
    </>
  );
}
