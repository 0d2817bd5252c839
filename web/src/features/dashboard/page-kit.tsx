// What every figures page of the dashboard starts with, written once: the page component that puts
// its body inside the dashboard's filters (DashboardProvider), and the values each body reads first
// — translations, locale, the dashboard, its filters, the figures query and the period for file
// names — and its headline rows.
import type { ReactElement } from 'react';
import { useLocale, useT } from '../../i18n/i18n';
import type { SessionUser } from '../auth/session';
import { useHeadlines } from '../overview/fetch-overview';
import { headlineRows, type HeadlineId } from '../overview/overview-data';
import type { PageId } from '../shell/routes';
import { DashboardProvider, useDashboard } from './dashboard-context';
import { figuresQuery } from './filters-data';

/** The page component of a figures page: its body inside the dashboard's filters for `page`. */
export function dashboardPage(page: PageId, Body: () => ReactElement) {
  return function DashboardPage({ user }: { user: SessionUser }) {
    return (
      <DashboardProvider user={user} page={page}>
        <Body />
      </DashboardProvider>
    );
  };
}

/** The values a page body reads first. */
export function usePageBasics() {
  const t = useT();
  const [locale] = useLocale();
  const d = useDashboard();
  const f = d.filters;
  return { t, locale, d, f, q: figuresQuery(f), periodParts: [f.from, f.to] };
}

/** The page's headline figures (the figures of the period, with comparison) and its tiles' rows. */
export function usePageHeadlines(ids: readonly HeadlineId[]) {
  const { t, locale, f } = usePageBasics();
  const figures = useHeadlines(f);
  const rows = figures.data ? headlineRows(figures.data, t, locale, ids) : undefined;
  return { figures, rows };
}
