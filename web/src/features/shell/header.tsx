// The page header: product name, API docs link, reading preferences, and — when signed in — the
// user with their role, the unread count of their inbox (消息 N) and a sign-out button.
import { LanguageSwitch, LargeTextToggle } from '../../components/display-prefs';
import { useT } from '../../i18n/i18n';
import { ROLE_LABEL, scopeLabel } from '../../i18n/labels';
import type { SessionUser } from '../auth/session';
import { UnreadLink } from '../messages/unread-link';

export function Header({ user, onSignOut }: { user?: SessionUser; onSignOut?: () => void }) {
  const t = useT();
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-product" lang="en">{t('app.product')}</span>
        <span className="brand-name">{t('app.name')}</span>
      </div>
      <div className="header-tools">
        <a className="button button-quiet" href="api-docs/index.html">{t('shell.apiDocs')}</a>
        <LanguageSwitch />
        <LargeTextToggle />
        {user && (
          <>
            <UnreadLink />
            <p className="user-badge">
              <span className="visually-hidden">{t('shell.signedInAs')}</span>
              <span className="user-name">{user.viaAdminToken ? t('shell.adminToken') : (user.displayName ?? user.username)}</span>
              <span className="user-role">{t(ROLE_LABEL[user.role])}</span>
              {user.scope.kind !== 'all' && <span className="user-scope">{scopeLabel(t, user.scope)}</span>}
            </p>
            <button type="button" className="button" onClick={onSignOut}>{t('shell.signOut')}</button>
          </>
        )}
      </div>
    </header>
  );
}
