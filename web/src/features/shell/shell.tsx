// The signed-in frame: header, navigation to every dashboard page, and the current page. Pages
// other than the shell are lazy-loaded so the first screen stays small (charts come later).
import { lazy, Suspense, useEffect, useRef } from 'react';
import { ErrorBoundary } from '../../components/error-boundary';
import { useT } from '../../i18n/i18n';
import { useSession, type SessionUser } from '../auth/session';
import { Header } from './header';
import { DASHBOARD_PAGES } from './dashboard-pages';
import { PipelineStatusLine } from './pipeline-status';
import { canOpen, homeHref, homePage, PAGE_INFO, PAGES, pageHref, type PageId } from './routes';
import { useHashRoute } from './use-hash-route';

const AdminPage = lazy(() => import('../admin/admin-page').then((m) => ({ default: m.AdminPage })));

export function Shell({ user }: { user: SessionUser }) {
  const t = useT();
  const { signOut } = useSession();
  const route = useHashRoute();
  const page: PageId = route.page ?? homePage(user.role);
  const title = t(PAGE_INFO[page].label);
  const mainRef = useRef<HTMLElement>(null);
  const firstPage = useRef(true);

  useEffect(() => {
    if (route.page) return;
    // A leader's home carries a parameter the page must see (?latest=1): replace the URL so that
    // the hash route changes (hashchange); others keep the quiet replaceState.
    if (user.role === 'leadership') window.location.replace(homeHref(user.role));
    else history.replaceState(null, '', pageHref(page));
  }, [route.page, page, user.role]);

  useEffect(() => {
    document.title = `${title} · ${t('app.product')} ${t('app.name')}`;
  }, [title, t]);

  // After navigating, move focus to the new page so keyboard and screen-reader users start there.
  useEffect(() => {
    if (firstPage.current) {
      firstPage.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [page]);

  return (
    <div className="app">
      {/* biome-ignore lint/a11y/useValidAnchor: a real link to #main; the handler only moves focus without changing the hash route */}
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          mainRef.current?.focus();
        }}
      >
        {t('app.skipToMain')}
      </a>
      <Header user={user} onSignOut={() => void signOut().then(forgetPage)} />
      <div className="app-body">
        <nav className="app-nav" aria-label={t('shell.mainNav')}>
          <ul>
            {PAGES.filter((p) => canOpen(p, user.role) && !PAGE_INFO[p].hidden).map((p) => (
              <li key={p}>
                <a href={pageHref(p)} aria-current={p === page ? 'page' : undefined}>
                  {t(PAGE_INFO[p].label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" className="app-main" ref={mainRef} tabIndex={-1}>
          <PipelineStatusLine />
          <PageContent page={page} user={user} title={title} />
        </main>
      </div>
    </div>
  );
}

/** After a sign-out the next person starts on their own home page, not the last user's page. */
function forgetPage() {
  history.replaceState(null, '', window.location.pathname + window.location.search);
}

function PageContent({ page, user, title }: { page: PageId; user: SessionUser; title: string }) {
  const t = useT();
  if (!canOpen(page, user.role)) {
    return (
      <>
        <h1>{title}</h1>
        <div className="card" role="alert">
          <p className="notice-title">{t('forbidden.title')}</p>
          <p>{t('forbidden.body')}</p>
        </div>
      </>
    );
  }
  const DashboardPage = DASHBOARD_PAGES[page];
  return (
    <ErrorBoundary key={page} fallback={<PageFailed />}>
      <Suspense
        fallback={
          <p role="status" className="muted">
            {t('common.loading')}
          </p>
        }
      >
        {DashboardPage ? <DashboardPage user={user} /> : <AdminPage />}
      </Suspense>
    </ErrorBoundary>
  );
}

function PageFailed() {
  const t = useT();
  return (
    <div className="notice notice-error" role="alert">
      <p>{t('common.pageFailed')}</p>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        {t('common.reload')}
      </button>
    </div>
  );
}
