// A department's API keys (接入密钥): list, create, rotate, revoke. A new secret is shown once,
// in the SecretDialog.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useAction } from '../../api/use-action';
import { useResource } from '../../api/use-resource';
import { ErrorMessage } from '../../components/error-message';
import { Field } from '../../components/field';
import { formatDateTime, useLocale, useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { departmentName, KEY_ACTIONS, sortKeys } from './admin-data';
import { KEYS_PANEL_ID } from './departments-panel';
import { createKey, listKeys, revokeKey, rotateKey, type ApiKey, type CreatedKey, type Department, type KeyStatus } from './fetch-admin';
import { SecretDialog } from './secret-dialog';

const STATUS_LABEL: Record<KeyStatus, MessageKey> = {
  active: 'keys.status.active',
  expiring: 'keys.status.expiring',
  expired: 'keys.status.expired',
  revoked: 'keys.status.revoked',
};

export function KeysPanel({ department, onClose }: { department: Department; onClose: () => void }) {
  const t = useT();
  const [locale] = useLocale();
  const name = departmentName(department, locale);
  const keys = useResource((signal) => listKeys(department.code, signal), [department.code]);
  const { busy, error, run } = useAction();
  const [created, setCreated] = useState<CreatedKey>();
  const [label, setLabel] = useState('');
  const [done, setDone] = useState<string>();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => headingRef.current?.focus(), []);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setDone(undefined);
    const res = await run(() => createKey(department.code, label.trim() || undefined));
    if (res.ok) {
      setCreated(res.value);
      setLabel('');
      keys.reload();
    }
  };

  const rotate = async (k: ApiKey) => {
    if (!window.confirm(t('keys.rotateConfirm', { keyId: k.keyId }))) return;
    setDone(undefined);
    const res = await run(() => rotateKey(department.code, k.keyId));
    if (res.ok) setCreated(res.value);
    keys.reload();
  };

  const revoke = async (k: ApiKey) => {
    if (!window.confirm(t('keys.revokeConfirm', { keyId: k.keyId }))) return;
    setDone(undefined);
    const res = await run(() => revokeKey(department.code, k.keyId));
    if (res.ok) setDone(t('keys.revoked', { keyId: k.keyId }));
    keys.reload();
  };

  const list = keys.data ? sortKeys(keys.data) : [];
  return (
    <section className="card" id={KEYS_PANEL_ID} aria-labelledby="keys-title">
      <div className="card-header">
        <h2 id="keys-title" ref={headingRef} tabIndex={-1}>
          {t('keys.heading', { name })}
        </h2>
        <button type="button" className="button button-quiet" onClick={onClose}>
          {t('keys.close')}
        </button>
      </div>
      <p className="muted">{t('keys.intro')}</p>
      {keys.error !== undefined && <ErrorMessage error={keys.error} onRetry={keys.reload} />}
      {keys.loading && !keys.data && (
        <p role="status" className="muted">
          {t('common.loading')}
        </p>
      )}
      {keys.data && list.length === 0 && <p className="muted">{t('keys.empty')}</p>}
      {list.length > 0 && (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('keys.heading', { name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('keys.keyId')}</th>
                <th scope="col">{t('keys.label')}</th>
                <th scope="col">{t('keys.prefix')}</th>
                <th scope="col">{t('keys.status')}</th>
                <th scope="col">{t('keys.createdAt')}</th>
                <th scope="col">{t('keys.validUntil')}</th>
                <th scope="col">{t('keys.revokedAt')}</th>
                <th scope="col">{t('keys.lastUsed')}</th>
                <th scope="col">{t('keys.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((k) => (
                <tr key={k.keyId}>
                  <th scope="row">
                    <code>{k.keyId}</code>
                  </th>
                  <td className="cell-wrap">{k.label ?? t('common.empty')}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>
                    <span className={`status status-${k.status}`}>{t(STATUS_LABEL[k.status])}</span>
                  </td>
                  <td>{formatDateTime(k.createdAt, locale)}</td>
                  <td>{formatDateTime(k.validUntil, locale)}</td>
                  <td>{formatDateTime(k.revokedAt, locale)}</td>
                  <td>{k.lastUsedDay ?? t('common.empty')}</td>
                  <td>
                    <div className="row-actions">
                      {KEY_ACTIONS[k.status].rotate && (
                        <button
                          type="button"
                          className="button"
                          disabled={busy}
                          aria-label={t('keys.rotateFor', { keyId: k.keyId })}
                          onClick={() => void rotate(k)}
                        >
                          {t('keys.rotate')}
                        </button>
                      )}
                      {KEY_ACTIONS[k.status].revoke && (
                        <button
                          type="button"
                          className="button button-danger"
                          disabled={busy}
                          aria-label={t('keys.revokeFor', { keyId: k.keyId })}
                          onClick={() => void revoke(k)}
                        >
                          {t('keys.revoke')}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
      <p role="status" className="success-text">
        {done}
      </p>
      <form className="subform subform-inline" onSubmit={create} aria-label={t('keys.create')}>
        <Field label={t('keys.labelField')} optional>
          {(p) => <input {...p} name="label" maxLength={100} value={label} onChange={(e) => setLabel(e.target.value)} />}
        </Field>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('common.saving') : t('keys.create')}
        </button>
      </form>
      {created && <SecretDialog created={created} departmentName={name} onClose={() => setCreated(undefined)} />}
    </section>
  );
}
