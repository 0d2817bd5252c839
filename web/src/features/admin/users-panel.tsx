// Dashboard users (用户): the list and the new-user form (role, data scope, initial password).
import { useState, type FormEvent } from 'react';
// Types only from the shared contract: a value import would pull zod into the bundle.
import type { UserRole } from '../../../../shared/contract/admin';
import { useAction } from '../../api/use-action';
import { useResource } from '../../api/use-resource';
import { ErrorMessage } from '../../components/error-message';
import { fieldErrorText } from '../../components/error-text';
import { Field } from '../../components/field';
import { formatDateTime, useLocale, useT } from '../../i18n/i18n';
import { ROLE_LABEL, scopeLabel } from '../../i18n/labels';
import type { MessageKey } from '../../i18n/messages';
import { departmentName, EMPTY_USER_FORM, MIN_PASSWORD_LENGTH, userInputFromForm, type ScopeKind, type UserForm } from './admin-data';
import { createUser, listUsers, type Department } from './fetch-admin';

const ROLES = Object.keys(ROLE_LABEL) as UserRole[];

const SCOPE_KIND_LABEL: Record<ScopeKind, MessageKey> = {
  all: 'users.scopeKind.all',
  region: 'users.scopeKind.region',
  department: 'users.scopeKind.department',
};

export function UsersPanel({ departments }: { departments: Department[] }) {
  const t = useT();
  const [locale] = useLocale();
  const users = useResource((signal) => listUsers(signal), []);
  const list = users.data ?? [];
  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title">{t('users.heading')}</h2>
      {users.error !== undefined && <ErrorMessage error={users.error} onRetry={users.reload} />}
      {users.loading && !users.data && (
        <p role="status" className="muted">
          {t('common.loading')}
        </p>
      )}
      {users.data && list.length === 0 && <p className="muted">{t('users.empty')}</p>}
      {list.length > 0 && (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('users.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.username')}</th>
                <th scope="col">{t('users.displayName')}</th>
                <th scope="col">{t('users.role')}</th>
                <th scope="col">{t('users.scope')}</th>
                <th scope="col">{t('users.createdAt')}</th>
                <th scope="col">{t('users.status')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((u) => (
                <tr key={u.username}>
                  <th scope="row">
                    <code>{u.username}</code>
                  </th>
                  <td className="cell-wrap">{u.displayName}</td>
                  <td>{t(ROLE_LABEL[u.role])}</td>
                  <td>{scopeLabel(t, u.scope)}</td>
                  <td>{formatDateTime(u.createdAt, locale)}</td>
                  <td>
                    <span className={`status ${u.disabled ? 'status-revoked' : 'status-active'}`}>
                      {t(u.disabled ? 'users.disabled' : 'users.active')}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NewUserForm departments={departments} onCreated={users.reload} />
    </section>
  );
}

function NewUserForm({ departments, onCreated }: { departments: Department[]; onCreated: () => void }) {
  const t = useT();
  const [locale] = useLocale();
  const [form, setForm] = useState<UserForm>(EMPTY_USER_FORM);
  const [passwordProblem, setPasswordProblem] = useState(false);
  const [done, setDone] = useState<string>();
  const { busy, error, run } = useAction();
  const set = <K extends keyof UserForm>(k: K, v: UserForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const fieldError = (path: string) => fieldErrorText(error, path, locale);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(undefined);
    const short = form.password.length < MIN_PASSWORD_LENGTH;
    setPasswordProblem(short);
    if (short) return;
    const res = await run(() => createUser(userInputFromForm(form)));
    if (res.ok) {
      setDone(t('users.created', { username: res.value.username }));
      setForm(EMPTY_USER_FORM);
      onCreated();
    }
  };

  return (
    <form className="subform" onSubmit={submit} aria-labelledby="new-user-title" noValidate>
      <h3 id="new-user-title">{t('users.create')}</h3>
      <div className="form-grid">
        <Field label={t('users.username')} hint={t('users.usernameHint')} error={fieldError('username')}>
          {(p) => (
            <input
              {...p}
              name="username"
              required
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              value={form.username}
              onChange={(e) => set('username', e.target.value)}
            />
          )}
        </Field>
        <Field label={t('users.displayName')} error={fieldError('displayName')}>
          {(p) => (
            <input {...p} name="displayName" required value={form.displayName} onChange={(e) => set('displayName', e.target.value)} />
          )}
        </Field>
        <Field label={t('users.role')} error={fieldError('role')}>
          {(p) => (
            <select {...p} name="role" value={form.role} onChange={(e) => set('role', e.target.value as UserRole)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(ROLE_LABEL[r])}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('users.scopeKind')} error={fieldError('scope')}>
          {(p) => (
            <select {...p} name="scopeKind" value={form.scopeKind} onChange={(e) => set('scopeKind', e.target.value as ScopeKind)}>
              {(Object.keys(SCOPE_KIND_LABEL) as ScopeKind[]).map((k) => (
                <option key={k} value={k}>
                  {t(SCOPE_KIND_LABEL[k])}
                </option>
              ))}
            </select>
          )}
        </Field>
        {form.scopeKind === 'region' && (
          <Field label={t('users.regionCode')} hint={t('dept.regionHint')} error={fieldError('scope.regionCode')}>
            {(p) => (
              <input
                {...p}
                name="regionCode"
                required
                inputMode="numeric"
                maxLength={12}
                spellCheck={false}
                value={form.regionCode}
                onChange={(e) => set('regionCode', e.target.value)}
              />
            )}
          </Field>
        )}
        {form.scopeKind === 'department' && (
          <Field label={t('users.departmentCode')} error={fieldError('scope.departmentCode')}>
            {(p) => (
              <select
                {...p}
                name="departmentCode"
                required
                value={form.departmentCode}
                onChange={(e) => set('departmentCode', e.target.value)}
              >
                <option value="">{t('users.chooseDepartment')}</option>
                {departments.map((d) => (
                  <option key={d.code} value={d.code}>
                    {t('users.departmentOption', { name: departmentName(d, locale), code: d.code })}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field
          label={t('users.password')}
          hint={t('users.passwordHint')}
          error={passwordProblem ? t('users.passwordTooShort') : fieldError('password')}
        >
          {(p) => (
            <input
              {...p}
              name="password"
              type="password"
              required
              minLength={MIN_PASSWORD_LENGTH}
              autoComplete="new-password"
              value={form.password}
              onChange={(e) => set('password', e.target.value)}
            />
          )}
        </Field>
      </div>
      {error !== undefined && <ErrorMessage error={error} />}
      <p role="status" className="success-text">
        {done}
      </p>
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? t('common.saving') : t('users.createSubmit')}
      </button>
    </form>
  );
}
