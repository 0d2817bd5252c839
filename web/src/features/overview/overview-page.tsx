// 总览 Overview: the headline figures of the period with their change against the comparison
// period, each linking to the page that explains it, and the trends of volume and on-time rate.
import { useResource } from '../../api/use-resource';
import { ChartCard } from '../../components/charts/chart-card';
import { LineChart } from '../../components/charts/charts';
import { StatTiles } from '../../components/stat-tiles';
import { formatCount, formatRate } from '../../format/format';
import { compareLabel, comparePeriodText } from '../dashboard/compare-label';
import { DashboardFrame } from '../dashboard/dashboard-frame';
import { metricLabel } from '../dashboard/metric-format';
import { mergeSeries, seriesTable } from '../dashboard/series-data';
import { fetchTrends, ON_TIME_METRICS, useHeadlines, VOLUME_METRICS } from './fetch-overview';
import { headlineRows, headlineTable, workQueue } from './overview-data';
import { pageHref } from '../shell/routes';
import { dashboardPage, usePageBasics } from '../dashboard/page-kit';

export const OverviewPage = dashboardPage('overview', Overview);

function Overview() {
  const { t, locale, d, f, q } = usePageBasics();
  const figures = useHeadlines(f);
  const volume = useResource((signal) => fetchTrends(f, VOLUME_METRICS, signal), [q]);
  const onTime = useResource((signal) => fetchTrends(f, ON_TIME_METRICS, signal), [q]);

  const rows = figures.data ? headlineRows(figures.data, t, locale) : undefined;
  const filterParams = Object.fromEntries(d.params);
  const tiles = rows?.map((r) => ({ ...r, href: pageHref(r.page, filterParams) }));
  const volumeRows = volume.data ? mergeSeries(volume.data, locale) : undefined;
  const onTimeRows = onTime.data ? mergeSeries(onTime.data, locale) : undefined;
  const periodParts = [f.from, f.to];

  const queue = workQueue(f, d.today, t, figures.data && f.to === d.today ? figures.data.cases.overdueOpen : null, locale);

  return (
    <DashboardFrame title={t('nav.overview')} intro={t('overview.intro')}>
      <nav className="card work-queue" aria-labelledby="work-queue-h">
        <h2 id="work-queue-h">{t('overview.queue')}</h2>
        <ul>
          {queue.map((q) => (
            <li key={q.id}>
              <a href={q.href} data-queue={q.id}>
                {q.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <ChartCard
        id="headlines"
        title={t('overview.headlines')}
        plain
        description={<p className="muted">{comparePeriodText(figures.data, t, locale)}</p>}
        table={rows ? headlineTable(rows, t) : undefined}
        fileParts={periodParts}
        loading={figures.loading}
        error={figures.error}
        onRetry={figures.reload}
      >
        {tiles && <StatTiles tiles={tiles} {...(compareLabel(figures.data, t) ? { compareLabel: compareLabel(figures.data, t)! } : {})} />}
      </ChartCard>
      <div className="chart-grid">
        <ChartCard
          id="volume-trend"
          title={t('overview.volumeTrend')}
          fileParts={periodParts}
          table={volumeRows ? seriesTable(volumeRows, VOLUME_METRICS, t, locale) : undefined}
          loading={volume.loading}
          error={volume.error}
          onRetry={volume.reload}
        >
          {volumeRows && (
            <LineChart
              data={volumeRows}
              index="label"
              integer
              valueFormatter={(v) => formatCount(v, locale)}
              categories={[
                { key: 'accepted', label: metricLabel('accepted', locale) },
                { key: 'completed', label: metricLabel('completed', locale), color: 'orange' },
              ]}
            />
          )}
        </ChartCard>
        <ChartCard
          id="on-time-trend"
          title={t('overview.onTimeTrend')}
          fileParts={periodParts}
          table={onTimeRows ? seriesTable(onTimeRows, ON_TIME_METRICS, t, locale) : undefined}
          loading={onTime.loading}
          error={onTime.error}
          onRetry={onTime.reload}
        >
          {onTimeRows && (
            <LineChart
              data={onTimeRows}
              index="label"
              valueFormatter={(v) => formatRate(v, locale, 0)}
              maxValue={1}
              categories={[{ key: 'onTimeRate', label: metricLabel('onTimeRate', locale), color: 'green' }]}
            />
          )}
        </ChartCard>
      </div>
    </DashboardFrame>
  );
}
