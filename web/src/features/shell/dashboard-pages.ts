// The dashboard pages of the shell, each loaded on demand so the first screen stays small and
// the chart library is only fetched with the first page that draws a chart. `preloadPage` starts
// a page's download early (at start-up, next to the session check) without rendering it.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { SessionUser } from '../auth/session';
import type { PageId } from './routes';

type PageModule = { default: ComponentType<{ user: SessionUser }> };
type DashboardPage = LazyExoticComponent<ComponentType<{ user: SessionUser }>>;

/** Every page but the administrator's (which the shell renders itself) is loaded on demand. */
const LOADERS: Record<Exclude<PageId, 'admin'>, () => Promise<PageModule>> = {
  overview: () => import('../overview/overview-page').then((m) => ({ default: m.OverviewPage })),
  timeliness: () => import('../timeliness/timeliness-page').then((m) => ({ default: m.TimelinessPage })),
  'certificate-free': () => import('../materials/materials-page').then((m) => ({ default: m.MaterialsPage })),
  'elderly-nearby': () => import('../elderly/elderly-page').then((m) => ({ default: m.ElderlyPage })),
  complaints: () => import('../complaints/complaints-page').then((m) => ({ default: m.ComplaintsPage })),
  'data-feed': () => import('../feeds/feeds-page').then((m) => ({ default: m.FeedsPage })),
  'monthly-report': () => import('../reports/reports-page').then((m) => ({ default: m.ReportsPage })),
  messages: () => import('../messages/messages-page').then((m) => ({ default: m.MessagesPage })),
};

// One promise per page, shared by preloadPage and React.lazy, so a preloaded page is not fetched twice.
const loading = new Map<PageId, Promise<PageModule>>();
function load(page: PageId, loader: () => Promise<PageModule>): Promise<PageModule> {
  let p = loading.get(page);
  if (!p) {
    p = loader();
    loading.set(page, p);
    p.catch(() => loading.delete(page)); // a failed chunk is tried again (ErrorBoundary offers a reload)
  }
  return p;
}

export const DASHBOARD_PAGES: Partial<Record<PageId, DashboardPage>> = Object.fromEntries(
  Object.entries(LOADERS).map(([page, loader]) => [page, lazy(() => load(page as PageId, loader))]),
);

/** Starts downloading a page's code; harmless for pages that are not lazy or already loaded. */
export function preloadPage(page: PageId): void {
  const loader = page === 'admin' ? undefined : LOADERS[page];
  if (loader) void load(page, loader).catch(() => undefined);
}
