// The sign-in page (登录): username and password, or the administrator token pasted as is.
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { Field } from '../../components/field';
import { useT } from '../../i18n/i18n';
import { DepartmentKeyError, useSession, type SignInNotice } from './session';

type Method = 'password' | 'token';

export function SignInPage({ notice }: { notice: SignInNotice | undefined }) {
  const t = useT();
  const { signInWithPassword, signInWithToken } = useSession();
  const [method, setMethod] = useState<Method>('password');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [problem, setProblem] = useState<string>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setProblem(undefined);
    const missing = method === 'password' ? !username.trim() || !password : !token.trim();
    if (missing) {
      setProblem(t(method === 'password' ? 'signIn.missingPassword' : 'signIn.missingToken'));
      return;
    }
    setBusy(true);
    try {
      if (method === 'password') await signInWithPassword(username.trim(), password);
      else await signInWithToken(token.trim());
    } catch (err) {
      if (err instanceof DepartmentKeyError) setProblem(t('signIn.departmentKey'));
      else setError(err);
      setBusy(false);
    }
  };

  return (
    <section className="sign-in card" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      <p className="muted">{t('signIn.intro')}</p>
      {notice && (
        <p className="notice notice-info" role="status">
          {t(notice === 'expired' ? 'signIn.expired' : 'signIn.signedOut')}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <fieldset className="segmented">
          <legend>{t('signIn.method')}</legend>
          {(['password', 'token'] as const).map((m) => (
            <label key={m}>
              <input
                type="radio"
                name="sign-in-method"
                value={m}
                checked={method === m}
                onChange={() => {
                  setMethod(m);
                  setError(undefined);
                  setProblem(undefined);
                }}
              />
              {t(m === 'password' ? 'signIn.methodPassword' : 'signIn.methodToken')}
            </label>
          ))}
        </fieldset>

        {method === 'password' ? (
          <>
            <Field label={t('signIn.username')}>
              {(p) => (
                <input
                  {...p}
                  name="username"
                  autoComplete="username"
                  autoCapitalize="none"
                  spellCheck={false}
                  value={username}
                  onChange={(e) => setUsername(e.target.value)}
                />
              )}
            </Field>
            <Field label={t('signIn.password')}>
              {(p) => (
                <input
                  {...p}
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
              )}
            </Field>
          </>
        ) : (
          <Field label={t('signIn.token')} hint={t('signIn.tokenHint')}>
            {(p) => (
              <input
                {...p}
                name="token"
                type="password"
                autoComplete="off"
                spellCheck={false}
                value={token}
                onChange={(e) => setToken(e.target.value)}
              />
            )}
          </Field>
        )}

        {problem && (
          <p className="notice notice-error" role="alert">
            {problem}
          </p>
        )}
        {error !== undefined && <ErrorMessage error={error} />}

        <button type="submit" className="button button-primary button-wide" disabled={busy}>
          {busy ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
    </section>
  );
}
