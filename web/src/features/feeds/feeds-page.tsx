// 数据接入 Data feeds: for each department, the records received in the period, refused by rule,
// voids, and the time since its last record, with stale feeds first and marked in words; the
// daily totals and the refusals by rule across departments.
import { useResource } from '../../api/use-resource';
import { BarChart } from '../../components/charts/charts';
import { ChartCard } from '../../components/charts/chart-card';
import { StatTiles } from '../../components/stat-tiles';
import { formatCount, formatShortDate } from '../../format/format';
import { useLocale, useT } from '../../i18n/i18n';
import type { SessionUser } from '../auth/session';
import { DashboardProvider, useDashboard } from '../dashboard/dashboard-context';
import { DashboardFrame } from '../dashboard/dashboard-frame';
import { dailyTable, dailyTotals, feedRows, feedTable, refusalsByRule, ruleTable } from './feeds-data';
import { fetchFeeds } from './fetch-feeds';

export function FeedsPage({ user }: { user: SessionUser }) {
  return (
    <DashboardProvider user={user} page="data-feed">
      <FeedsView />
    </DashboardProvider>
  );
}

function FeedsView() {
  const t = useT();
  const [locale] = useLocale();
  const d = useDashboard();
  const f = d.filters;
  const feeds = useResource((signal) => fetchFeeds(f.from, f.to, signal), [f.from, f.to]);
  const data = feeds.data && f.department ? { ...feeds.data, departments: feeds.data.departments.filter((x) => x.department === f.department) } : feeds.data;
  const rows = data ? feedRows(data, Date.now(), t, (code, fallback) => (d.departments ? d.deptName(code) : fallback)) : undefined;
  const days = data ? dailyTotals(data, (iso) => formatShortDate(iso, locale)) : undefined;
  const rules = data ? refusalsByRule(data, t) : undefined;
  const periodParts = [f.from, f.to];
  const stale = rows?.filter((r) => r.stale).length ?? 0;
  const totals = rows?.reduce((a, r) => ({ accepted: a.accepted + r.accepted, rejected: a.rejected + r.rejected, voids: a.voids + r.voids }), { accepted: 0, rejected: 0, voids: 0 });

  return (
    <DashboardFrame title={t('nav.dataFeed')} intro={t('feeds.intro')} dims={['department']} showCompare={false}>
      <ChartCard id="feeds-by-department" title={t('feeds.byDepartment')} wide tableOnly fileParts={periodParts}
        description={(
          <>
            {totals && data && (
              <StatTiles tiles={[
                { id: 'stale', label: t('feeds.staleCount'), kind: 'count', value: stale, good: stale === 0 ? null : false, note: t('feeds.staleRule', { n: data.staleAfterDays }) },
                { id: 'accepted', label: t('feeds.accepted'), kind: 'count', value: totals.accepted },
                { id: 'rejected', label: t('feeds.rejected'), kind: 'count', value: totals.rejected },
                { id: 'voids', label: t('feeds.voids'), kind: 'count', value: totals.voids },
              ]} />
            )}
          </>
        )}
        table={rows && data ? feedTable(rows, t, data.staleAfterDays, locale) : undefined}
        loading={feeds.loading} error={feeds.error} onRetry={feeds.reload} />
      <div className="chart-grid">
        <ChartCard id="feeds-daily" title={t('feeds.daily')} fileParts={periodParts}
          table={days ? dailyTable(days, t) : undefined} loading={feeds.loading} error={feeds.error} onRetry={feeds.reload}>
          {days && (
            <BarChart data={days} index="label" stacked
              categories={[{ key: 'accepted', label: t('feeds.accepted') }, { key: 'refused', label: t('feeds.refused'), color: 'red' }]}
              integer valueFormatter={(v) => formatCount(v, locale)} barLabel={() => ''} />
          )}
        </ChartCard>
        <ChartCard id="feeds-rules" title={t('feeds.byRule')} fileParts={periodParts}
          table={rules ? ruleTable(rules, t) : undefined} loading={feeds.loading} error={feeds.error} onRetry={feeds.reload}>
          {rules && (
            <BarChart data={rules} index="label" layout="ranking" labelWidth={220}
              categories={[{ key: 'count', label: t('feeds.rejected'), color: 'red' }]}
              integer valueFormatter={(v) => formatCount(v, locale)} />
          )}
        </ChartCard>
      </div>
    </DashboardFrame>
  );
}
