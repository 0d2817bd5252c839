// The signed-in user of this browser tab. The token lives in sessionStorage (it dies with the
// tab); on reload the session is restored by asking GET /v1/me. A 401 on any later call signs the
// tab out with a "session expired" notice.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { UserRole, UserScope } from '../../../../shared/contract/admin';
import { ApiError, clearToken, getToken, onSessionRejected, setToken } from '../../api/client';
import { fetchMe, login, logout, type Me } from './fetch-session';

/** The user name the API gives the administrator bootstrap token (管理员令牌). */
const ADMIN_TOKEN_USERNAME = 'admin-token';
const DISPLAY_NAME_STORAGE_KEY = 'servicepulse.displayName';

export interface SessionUser {
  username: string;
  /** Unknown after a token sign-in or a reload without a stored name. */
  displayName: string | undefined;
  role: UserRole;
  scope: UserScope;
  viaAdminToken: boolean;
}

export type SignInNotice = 'expired' | 'signedOut';

export type SessionState =
  | { status: 'restoring' }
  | { status: 'restoreFailed'; error: unknown }
  | { status: 'signedOut'; notice?: SignInNotice }
  | { status: 'signedIn'; user: SessionUser };

/** Thrown by signInWithToken when the token is a department's API key, not a dashboard user. */
export class DepartmentKeyError extends Error {
  constructor() {
    super('a department API key cannot sign in to the dashboard');
    this.name = 'DepartmentKeyError';
  }
}

interface SessionValue {
  state: SessionState;
  signInWithPassword: (username: string, password: string) => Promise<void>;
  signInWithToken: (token: string) => Promise<void>;
  signOut: () => Promise<void>;
  retryRestore: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

function userFrom(me: Extract<Me, { kind: 'user' }>, displayName: string | undefined): SessionUser {
  return {
    username: me.username,
    displayName,
    role: me.role,
    scope: me.scope,
    viaAdminToken: me.username === ADMIN_TOKEN_USERNAME,
  };
}

function storeDisplayName(name: string | undefined) {
  try {
    if (name) sessionStorage.setItem(DISPLAY_NAME_STORAGE_KEY, name);
    else sessionStorage.removeItem(DISPLAY_NAME_STORAGE_KEY);
  } catch {
    /* optional */
  }
}

function storedDisplayName(): string | undefined {
  try {
    return sessionStorage.getItem(DISPLAY_NAME_STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>(() => (getToken() ? { status: 'restoring' } : { status: 'signedOut' }));
  const [restoreAttempt, setRestoreAttempt] = useState(0);

  const forget = useCallback((notice?: SignInNotice) => {
    clearToken();
    storeDisplayName(undefined);
    setState(notice ? { status: 'signedOut', notice } : { status: 'signedOut' });
  }, []);

  useEffect(() => onSessionRejected(() => forget('expired')), [forget]);

  useEffect(() => {
    if (!getToken()) return;
    const ctrl = new AbortController();
    setState({ status: 'restoring' });
    fetchMe(undefined, ctrl.signal).then(
      (me) => {
        if (me.kind === 'user') setState({ status: 'signedIn', user: userFrom(me, storedDisplayName()) });
        else forget();
      },
      (error: unknown) => {
        if (ctrl.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) forget('expired');
        else setState({ status: 'restoreFailed', error });
      },
    );
    return () => ctrl.abort();
  }, [restoreAttempt, forget]);

  const value = useMemo<SessionValue>(
    () => ({
      state,
      async signInWithPassword(username, password) {
        const res = await login(username, password);
        setToken(res.token);
        storeDisplayName(res.user.displayName);
        setState({
          status: 'signedIn',
          user: userFrom({ kind: 'user', username: res.user.username, role: res.user.role, scope: res.user.scope }, res.user.displayName),
        });
      },
      async signInWithToken(token) {
        const me = await fetchMe(token);
        if (me.kind !== 'user') throw new DepartmentKeyError();
        setToken(token);
        storeDisplayName(undefined);
        setState({ status: 'signedIn', user: userFrom(me, undefined) });
      },
      async signOut() {
        // Sign out locally whatever the API says: the user asked to leave.
        await logout().catch(() => undefined);
        forget('signedOut');
      },
      retryRestore: () => setRestoreAttempt((n) => n + 1),
    }),
    [state, forget],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession() used outside <SessionProvider>');
  return v;
}
