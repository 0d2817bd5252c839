// Departments (部门): the list, a button per department to open its API keys, and the
// new-department form.
import { useState, type FormEvent } from 'react';
import { useAction } from '../../api/use-action';
import type { Resource } from '../../api/use-resource';
import { ErrorMessage } from '../../components/error-message';
import { fieldErrorText } from '../../components/error-text';
import { Field } from '../../components/field';
import { formatDateTime, useLocale, useT } from '../../i18n/i18n';
import { departmentInputFromForm, EMPTY_DEPARTMENT_FORM, type DepartmentForm } from './admin-data';
import { createDepartment, type Department } from './fetch-admin';

export const keysButtonId = (code: string) => `dept-keys-${code}`;
export const KEYS_PANEL_ID = 'department-keys';

export function DepartmentsPanel({
  departments,
  selected,
  onSelect,
}: {
  departments: Resource<Department[]>;
  selected: string | undefined;
  onSelect: (code: string | undefined) => void;
}) {
  const t = useT();
  const [locale] = useLocale();
  const list = departments.data ?? [];
  return (
    <section className="card" aria-labelledby="departments-title">
      <h2 id="departments-title">{t('dept.heading')}</h2>
      {departments.error !== undefined && <ErrorMessage error={departments.error} onRetry={departments.reload} />}
      {departments.loading && !departments.data && (
        <p role="status" className="muted">
          {t('common.loading')}
        </p>
      )}
      {departments.data && list.length === 0 && <p className="muted">{t('dept.empty')}</p>}
      {list.length > 0 && (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('dept.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dept.code')}</th>
                <th scope="col">{t('dept.name')}</th>
                <th scope="col">{t('dept.nameEn')}</th>
                <th scope="col">{t('dept.region')}</th>
                <th scope="col">{t('dept.createdAt')}</th>
                <th scope="col">{t('dept.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.code} aria-selected={selected === d.code ? true : undefined}>
                  <td>
                    <code>{d.code}</code>
                  </td>
                  <th scope="row" className="cell-wrap">
                    {d.name}
                  </th>
                  <td lang="en" className="cell-wrap">
                    {d.nameEn ?? t('common.empty')}
                  </td>
                  <td>
                    <code>{d.regionCode}</code>
                  </td>
                  <td>{formatDateTime(d.createdAt, locale)}</td>
                  <td>
                    <button
                      type="button"
                      className="button"
                      id={keysButtonId(d.code)}
                      aria-expanded={selected === d.code}
                      aria-controls={selected === d.code ? KEYS_PANEL_ID : undefined}
                      aria-label={t('dept.manageKeysFor', { name: d.name })}
                      onClick={() => onSelect(selected === d.code ? undefined : d.code)}
                    >
                      {t('dept.manageKeys')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NewDepartmentForm onCreated={departments.reload} />
    </section>
  );
}

function NewDepartmentForm({ onCreated }: { onCreated: () => void }) {
  const t = useT();
  const [locale] = useLocale();
  const [form, setForm] = useState<DepartmentForm>(EMPTY_DEPARTMENT_FORM);
  const [done, setDone] = useState<string>();
  const { busy, error, run } = useAction();
  const set = (k: keyof DepartmentForm) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const fieldError = (path: string) => fieldErrorText(error, path, locale);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(undefined);
    const res = await run(() => createDepartment(departmentInputFromForm(form)));
    if (res.ok) {
      setDone(t('dept.created', { code: res.value.code }));
      setForm(EMPTY_DEPARTMENT_FORM);
      onCreated();
    }
  };

  return (
    <form className="subform" onSubmit={submit} aria-labelledby="new-department-title" noValidate>
      <h3 id="new-department-title">{t('dept.create')}</h3>
      <div className="form-grid">
        <Field label={t('dept.code')} hint={t('dept.codeHint')} error={fieldError('code')}>
          {(p) => <input {...p} name="code" required spellCheck={false} value={form.code} onChange={set('code')} />}
        </Field>
        <Field label={t('dept.name')} hint={t('dept.nameHint')} error={fieldError('name')}>
          {(p) => <input {...p} name="name" required value={form.name} onChange={set('name')} />}
        </Field>
        <Field label={t('dept.nameEn')} optional error={fieldError('nameEn')}>
          {(p) => <input {...p} name="nameEn" lang="en" value={form.nameEn} onChange={set('nameEn')} />}
        </Field>
        <Field label={t('dept.region')} hint={t('dept.regionHint')} error={fieldError('regionCode')}>
          {(p) => (
            <input
              {...p}
              name="regionCode"
              required
              inputMode="numeric"
              maxLength={12}
              spellCheck={false}
              value={form.regionCode}
              onChange={set('regionCode')}
            />
          )}
        </Field>
      </div>
      {error !== undefined && <ErrorMessage error={error} />}
      <p role="status" className="success-text">
        {done}
      </p>
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? t('common.saving') : t('dept.createSubmit')}
      </button>
    </form>
  );
}
