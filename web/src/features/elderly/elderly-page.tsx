// 适老化、帮办代办与就近办 Elderly, proxy and nearby: the elderly share of applicants and how many
// of them were helped (帮办代办), by channel and by district; volumes by handling level (city →
// community) with the nearby levels marked; items delegated to each level; the shares over time.
import { useResource } from '../../api/use-resource';
import { BarChart, LineChart } from '../../components/charts/charts';
import { ChartCard } from '../../components/charts/chart-card';
import { StatTiles } from '../../components/stat-tiles';
import { formatCount, formatRate } from '../../format/format';
import { compareLabel, comparePeriodText } from '../dashboard/compare-label';
import { DashboardFrame } from '../dashboard/dashboard-frame';
import { breakdownSupported, isCounty } from '../dashboard/filters-data';
import { metricLabel } from '../dashboard/metric-format';
import { mergeSeries, seriesTable } from '../dashboard/series-data';
import { headlineTable } from '../overview/overview-data';
import {
  byLevelOrder,
  channelName,
  isNearbyLevel,
  delegatedRows,
  delegatedTable,
  joinedRows,
  joinedTable,
  levelLabel,
} from './elderly-data';
import { ageBandRows, applicantTable, assistedRows, type ApplicantRow } from './applicants-data';
import { fetchApplicants, fetchBreakdowns, fetchShareTrend, SHARE_TREND } from './fetch-elderly';
import { dashboardPage, usePageBasics, usePageHeadlines } from '../dashboard/page-kit';

const CHANNEL_METRICS = ['accepted', 'elderlyShare', 'elderlyAssistedShare'] as const;
const REGION_METRICS = ['elderlyShare', 'elderlyAssistedShare', 'nearbyShare'] as const;

export const ElderlyPage = dashboardPage('elderly-nearby', Elderly);

function Elderly() {
  const { t, locale, d, f, q, periodParts } = usePageBasics();
  const rate0 = (v: number) => formatRate(v, locale, 0);

  const { figures, rows } = usePageHeadlines([
    'elderlyShare',
    'elderlyAssistedShare',
    'nearbyShare',
    'onlineShare',
    'atMostOneVisitShare',
    'accepted',
  ]);
  const delegated = figures.data ? delegatedRows(figures.data.catalog, t) : undefined;

  const channelOk = breakdownSupported('channel', d.effective);
  const byChannel = useResource(
    (signal) => (channelOk ? fetchBreakdowns(f, 'channel', CHANNEL_METRICS, signal) : Promise.resolve(null)),
    [q, channelOk],
  );
  const channelRows = byChannel.data ? joinedRows(byChannel.data, channelName(t)) : undefined;

  const levelOk = breakdownSupported('level', d.effective);
  const byLevel = useResource(
    (signal) => (levelOk ? fetchBreakdowns(f, 'level', ['accepted'], signal) : Promise.resolve(null)),
    [q, levelOk],
  );
  const levelRows = byLevel.data ? byLevelOrder(joinedRows(byLevel.data, levelLabel(t))) : undefined;

  const regionOk = breakdownSupported('region', d.effective);
  const byRegion = useResource(
    (signal) => (regionOk ? fetchBreakdowns(f, 'region', REGION_METRICS, signal) : Promise.resolve(null)),
    [q, regionOk],
  );
  const regionRows = byRegion.data ? joinedRows(byRegion.data, d.regionName) : undefined;
  const regionTitle =
    d.effective.region && isCounty(d.effective.region)
      ? t('elderly.byTownship', { name: d.regionName(d.effective.region) })
      : t('elderly.byDistrict');

  const applicants = useResource((signal) => fetchApplicants(f, signal), [q]);
  const bandRows = applicants.data ? ageBandRows(applicants.data, t) : undefined;
  const modeRows = applicants.data ? assistedRows(applicants.data, t) : undefined;
  const casesLabel = (r: ApplicantRow) => `${formatRate(r.share, locale)}（${t('elderly.casesN', { n: formatCount(r.cases, locale) })}）`;

  const trend = useResource((signal) => fetchShareTrend(f, signal), [q]);
  const trendRows = trend.data ? mergeSeries(trend.data, locale) : undefined;

  return (
    <DashboardFrame title={t('nav.elderlyNearby')} intro={t('elderly.intro')}>
      <ChartCard
        id="elderly-headlines"
        title={t('elderly.headlines')}
        plain
        fileParts={periodParts}
        description={<p className="muted">{comparePeriodText(figures.data, t, locale)}</p>}
        table={rows ? headlineTable(rows, t) : undefined}
        loading={figures.loading}
        error={figures.error}
        onRetry={figures.reload}
      >
        {rows && <StatTiles tiles={rows} {...(compareLabel(figures.data, t) ? { compareLabel: compareLabel(figures.data, t)! } : {})} />}
      </ChartCard>

      <div className="chart-grid">
        <ChartCard
          id="elderly-by-channel"
          title={t('elderly.byChannel')}
          fileParts={periodParts}
          notice={d.breakdownNotice('channel')}
          table={channelRows ? joinedTable(channelRows, CHANNEL_METRICS, t, locale, t('filters.channel')) : undefined}
          loading={byChannel.loading}
          error={byChannel.error}
          onRetry={byChannel.reload}
        >
          {channelRows && (
            <BarChart
              data={channelRows}
              index="label"
              layout="ranking"
              maxValue={1}
              labelWidth={110}
              categories={[
                { key: 'elderlyShare', label: metricLabel('elderlyShare', locale) },
                { key: 'elderlyAssistedShare', label: metricLabel('elderlyAssistedShare', locale), color: 'orange' },
              ]}
              valueFormatter={rate0}
              barLabel={(r) =>
                `${formatRate(r.elderlyShare as number | null, locale)}（${t('elderly.acceptedN', { n: formatCount(r.accepted as number, locale) })}）`
              }
            />
          )}
        </ChartCard>
        <ChartCard
          id="volume-by-level"
          title={t('elderly.byLevel')}
          fileParts={periodParts}
          description={<p className="muted">{t('elderly.byLevelNote')}</p>}
          notice={d.breakdownNotice('level')}
          table={levelRows ? joinedTable(levelRows, ['accepted'], t, locale, t('filters.level')) : undefined}
          loading={byLevel.loading}
          error={byLevel.error}
          onRetry={byLevel.reload}
        >
          {levelRows && (
            <BarChart
              data={levelRows}
              index="label"
              layout="ranking"
              labelWidth={150}
              categories={[{ key: 'accepted', label: metricLabel('accepted', locale) }]}
              highlight={(r) => isNearbyLevel(r.key)}
              highlightColor="green"
              integer
              valueFormatter={(v) => formatCount(v, locale)}
            />
          )}
        </ChartCard>
      </div>

      <div className="chart-grid">
        <ChartCard
          id="elderly-by-age-band"
          title={t('elderly.byAgeBand')}
          fileParts={periodParts}
          description={<p className="muted">{t('elderly.byAgeBandNote')}</p>}
          table={bandRows ? applicantTable(bandRows, t, 'ageBand') : undefined}
          loading={applicants.loading}
          error={applicants.error}
          onRetry={applicants.reload}
        >
          {bandRows && (
            <BarChart
              data={bandRows}
              index="label"
              layout="ranking"
              maxValue={1}
              labelWidth={110}
              categories={[
                { key: 'share', label: t('elderly.bandShare') },
                { key: 'subShare', label: t('elderly.assistedShare'), color: 'orange' },
              ]}
              valueFormatter={rate0}
              barLabel={casesLabel}
            />
          )}
        </ChartCard>
        <ChartCard
          id="assisted-by-mode"
          title={t('elderly.byAssisted')}
          fileParts={periodParts}
          description={<p className="muted">{t('elderly.byAssistedNote')}</p>}
          table={modeRows ? applicantTable(modeRows, t, 'assisted') : undefined}
          loading={applicants.loading}
          error={applicants.error}
          onRetry={applicants.reload}
        >
          {modeRows && (
            <BarChart
              data={modeRows}
              index="label"
              layout="ranking"
              maxValue={1}
              labelWidth={110}
              categories={[
                { key: 'share', label: t('elderly.modeShare') },
                { key: 'subShare', label: t('elderly.elderlyShare'), color: 'orange' },
              ]}
              valueFormatter={rate0}
              barLabel={casesLabel}
            />
          )}
        </ChartCard>
      </div>

      <div className="chart-grid">
        <ChartCard
          id="elderly-by-region"
          title={regionTitle}
          fileParts={periodParts}
          notice={d.breakdownNotice('region')}
          table={regionRows ? joinedTable(regionRows, REGION_METRICS, t, locale, t('filters.region')) : undefined}
          loading={byRegion.loading}
          error={byRegion.error}
          onRetry={byRegion.reload}
        >
          {regionRows && (
            <BarChart
              data={regionRows}
              index="label"
              layout="ranking"
              maxValue={1}
              labelWidth={140}
              categories={[
                { key: 'elderlyShare', label: metricLabel('elderlyShare', locale) },
                { key: 'elderlyAssistedShare', label: metricLabel('elderlyAssistedShare', locale), color: 'orange' },
                { key: 'nearbyShare', label: metricLabel('nearbyShare', locale), color: 'green' },
              ]}
              valueFormatter={rate0}
              barLabel={(r) => formatRate(r.elderlyShare as number | null, locale)}
            />
          )}
        </ChartCard>
        <ChartCard
          id="delegated-items"
          title={t('elderly.delegated')}
          description={<p className="muted">{t('elderly.delegatedNote')}</p>}
          table={delegated ? delegatedTable(delegated, t) : undefined}
          loading={figures.loading}
          error={figures.error}
          onRetry={figures.reload}
        >
          {delegated && (
            <BarChart
              data={delegated}
              index="label"
              layout="ranking"
              labelWidth={150}
              categories={[{ key: 'items', label: t('elderly.delegatedItems') }]}
              highlight={(r) => r.nearby}
              highlightColor="green"
              integer
              valueFormatter={(v) => formatCount(v, locale)}
            />
          )}
        </ChartCard>
      </div>

      <ChartCard
        id="share-trend"
        title={t('elderly.trend')}
        wide
        fileParts={periodParts}
        table={trendRows ? seriesTable(trendRows, SHARE_TREND, t, locale) : undefined}
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
            categories={[
              { key: 'elderlyShare', label: metricLabel('elderlyShare', locale) },
              { key: 'elderlyAssistedShare', label: metricLabel('elderlyAssistedShare', locale), color: 'orange' },
              { key: 'nearbyShare', label: metricLabel('nearbyShare', locale), color: 'green' },
            ]}
          />
        )}
      </ChartCard>
    </DashboardFrame>
  );
}
