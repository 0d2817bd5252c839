// 办件时效 Timeliness: on-time rate and processing time with their change, the red and yellow
// warning lists (each case links to its page with the clock explanation), on-time rate ranked by
// department and by district with the counts behind each rate, and processing time p50/p90 per
// department and over time. With ?caseDept=…&caseId=… it shows that case instead.
import { useEffect, useState } from 'react';
import { useResource } from '../../api/use-resource';
import { BarChart, LineChart } from '../../components/charts/charts';
import { ChartCard } from '../../components/charts/chart-card';
import { StatTiles } from '../../components/stat-tiles';
import { formatCount, formatDays, formatRate } from '../../format/format';
import { useT } from '../../i18n/i18n';
import { compareLabel, comparePeriodText } from '../dashboard/compare-label';
import { useDashboard } from '../dashboard/dashboard-context';
import { DashboardFrame } from '../dashboard/dashboard-frame';
import { breakdownSupported, isCounty } from '../dashboard/filters-data';
import { fetchItems, type WarningCase } from '../dashboard/fetch-figures';
import { mergeSeries, seriesTable } from '../dashboard/series-data';
import { headlineTable } from '../overview/overview-data';
import { CasePage } from './case-page';
import { fetchOnTimeBy, fetchProcessingBy, fetchProcessingHistogram, fetchProcessingTrend, fetchWarningPage } from './fetch-timeliness';
import {
  histogramRows,
  histogramTable,
  onTimeRanking,
  processingByDepartment,
  rankingMinimum,
  processingTable,
  rankingTable,
  warningTable,
  type WarningRow,
} from './timeliness-data';
import { dashboardPage, usePageBasics, usePageHeadlines } from '../dashboard/page-kit';

export const TimelinessPage = dashboardPage('timeliness', Timeliness);

function Timeliness() {
  const d = useDashboard();
  const caseDept = d.params.get('caseDept');
  const caseId = d.params.get('caseId');
  if (caseDept && caseId) return <CasePage department={caseDept} caseId={caseId} />;
  return <TimelinessOverview />;
}

function TimelinessOverview() {
  const { t, locale, d, f, q, periodParts } = usePageBasics();

  const { figures, rows } = usePageHeadlines([
    'onTimeRate',
    'completed',
    'overdueOpen',
    'processingP50',
    'processingP90',
    'processingMean',
    'limitCompression',
    'zeroVisitShare',
  ]);

  const deptOk = breakdownSupported('department', d.effective);
  const regionOk = breakdownSupported('region', d.effective);
  const byDept = useResource((signal) => (deptOk ? fetchOnTimeBy(f, 'department', signal) : Promise.resolve(null)), [q, deptOk]);
  const byRegion = useResource((signal) => (regionOk ? fetchOnTimeBy(f, 'region', signal) : Promise.resolve(null)), [q, regionOk]);
  const processing = useResource((signal) => (deptOk ? fetchProcessingBy(f, signal) : Promise.resolve(null)), [q, deptOk]);
  const trend = useResource((signal) => fetchProcessingTrend(f, signal), [q]);
  const histogram = useResource((signal) => fetchProcessingHistogram(f, signal), [q]);
  const histRows = histogram.data ? histogramRows(histogram.data, t, locale) : undefined;

  const deptRanking = byDept.data ? onTimeRanking(byDept.data, d.deptName, t, locale) : undefined;
  const regionRanking = byRegion.data ? onTimeRanking(byRegion.data, d.regionName, t, locale) : undefined;
  const procRows = processing.data ? processingByDepartment(processing.data[0].rows, processing.data[1].rows, d.deptName) : undefined;
  const trendRows = trend.data ? mergeSeries(trend.data, locale) : undefined;
  const regionTitle =
    d.effective.region && isCounty(d.effective.region)
      ? t('timeliness.byTownship', { name: d.regionName(d.effective.region) })
      : t('timeliness.byDistrict');

  return (
    <DashboardFrame title={t('nav.timeliness')} intro={t('timeliness.intro')}>
      <ChartCard
        id="timeliness-headlines"
        title={t('timeliness.headlines')}
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

      <WarningList level="red" />
      <WarningList level="yellow" />

      <ChartCard
        id="on-time-by-department"
        title={t('timeliness.byDepartment')}
        wide
        fileParts={periodParts}
        description={<p className="muted">{t('timeliness.rankingNote', { n: rankingMinimum(byDept.data) })}</p>}
        notice={d.breakdownNotice('department')}
        table={deptRanking ? rankingTable(deptRanking, t, t('filters.department')) : undefined}
        loading={byDept.loading}
        error={byDept.error}
        onRetry={byDept.reload}
      >
        {deptRanking && (
          <BarChart
            data={deptRanking.filter((r) => r.value !== null)}
            index="display"
            layout="ranking"
            maxValue={1}
            categories={[{ key: 'value', label: t('ranking.onTimeRate'), color: 'green' }]}
            valueFormatter={(v) => formatRate(v, locale, 0)}
            barLabel={(r) => r.barText}
            highlight={(r) => r.smallSample}
            highlightColor="grey"
          />
        )}
      </ChartCard>

      <ChartCard
        id="on-time-by-region"
        title={regionTitle}
        wide
        fileParts={periodParts}
        notice={d.breakdownNotice('region')}
        table={regionRanking ? rankingTable(regionRanking, t, t('filters.region')) : undefined}
        loading={byRegion.loading}
        error={byRegion.error}
        onRetry={byRegion.reload}
      >
        {regionRanking && (
          <BarChart
            data={regionRanking.filter((r) => r.value !== null)}
            index="display"
            layout="ranking"
            maxValue={1}
            categories={[{ key: 'value', label: t('ranking.onTimeRate'), color: 'green' }]}
            valueFormatter={(v) => formatRate(v, locale, 0)}
            barLabel={(r) => r.barText}
            highlight={(r) => r.smallSample}
            highlightColor="grey"
            labelWidth={160}
          />
        )}
      </ChartCard>

      <ChartCard
        id="processing-histogram"
        title={t('timeliness.histogram')}
        wide
        fileParts={periodParts}
        description={
          histogram.data ? (
            <p className="muted">
              {t('timeliness.histogramNote', { p50: formatDays(histogram.data.p50, locale), p90: formatDays(histogram.data.p90, locale) })}
            </p>
          ) : undefined
        }
        table={histRows ? histogramTable(histRows, t) : undefined}
        loading={histogram.loading}
        error={histogram.error}
        onRetry={histogram.reload}
      >
        {histRows && (
          <BarChart
            data={histRows}
            index="label"
            categories={[{ key: 'count', label: t('ranking.completed') }]}
            integer
            valueFormatter={(v) => formatCount(v, locale)}
            barLabel={(r) => `${formatCount(r.count, locale)}（${formatRate(r.share, locale)}）`}
          />
        )}
      </ChartCard>

      <div className="chart-grid">
        <ChartCard
          id="processing-trend"
          title={t('timeliness.processingTrend')}
          fileParts={periodParts}
          table={trendRows ? seriesTable(trendRows, ['processingP50', 'processingP90'], t, locale) : undefined}
          loading={trend.loading}
          error={trend.error}
          onRetry={trend.reload}
        >
          {trendRows && (
            <LineChart
              data={trendRows}
              index="label"
              valueFormatter={(v) => formatDays(v, locale)}
              categories={[
                { key: 'processingP50', label: t('timeliness.p50') },
                { key: 'processingP90', label: t('timeliness.p90'), color: 'orange' },
              ]}
            />
          )}
        </ChartCard>
        <ChartCard
          id="processing-by-department"
          title={t('timeliness.processingByDepartment')}
          fileParts={periodParts}
          description={<p className="muted">{t('timeliness.processingNote')}</p>}
          notice={d.breakdownNotice('department')}
          table={procRows ? processingTable(procRows, t) : undefined}
          loading={processing.loading}
          error={processing.error}
          onRetry={processing.reload}
        >
          {procRows && (
            <BarChart
              data={procRows}
              index="label"
              layout="ranking"
              labelWidth={200}
              categories={[
                { key: 'p50', label: t('timeliness.p50') },
                { key: 'p90', label: t('timeliness.p90'), color: 'orange' },
              ]}
              valueFormatter={(v) => formatDays(v, locale)}
            />
          )}
        </ChartCard>
      </div>
    </DashboardFrame>
  );
}

/** The red or yellow list: the oldest deadlines first, more on request; each case links to its page. */
function WarningList({ level }: { level: 'red' | 'yellow' }) {
  const t = useT();
  const d = useDashboard();
  const filter = { ...d.effective };
  delete filter.level;
  const key = JSON.stringify(filter);
  const first = useResource((signal) => fetchWarningPage(filter, level, undefined, signal), [key, level]);
  const [more, setMore] = useState<{ cases: WarningCase[]; next: string | undefined }>({ cases: [], next: undefined });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>();
  useEffect(() => {
    setMore({ cases: [], next: undefined });
    setMoreError(undefined);
  }, [key, level, first.data]);

  const next = more.cases.length ? more.next : first.data?.next;
  const cases = first.data ? [...first.data.cases, ...more.cases] : undefined;
  // Item names from the departments' catalogs (cached); the list shows codes until they arrive.
  const depts = [...new Set((cases ?? []).map((c) => c.department))].sort();
  const items = useResource(
    () => Promise.all(depts.map((x) => fetchItems(x).catch(() => []))).then((l) => new Map(l.flat().map((i) => [i.itemCode, i.name]))),
    [depts.join()],
  );
  const rows: WarningRow[] | undefined = cases?.map((c) => ({
    ...c,
    deptName: d.deptName(c.department),
    regionName: d.regionName(c.regionCode),
    itemName: items.data?.get(c.itemCode),
    itemNamesLoaded: items.data !== undefined,
    href: d.hrefWith({ caseDept: c.department, caseId: c.caseId }),
  }));
  const loadMore = async () => {
    if (!next) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await fetchWarningPage(filter, level, next);
      setMore((m) => ({ cases: [...m.cases, ...page.cases], next: page.next }));
    } catch (e) {
      setMoreError(e);
    } finally {
      setLoadingMore(false);
    }
  };
  return (
    <ChartCard
      id={`warnings-${level}`}
      wide
      tableOnly
      title={level === 'red' ? t('warnings.redTitle') : t('warnings.yellowTitle')}
      description={
        <p className="muted">
          {level === 'red' ? t('warnings.redNote') : t('warnings.yellowNote')}
          {d.filters.level ? ` ${t('warnings.noLevelFilter')}` : ''}
        </p>
      }
      table={rows ? warningTable(rows, t) : undefined}
      fileParts={[d.today]}
      loading={first.loading}
      error={first.error ?? moreError}
      onRetry={first.reload}
      actions={
        next ? (
          <button type="button" className="button" onClick={() => void loadMore()} disabled={loadingMore}>
            {loadingMore ? t('common.loading') : t('warnings.more')}
          </button>
        ) : undefined
      }
    />
  );
}
