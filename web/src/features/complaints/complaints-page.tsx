// 投诉与好差评 Complaints and evaluations: volumes and follow-up rates with their change, volume
// by category with "asked for an unnecessary proof" on its own, response and resolution on time
// per department, satisfaction and the bad-review rectification loop, the rates over time, and
// the work lists of complaints and bad reviews (each opens its complaint or review, and its case).
import { useResource } from '../../api/use-resource';
import { BarChart, LineChart } from '../../components/charts/charts';
import { ChartCard } from '../../components/charts/chart-card';
import { StatTiles } from '../../components/stat-tiles';
import { formatCount, formatRate } from '../../format/format';
import { compareLabel, comparePeriodText } from '../dashboard/compare-label';
import { useDashboard } from '../dashboard/dashboard-context';
import { DashboardFrame } from '../dashboard/dashboard-frame';
import { breakdownSupported } from '../dashboard/filters-data';
import { metricLabel } from '../dashboard/metric-format';
import { mergeSeries, seriesTable } from '../dashboard/series-data';
import { joinedRows, joinedTable, sortByDesc } from '../elderly/elderly-data';
import { fetchBreakdowns } from '../elderly/fetch-elderly';
import { headlineTable } from '../overview/overview-data';
import { categoryRows, categoryTable } from './complaints-data';
import { FEEDBACK_TREND, fetchByDepartment, fetchFeedbackTrend } from './fetch-complaints';
import { BadReviewList, ComplaintList, FeedbackPage } from './feedback-lists';
import { dashboardPage, usePageBasics, usePageHeadlines } from '../dashboard/page-kit';

const FOLLOW_UP = ['complaintsReceived', 'responseOnTimeRate', 'resolutionOnTimeRate'] as const;
const REVIEWS = ['evaluations', 'badReviews', 'satisfactionRate', 'rectificationRate'] as const;
const REVIEWS_BY_REGION = ['evaluations', 'satisfactionRate'] as const;

export const ComplaintsPage = dashboardPage('complaints', ComplaintsOrOne);

/** With ?fbDept=…&complaintId=… (or evaluationId) the page shows that complaint (review). */
function ComplaintsOrOne() {
  const d = useDashboard();
  const dept = d.params.get('fbDept');
  const complaintId = d.params.get('complaintId');
  const evaluationId = d.params.get('evaluationId');
  if (dept && complaintId) return <FeedbackPage kind="complaint" department={dept} id={complaintId} />;
  if (dept && evaluationId) return <FeedbackPage kind="evaluation" department={dept} id={evaluationId} />;
  return <Complaints />;
}

function Complaints() {
  const { t, locale, d, f, q, periodParts } = usePageBasics();
  const rate0 = (v: number) => formatRate(v, locale, 0);

  const { figures, rows } = usePageHeadlines([
    'complaintsReceived',
    'unnecessaryProof',
    'responseOnTimeRate',
    'resolutionOnTimeRate',
    'followUpSatisfaction',
    'evaluations',
    'badReviews',
    'satisfactionRate',
    'rectificationRate',
  ]);
  const tiles = rows?.map((r) => (r.id === 'unnecessaryProof' ? { ...r, emphasis: true } : r));
  const categories = figures.data ? categoryRows(figures.data.complaints, t) : undefined;

  const deptOk = breakdownSupported('department', d.effective);
  const followUp = useResource((signal) => (deptOk ? fetchByDepartment(f, FOLLOW_UP, signal) : Promise.resolve(null)), [q, deptOk]);
  const followRows = followUp.data
    ? sortByDesc(
        joinedRows(followUp.data, d.deptName).filter((r) => (r.complaintsReceived as number) > 0),
        'complaintsReceived',
      )
    : undefined;
  const reviews = useResource((signal) => (deptOk ? fetchByDepartment(f, REVIEWS, signal) : Promise.resolve(null)), [q, deptOk]);
  const reviewRows = reviews.data
    ? sortByDesc(
        joinedRows(reviews.data, d.deptName).filter((r) => (r.evaluations as number) > 0),
        'evaluations',
      )
    : undefined;

  // By region, with the evaluations of no known region (地区未知) as a row of their own.
  const regionOk = breakdownSupported('region', d.effective);
  const reviewsByRegion = useResource(
    (signal) => (regionOk ? fetchBreakdowns(f, 'region', REVIEWS_BY_REGION, signal) : Promise.resolve(null)),
    [q, regionOk],
  );
  const regionName = (k: string) => (k === 'unknown' ? t('complaints.regionUnknown') : d.regionName(k));
  const reviewRegionRows = reviewsByRegion.data
    ? joinedRows(reviewsByRegion.data, regionName).filter((r) => (r.evaluations as number) > 0)
    : undefined;

  const trend = useResource((signal) => fetchFeedbackTrend(f, signal), [q]);
  const trendRows = trend.data ? mergeSeries(trend.data, locale) : undefined;

  return (
    <DashboardFrame title={t('nav.complaints')} intro={t('complaints.intro')}>
      {figures.data?.notes && <p className="notice notice-info">{t('complaints.noChannelLevel')}</p>}
      <ChartCard
        id="complaints-headlines"
        title={t('complaints.headlines')}
        plain
        fileParts={periodParts}
        description={<p className="muted">{comparePeriodText(figures.data, t, locale)}</p>}
        table={rows ? headlineTable(rows, t) : undefined}
        loading={figures.loading}
        error={figures.error}
        onRetry={figures.reload}
      >
        {tiles && <StatTiles tiles={tiles} {...(compareLabel(figures.data, t) ? { compareLabel: compareLabel(figures.data, t)! } : {})} />}
      </ChartCard>

      <div className="chart-grid">
        <ChartCard
          id="complaints-by-category"
          title={t('complaints.byCategory')}
          fileParts={periodParts}
          description={<p className="muted">{t('complaints.byCategoryNote')}</p>}
          table={categories ? categoryTable(categories, t) : undefined}
          loading={figures.loading}
          error={figures.error}
          onRetry={figures.reload}
        >
          {categories && (
            <BarChart
              data={categories}
              index="label"
              layout="ranking"
              labelWidth={190}
              categories={[{ key: 'count', label: t('complaints.count') }]}
              highlight={(r) => r.flagged}
              highlightColor="red"
              barLabel={(r) => `${formatCount(r.count, locale)}（${formatRate(r.share, locale)}）`}
              integer
              valueFormatter={(v) => formatCount(v, locale)}
            />
          )}
        </ChartCard>
        <ChartCard
          id="feedback-trend"
          title={t('complaints.trend')}
          fileParts={periodParts}
          table={trendRows ? seriesTable(trendRows, FEEDBACK_TREND, t, locale) : undefined}
          loading={trend.loading}
          error={trend.error}
          onRetry={trend.reload}
        >
          {trendRows && (
            <LineChart
              data={trendRows}
              index="label"
              valueFormatter={rate0}
              maxValue={1}
              categories={FEEDBACK_TREND.map((m, i) => ({
                key: m,
                label: metricLabel(m, locale),
                color: (['blue', 'orange', 'green', 'purple'] as const)[i],
              }))}
            />
          )}
        </ChartCard>
      </div>

      <ChartCard
        id="follow-up-by-department"
        title={t('complaints.followUpByDepartment')}
        wide
        fileParts={periodParts}
        notice={d.breakdownNotice('department')}
        table={followRows ? joinedTable(followRows, FOLLOW_UP, t, locale, t('filters.department')) : undefined}
        loading={followUp.loading}
        error={followUp.error}
        onRetry={followUp.reload}
      >
        {followRows && (
          <BarChart
            data={followRows}
            index="label"
            layout="ranking"
            maxValue={1}
            categories={[
              { key: 'responseOnTimeRate', label: metricLabel('responseOnTimeRate', locale) },
              { key: 'resolutionOnTimeRate', label: metricLabel('resolutionOnTimeRate', locale), color: 'orange' },
            ]}
            valueFormatter={rate0}
            barLabel={(r) =>
              `${formatRate(r.responseOnTimeRate as number | null, locale)}（${t('complaints.receivedN', { n: formatCount(r.complaintsReceived as number, locale) })}）`
            }
          />
        )}
      </ChartCard>

      <ChartCard
        id="reviews-by-department"
        title={t('complaints.reviewsByDepartment')}
        wide
        fileParts={periodParts}
        description={<p className="muted">{t('complaints.reviewsNote')}</p>}
        notice={d.breakdownNotice('department')}
        table={reviewRows ? joinedTable(reviewRows, REVIEWS, t, locale, t('filters.department')) : undefined}
        loading={reviews.loading}
        error={reviews.error}
        onRetry={reviews.reload}
      >
        {reviewRows && (
          <BarChart
            data={reviewRows}
            index="label"
            layout="ranking"
            maxValue={1}
            categories={[
              { key: 'satisfactionRate', label: metricLabel('satisfactionRate', locale), color: 'green' },
              { key: 'rectificationRate', label: metricLabel('rectificationRate', locale), color: 'purple' },
            ]}
            valueFormatter={rate0}
            barLabel={(r) =>
              `${formatRate(r.satisfactionRate as number | null, locale)}（${t('complaints.badN', { n: formatCount(r.badReviews as number, locale) })}）`
            }
          />
        )}
      </ChartCard>

      <ChartCard
        id="reviews-by-region"
        title={t('complaints.reviewsByRegion')}
        wide
        fileParts={periodParts}
        description={<p className="muted">{t('complaints.reviewsByRegionNote')}</p>}
        notice={d.breakdownNotice('region')}
        table={reviewRegionRows ? joinedTable(reviewRegionRows, REVIEWS_BY_REGION, t, locale, t('filters.region')) : undefined}
        loading={reviewsByRegion.loading}
        error={reviewsByRegion.error}
        onRetry={reviewsByRegion.reload}
      >
        {reviewRegionRows && (
          <BarChart
            data={reviewRegionRows}
            index="label"
            layout="ranking"
            maxValue={1}
            categories={[{ key: 'satisfactionRate', label: metricLabel('satisfactionRate', locale), color: 'green' }]}
            valueFormatter={rate0}
            barLabel={(r) =>
              `${formatRate(r.satisfactionRate as number | null, locale)}（${t('complaints.evaluationsN', { n: formatCount(r.evaluations as number, locale) })}）`
            }
          />
        )}
      </ChartCard>

      <ComplaintList />
      <BadReviewList />
    </DashboardFrame>
  );
}
