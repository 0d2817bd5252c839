// 免证办与材料精简 Certificate-free handling and materials: exemption coverage of the catalog,
// material reduction and paper avoided with their change, how required materials were provided,
// paper avoided over time, the materials still most often handed in on paper (where the next
// exemption saves most), and coverage by department and by handling level.
import { useResource } from '../../api/use-resource';
import { BarChart, LineChart } from '../../components/charts/charts';
import { ChartCard } from '../../components/charts/chart-card';
import { StatTiles } from '../../components/stat-tiles';
import { formatCount, formatRate } from '../../format/format';
import { compareLabel, comparePeriodText } from '../dashboard/compare-label';
import { DashboardFrame } from '../dashboard/dashboard-frame';
import { breakdownSupported, paperSupported } from '../dashboard/filters-data';
import { metricLabel } from '../dashboard/metric-format';
import { mergeSeries, seriesTable } from '../dashboard/series-data';
import { headlineTable } from '../overview/overview-data';
import { fetchCoverageByDepartment, fetchCoverageByLevel, fetchLicences, fetchPaperRanking, fetchPaperTrend } from './fetch-materials';
import {
  coverageRows,
  coverageTable,
  levelName,
  licenceRanking,
  licenceTable,
  materialsByMethod,
  methodTable,
  paperRanking,
  paperTable,
} from './materials-data';
import { dashboardPage, usePageBasics, usePageHeadlines } from '../dashboard/page-kit';

/** Licence types drawn as bars (the table and CSV hold every type). */
const LICENCE_CHART_SIZE = 20;

export const MaterialsPage = dashboardPage('certificate-free', Materials);

function Materials() {
  const { t, locale, d, f, q, periodParts } = usePageBasics();

  const { figures, rows } = usePageHeadlines([
    'coverage',
    'certificateFreeItems',
    'reductionRate',
    'paperAvoided',
    'materialsPaper',
    'certificateFreeCaseShare',
  ]);
  const methods = figures.data ? materialsByMethod(figures.data.materials, t) : undefined;

  const trend = useResource((signal) => fetchPaperTrend(f, signal), [q]);
  const trendRows = trend.data ? mergeSeries(trend.data, locale) : undefined;

  const paperOk = paperSupported(d.effective);
  const paper = useResource((signal) => (paperOk ? fetchPaperRanking(f, signal) : Promise.resolve(null)), [q, paperOk]);
  const paperRows = paper.data ? paperRanking(paper.data.rows, d.deptName, t) : undefined;

  const licences = useResource((signal) => fetchLicences(f, signal), [q]);
  const licenceRows = licences.data ? licenceRanking(licences.data, t) : undefined;

  const deptOk = breakdownSupported('department', d.effective);
  const deptCodes = (d.departments ?? []).map((x) => x.code).filter((c) => !d.effective.department || c === d.effective.department);
  const byDept = useResource(
    (signal) => (deptOk && d.departments ? fetchCoverageByDepartment(f, deptCodes, signal) : Promise.resolve(null)),
    [q, deptOk, deptCodes.join()],
  );
  const deptCoverage = byDept.data ? coverageRows(byDept.data, (k) => d.deptName(k), locale, t) : undefined;
  const levelOk = breakdownSupported('level', d.effective);
  const byLevel = useResource((signal) => (levelOk ? fetchCoverageByLevel(f, signal) : Promise.resolve(null)), [q, levelOk]);
  const levelCoverage = byLevel.data ? coverageRows(byLevel.data, levelName(t), locale, t) : undefined;

  return (
    <DashboardFrame title={t('nav.certificateFree')} intro={t('materials.intro')}>
      <ChartCard
        id="materials-headlines"
        title={t('materials.headlines')}
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

      <ChartCard
        id="paper-ranking"
        title={t('materials.paperRanking')}
        wide
        fileParts={periodParts}
        description={<p className="muted">{t('materials.paperRankingNote', { n: paper.data?.total ?? 0 })}</p>}
        notice={paperOk ? undefined : t('materials.paperFilterNote')}
        table={paperRows ? paperTable(paperRows, t) : undefined}
        loading={paper.loading}
        error={paper.error}
        onRetry={paper.reload}
      >
        {paperRows && (
          <BarChart
            data={paperRows}
            index="display"
            layout="ranking"
            labelWidth={330}
            categories={[{ key: 'paper', label: t('materials.paperCount'), color: 'orange' }]}
            integer
            valueFormatter={(v) => formatCount(v, locale)}
          />
        )}
      </ChartCard>

      <ChartCard
        id="licence-ranking"
        title={t('licences.title')}
        wide
        fileParts={periodParts}
        description={
          licences.data ? (
            <p className="muted">
              {t('licences.note', {
                catalog: formatCount(licences.data.typesInCatalog, locale),
                inUse: formatCount(licences.data.typesInUse, locale),
                used: formatCount(licences.data.typesUsed, locale),
                materials: formatCount(licences.data.eLicenceMaterials, locale),
                unnamed: formatCount(licences.data.unnamedMaterials, locale),
              })}
            </p>
          ) : undefined
        }
        table={licenceRows ? licenceTable(licenceRows, t) : undefined}
        loading={licences.loading}
        error={licences.error}
        onRetry={licences.reload}
      >
        {licenceRows && (
          <BarChart
            data={licenceRows.slice(0, LICENCE_CHART_SIZE)}
            index="display"
            layout="ranking"
            labelWidth={220}
            categories={[
              { key: 'cases', label: t('licences.cases') },
              { key: 'materials', label: t('licences.materials'), color: 'green' },
            ]}
            integer
            valueFormatter={(v) => formatCount(v, locale)}
          />
        )}
      </ChartCard>

      <div className="chart-grid">
        <ChartCard
          id="materials-by-method"
          title={t('materials.byMethod')}
          fileParts={periodParts}
          description={
            figures.data ? (
              <p className="muted">{t('materials.requiredTotal', { n: formatCount(figures.data.materials.required, locale) })}</p>
            ) : undefined
          }
          table={methods && figures.data ? methodTable(methods, figures.data.materials.required, t) : undefined}
          loading={figures.loading}
          error={figures.error}
          onRetry={figures.reload}
        >
          {methods && (
            <BarChart
              data={methods}
              index="label"
              layout="ranking"
              labelWidth={130}
              categories={[{ key: 'count', label: t('materials.count') }]}
              highlight={(r) => !r.exempted}
              highlightColor="orange"
              barLabel={(r) => `${formatCount(r.count, locale)}（${formatRate(r.share, locale)}）`}
              integer
              valueFormatter={(v) => formatCount(v, locale)}
            />
          )}
        </ChartCard>
        <ChartCard
          id="coverage-by-level"
          title={t('materials.coverageByLevel')}
          notice={d.breakdownNotice('level')}
          table={levelCoverage ? coverageTable(levelCoverage, t, t('filters.level')) : undefined}
          loading={byLevel.loading}
          error={byLevel.error}
          onRetry={byLevel.reload}
        >
          {levelCoverage && (
            <BarChart
              data={levelCoverage}
              index="label"
              layout="ranking"
              maxValue={1}
              labelWidth={90}
              categories={[{ key: 'coverage', label: t('figure.coverage'), color: 'green' }]}
              valueFormatter={(v) => formatRate(v, locale, 0)}
              barLabel={(r) => r.barText}
            />
          )}
        </ChartCard>
      </div>

      <ChartCard
        id="paper-trend"
        wide
        title={t('materials.paperTrend')}
        fileParts={periodParts}
        table={trendRows ? seriesTable(trendRows, ['paperAvoided', 'materialsPaper'], t, locale) : undefined}
        loading={trend.loading}
        error={trend.error}
        onRetry={trend.reload}
      >
        {trendRows && (
          <LineChart
            data={trendRows}
            index="label"
            integer
            valueFormatter={(v) => formatCount(v, locale)}
            categories={[
              { key: 'paperAvoided', label: metricLabel('paperAvoided', locale), color: 'green' },
              { key: 'materialsPaper', label: metricLabel('materialsPaper', locale), color: 'orange' },
            ]}
          />
        )}
      </ChartCard>

      <ChartCard
        id="coverage-by-department"
        wide
        title={t('materials.coverageByDepartment')}
        description={<p className="muted">{t('materials.coverageNote')}</p>}
        notice={d.breakdownNotice('department')}
        table={deptCoverage ? coverageTable(deptCoverage, t, t('filters.department')) : undefined}
        loading={byDept.loading}
        error={byDept.error}
        onRetry={byDept.reload}
      >
        {deptCoverage && (
          <BarChart
            data={deptCoverage}
            index="label"
            layout="ranking"
            maxValue={1}
            labelWidth={200}
            categories={[{ key: 'coverage', label: t('figure.coverage'), color: 'green' }]}
            valueFormatter={(v) => formatRate(v, locale, 0)}
            barLabel={(r) => r.barText}
          />
        )}
      </ChartCard>
    </DashboardFrame>
  );
}
