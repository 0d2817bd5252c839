// The page header: product name, API docs link, reading preferences, and — when signed in — the
// user with their role and scope by name, the unread count of their inbox (消息 N) and a sign-out
// button.
import { useResource } from '../../api/use-resource';
import { LanguageSwitch, LargeTextToggle } from '../../components/display-prefs';
import { useLocale, useT } from '../../i18n/i18n';
import { ROLE_LABEL, scopeLabel } from '../../i18n/labels';
import type { SessionUser } from '../auth/session';
import { fetchDepartments, fetchRegions } from '../dashboard/fetch-figures';
import { UnreadLink } from '../messages/unread-link';

/** The name of a scoped user's region or department (its code until the names arrive, or if unknown). */
function useScopeName(user: SessionUser | undefined): (code: string) => string | undefined {
  const [locale] = useLocale();
  const kind = user?.scope.kind;
  const names = useResource(async () => {
    if (kind === 'region') return new Map((await fetchRegions()).map((r) => [r.code, r.name]));
    if (kind === 'department')
      return new Map((await fetchDepartments()).map((d) => [d.code, locale === 'en' && d.nameEn ? d.nameEn : d.name]));
    return new Map<string, string>();
  }, [kind, locale]);
  return (code) => names.data?.get(code);
}

export function Header({ user, onSignOut }: { user?: SessionUser; onSignOut?: () => void }) {
  const t = useT();
  const scopeName = useScopeName(user);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-product" lang="en">
          {t('app.product')}
        </span>
        <span className="brand-name">{t('app.name')}</span>
      </div>
      <div className="header-tools">
        <a className="button button-quiet" href="api-docs/index.html">
          {t('shell.apiDocs')}
        </a>
        <LanguageSwitch />
        <LargeTextToggle />
        {user && (
          <>
            <UnreadLink />
            <p className="user-badge">
              <span className="visually-hidden">{t('shell.signedInAs')}</span>
              <span className="user-name">{user.viaAdminToken ? t('shell.adminToken') : (user.displayName ?? user.username)}</span>
              <span className="user-role">{t(ROLE_LABEL[user.role])}</span>
              {user.scope.kind !== 'all' && (
                <span className="user-scope" title={scopeLabel(t, user.scope)}>
                  {scopeLabel(t, user.scope, scopeName)}
                </span>
              )}
            </p>
            <button type="button" className="button" onClick={onSignOut}>
              {t('shell.signOut')}
            </button>
          </>
        )}
      </div>
    </header>
  );
}
