// The web app: language and session providers, then the sign-in page or the signed-in shell.
import { useEffect } from 'react';
import { ErrorMessage } from './components/error-message';
import { SessionProvider, useSession, type SignInNotice } from './features/auth/session';
import { SignInPage } from './features/auth/sign-in-page';
import { Header } from './features/shell/header';
import { Shell } from './features/shell/shell';
import { I18nProvider, useT } from './i18n/i18n';

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Screen />
      </SessionProvider>
    </I18nProvider>
  );
}

function Screen() {
  const { state, retryRestore } = useSession();
  if (state.status === 'signedIn') return <Shell user={state.user} />;
  return (
    <div className="app">
      <Header />
      <main id="main" className="app-main app-main-narrow">
        {state.status === 'signedOut' && <SignedOut notice={state.notice} />}
        {state.status === 'restoring' && <Restoring />}
        {state.status === 'restoreFailed' && <RestoreFailed error={state.error} onRetry={retryRestore} />}
      </main>
    </div>
  );
}

function SignedOut({ notice }: { notice: SignInNotice | undefined }) {
  const t = useT();
  useEffect(() => {
    document.title = `${t('signIn.title')} · ${t('app.product')} ${t('app.name')}`;
  }, [t]);
  return <SignInPage notice={notice} />;
}

function Restoring() {
  const t = useT();
  return (
    <p role="status" className="muted">
      {t('common.loading')}
    </p>
  );
}

function RestoreFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const t = useT();
  return (
    <section className="card">
      <h1>{t('common.restoreFailed')}</h1>
      <ErrorMessage error={error} onRetry={onRetry} />
    </section>
  );
}
