// 数据接入 Data feeds: for each department, the records received in the period, refused by rule,
// voids, and the time since its last record, with stale feeds first and marked in words; the
// daily totals and the refusals by rule across departments.
import { useResource } from '../../api/use-resource';
import { BarChart } from '../../components/charts/charts';
import { ChartCard } from '../../components/charts/chart-card';
import { StatTiles } from '../../components/stat-tiles';
import { formatCount, formatShortDate } from '../../format/format';
import { DashboardFrame } from '../dashboard/dashboard-frame';
import { dailyTable, dailyTotals, feedRows, feedTable, refusalsByRule, ruleTable } from './feeds-data';
import { fetchFeeds } from './fetch-feeds';
import { fetchProblems, fetchQuality } from './fetch-quality';
import { listedDepartment, problemTable, qualityRows, qualityTable } from './quality-data';
import { fetchPipeline } from '../shell/pipeline-status';
import { formatInstant } from '../../format/format';
import { dashboardPage, usePageBasics } from '../dashboard/page-kit';

export const FeedsPage = dashboardPage('data-feed', FeedsView);

function FeedsView() {
  const { t, locale, d, f, periodParts } = usePageBasics();
  const feeds = useResource((signal) => fetchFeeds(f.from, f.to, signal), [f.from, f.to]);
  const data =
    feeds.data && f.department
      ? { ...feeds.data, departments: feeds.data.departments.filter((x) => x.department === f.department) }
      : feeds.data;
  const rows = data ? feedRows(data, Date.now(), t, (code, fallback) => (d.departments ? d.deptName(code) : fallback)) : undefined;
  const days = data ? dailyTotals(data, (iso) => formatShortDate(iso, locale)) : undefined;
  const rules = data ? refusalsByRule(data, t) : undefined;
  const stale = rows?.filter((r) => r.stale).length ?? 0;
  const quality = useResource((signal) => fetchQuality(signal), []);
  const pipeline = useResource((signal) => fetchPipeline(signal), []);
  const qRows = quality.data ? qualityRows(quality.data, (code, fallback) => (d.departments ? d.deptName(code) : fallback)) : undefined;
  const listed = qRows ? listedDepartment(qRows, f.department) : undefined;
  const problems = useResource((signal) => (listed ? fetchProblems(listed, signal) : Promise.resolve(undefined)), [listed]);
  const feedsSettled = feeds.data !== undefined || feeds.error !== undefined;
  const totals = rows?.reduce(
    (a, r) => ({ accepted: a.accepted + r.accepted, rejected: a.rejected + r.rejected, voids: a.voids + r.voids }),
    { accepted: 0, rejected: 0, voids: 0 },
  );

  return (
    <DashboardFrame title={t('nav.dataFeed')} intro={t('feeds.intro')} dims={['department']} showCompare={false}>
      <ChartCard
        id="feeds-by-department"
        title={t('feeds.byDepartment')}
        wide
        tableOnly
        fileParts={periodParts}
        description={
          totals &&
          data && (
            <StatTiles
              tiles={[
                {
                  id: 'stale',
                  label: t('feeds.staleCount'),
                  kind: 'count',
                  value: stale,
                  good: stale === 0 ? null : false,
                  note: t('feeds.staleRule', { n: data.staleAfterDays }),
                },
                { id: 'accepted', label: t('feeds.accepted'), kind: 'count', value: totals.accepted },
                { id: 'rejected', label: t('feeds.rejected'), kind: 'count', value: totals.rejected },
                { id: 'voids', label: t('feeds.voids'), kind: 'count', value: totals.voids },
              ]}
            />
          )
        }
        table={rows && data ? feedTable(rows, t, data.staleAfterDays, locale) : undefined}
        loading={feeds.loading}
        error={feeds.error}
        onRetry={feeds.reload}
      />
      {/* The cards below come once the department table has its rows (or failed): drawn earlier,
          they would be pushed a screen down when its ~44 rows arrive (a layout shift a reader sees
          as the page jumping; Lighthouse measured CLS 0.19 on this page). */}
      {feedsSettled && (
        <>
          <ChartCard
            id="feeds-quality"
            title={t('quality.title')}
            wide
            tableOnly
            fileParts={['cannot-judge']}
            description={
              <>
                <p className="muted">{t('quality.intro')}</p>
                {pipeline.data && (
                  <dl className="facts pipeline-facts">
                    <div>
                      <dt>{t('pipeline.lastSuccess')}</dt>
                      <dd>{formatInstant(pipeline.data.lastSuccessAt, locale)}</dd>
                    </div>
                    <div>
                      <dt>{t('pipeline.lag')}</dt>
                      <dd>{pipeline.data.behind ? t('pipeline.lagBehind', { s: pipeline.data.lagSeconds }) : t('pipeline.lagNone')}</dd>
                    </div>
                    <div>
                      <dt>{t('pipeline.errorsLastHour')}</dt>
                      <dd>{pipeline.data.errorsLastHour}</dd>
                    </div>
                    <div>
                      <dt>{t('pipeline.recompute')}</dt>
                      <dd>
                        {pipeline.data.recompute.running
                          ? t('pipeline.recomputing', { n: pipeline.data.recompute.processed })
                          : t('pipeline.recomputeIdle')}
                      </dd>
                    </div>
                  </dl>
                )}
                {quality.data && (
                  <StatTiles
                    tiles={[
                      {
                        id: 'cannot-judge',
                        label: t('quality.count'),
                        kind: 'count',
                        value: quality.data.total,
                        good: quality.data.total === 0 ? null : false,
                      },
                    ]}
                  />
                )}
              </>
            }
            table={qRows ? qualityTable(qRows, t) : undefined}
            loading={quality.loading}
            error={quality.error}
            onRetry={quality.reload}
          />
          {listed && (
            <ChartCard
              id="feeds-quality-list"
              title={t('quality.listOf', { name: d.departments ? d.deptName(listed) : listed })}
              wide
              tableOnly
              fileParts={['cannot-judge', listed]}
              table={
                problems.data
                  ? problemTable(problems.data.problems, t, locale, (id) => d.hrefWith({ caseDept: listed, caseId: id }, 'timeliness'))
                  : undefined
              }
              loading={problems.loading}
              error={problems.error}
              onRetry={problems.reload}
            />
          )}
          <div className="chart-grid">
            <ChartCard
              id="feeds-daily"
              title={t('feeds.daily')}
              fileParts={periodParts}
              table={days ? dailyTable(days, t) : undefined}
              loading={feeds.loading}
              error={feeds.error}
              onRetry={feeds.reload}
            >
              {days && (
                <BarChart
                  data={days}
                  index="label"
                  stacked
                  categories={[
                    { key: 'accepted', label: t('feeds.accepted') },
                    { key: 'refused', label: t('feeds.refused'), color: 'red' },
                  ]}
                  integer
                  valueFormatter={(v) => formatCount(v, locale)}
                  barLabel={() => ''}
                />
              )}
            </ChartCard>
            <ChartCard
              id="feeds-rules"
              title={t('feeds.byRule')}
              fileParts={periodParts}
              table={rules ? ruleTable(rules, t) : undefined}
              loading={feeds.loading}
              error={feeds.error}
              onRetry={feeds.reload}
            >
              {rules && (
                <BarChart
                  data={rules}
                  index="label"
                  layout="ranking"
                  labelWidth={220}
                  categories={[{ key: 'count', label: t('feeds.rejected'), color: 'red' }]}
                  integer
                  valueFormatter={(v) => formatCount(v, locale)}
                />
              )}
            </ChartCard>
          </div>
        </>
      )}
    </DashboardFrame>
  );
}
