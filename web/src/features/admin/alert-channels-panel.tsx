// 推送渠道 Channels and 邮件服务器 SMTP: the channels the alert rules send to (robots, webhooks,
// e-mail; each at once or as a daily digest), a form for an e-mail channel, and the SMTP server
// e-mail goes through. Addresses and secrets are never shown: the API answers a masked address
// and whether a password is set.
import { useState, type FormEvent } from 'react';
import type { PublicChannel, PublicSmtp, SmtpInput } from '../../../../shared/contract/alerts';
import { apiFetch } from '../../api/client';
import { useAction } from '../../api/use-action';
import { useResource } from '../../api/use-resource';
import { ErrorMessage } from '../../components/error-message';
import { fieldErrorText } from '../../components/error-text';
import { Field } from '../../components/field';
import { useLocale, useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const KIND_LABEL: Record<PublicChannel['kind'], MessageKey> = {
  wecom: 'alertChannels.kind.wecom',
  dingtalk: 'alertChannels.kind.dingtalk',
  webhook: 'alertChannels.kind.webhook',
  email: 'alertChannels.kind.email',
};
const HOURS = Array.from({ length: 24 }, (_, h) => h);
const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** Addresses typed one per line, or separated by commas, semicolons or spaces. */
export function recipientsFromText(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;，；、]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

export function AlertChannelsPanel() {
  const t = useT();
  const channels = useResource((signal) => apiFetch<{ channels: PublicChannel[] }>('/v1/alerts/channels', { signal }), []);
  const list = channels.data?.channels ?? [];
  return (
    <section className="card" aria-labelledby="alert-channels-title">
      <h2 id="alert-channels-title">{t('alertChannels.heading')}</h2>
      <p className="muted">{t('alertChannels.intro')}</p>
      {channels.error !== undefined && <ErrorMessage error={channels.error} onRetry={channels.reload} />}
      {channels.data && list.length === 0 && <p className="muted">{t('alertChannels.empty')}</p>}
      {list.length > 0 && (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('alertChannels.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('alertChannels.name')}</th>
                <th scope="col">{t('alertChannels.kind')}</th>
                <th scope="col">{t('alertChannels.target')}</th>
                <th scope="col">{t('alertChannels.mode')}</th>
                <th scope="col">{t('alertChannels.department')}</th>
                <th scope="col">{t('alertRules.enabled')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.id}>
                  <th scope="row" className="cell-wrap">
                    {c.name}
                  </th>
                  <td>{t(KIND_LABEL[c.kind])}</td>
                  <td className="cell-wrap">{c.kind === 'email' ? c.recipients.join('、') : <code>{c.urlMasked}</code>}</td>
                  <td>
                    {c.digestHour === null ? t('alertChannels.modeNow') : t('alertChannels.modeDigestAt', { time: hh(c.digestHour) })}
                  </td>
                  <td>{c.departmentCode ?? t('common.empty')}</td>
                  <td>{t(c.enabled ? 'alertRules.on' : 'alertRules.off')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NewEmailChannelForm onCreated={channels.reload} />
      <SmtpForm />
    </section>
  );
}

function NewEmailChannelForm({ onCreated }: { onCreated: () => void }) {
  const t = useT();
  const [locale] = useLocale();
  const [name, setName] = useState('');
  const [recipients, setRecipients] = useState('');
  const [digest, setDigest] = useState(false);
  const [hour, setHour] = useState(8);
  const [done, setDone] = useState<string>();
  const { busy, error, run } = useAction();
  const fieldError = (path: string) => fieldErrorText(error, path, locale);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(undefined);
    const body = { kind: 'email', name: name.trim(), recipients: recipientsFromText(recipients), ...(digest ? { digestHour: hour } : {}) };
    const res = await run(() => apiFetch<PublicChannel>('/v1/alerts/channels', { method: 'POST', body }));
    if (res.ok) {
      setDone(t('alertChannels.created', { name: res.value.name }));
      setName('');
      setRecipients('');
      setDigest(false);
      onCreated();
    }
  };
  return (
    <form className="subform" onSubmit={submit} aria-labelledby="new-email-channel-title" noValidate>
      <h3 id="new-email-channel-title">{t('alertChannels.createEmail')}</h3>
      <div className="form-grid">
        <Field label={t('alertChannels.name')} error={fieldError('name')}>
          {(p) => <input {...p} name="name" required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('alertChannels.recipients')} hint={t('alertChannels.recipientsHint')} error={fieldError('recipients')}>
          {(p) => (
            <textarea
              {...p}
              name="recipients"
              rows={2}
              required
              spellCheck={false}
              value={recipients}
              onChange={(e) => setRecipients(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('alertChannels.mode')} hint={t('alertChannels.modeHint')} error={fieldError('digestHour')}>
          {(p) => (
            <select
              {...p}
              name="mode"
              value={digest ? String(hour) : 'now'}
              onChange={(e) => {
                if (e.target.value === 'now') setDigest(false);
                else {
                  setDigest(true);
                  setHour(Number(e.target.value));
                }
              }}
            >
              <option value="now">{t('alertChannels.modeNow')}</option>
              {HOURS.map((h) => (
                <option key={h} value={String(h)}>
                  {t('alertChannels.modeDigestAt', { time: hh(h) })}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {error !== undefined && <ErrorMessage error={error} />}
      <p role="status" className="success-text">
        {done}
      </p>
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? t('common.saving') : t('alertChannels.createSubmit')}
      </button>
    </form>
  );
}

function SmtpForm() {
  const t = useT();
  const [locale] = useLocale();
  const smtp = useResource((signal) => apiFetch<PublicSmtp>('/v1/alerts/smtp', { signal }), []);
  const s = smtp.data;
  const [edit, setEdit] = useState<Partial<Record<'host' | 'port' | 'security' | 'user' | 'password' | 'from', string>>>({});
  const [done, setDone] = useState<string>();
  const { busy, error, run } = useAction();
  const fieldError = (path: string) => fieldErrorText(error, path, locale);
  const value = (k: 'host' | 'port' | 'security' | 'user' | 'from') =>
    edit[k] ?? (s?.[k] === null || s?.[k] === undefined ? '' : String(s[k]));
  const set = (k: keyof typeof edit) => (e: { target: { value: string } }) => setEdit({ ...edit, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(undefined);
    const port = Number(value('port') || '465');
    const body: Partial<SmtpInput> = {
      host: value('host').trim(),
      port,
      security: (value('security') || 'tls') as SmtpInput['security'],
      from: value('from').trim(),
      ...(value('user').trim() ? { user: value('user').trim() } : {}),
      ...(edit.password ? { password: edit.password } : {}),
    };
    const res = await run(() => apiFetch<PublicSmtp>('/v1/alerts/smtp', { method: 'PUT', body }));
    if (res.ok) {
      setDone(t('alertSmtp.saved'));
      setEdit({});
      smtp.reload();
    }
  };
  return (
    <form className="subform" onSubmit={submit} aria-labelledby="smtp-title" noValidate>
      <h3 id="smtp-title">{t('alertSmtp.heading')}</h3>
      <p className="muted">{t('alertSmtp.intro')}</p>
      {smtp.error !== undefined && <ErrorMessage error={smtp.error} onRetry={smtp.reload} />}
      <div className="form-grid">
        <Field label={t('alertSmtp.host')} error={fieldError('host')}>
          {(p) => <input {...p} name="host" required spellCheck={false} value={value('host')} onChange={set('host')} />}
        </Field>
        <Field label={t('alertSmtp.port')} error={fieldError('port')}>
          {(p) => <input {...p} name="port" inputMode="numeric" placeholder="465" value={value('port')} onChange={set('port')} />}
        </Field>
        <Field label={t('alertSmtp.security')} error={fieldError('security')}>
          {(p) => (
            <select {...p} name="security" value={value('security') || 'tls'} onChange={set('security')}>
              <option value="tls">{t('alertSmtp.security.tls')}</option>
              <option value="starttls">{t('alertSmtp.security.starttls')}</option>
              <option value="none">{t('alertSmtp.security.none')}</option>
            </select>
          )}
        </Field>
        <Field label={t('alertSmtp.user')} optional error={fieldError('user')}>
          {(p) => <input {...p} name="user" autoComplete="off" spellCheck={false} value={value('user')} onChange={set('user')} />}
        </Field>
        <Field
          label={t('alertSmtp.password')}
          optional
          hint={s?.passwordSet ? t('alertSmtp.passwordSet') : t('alertSmtp.passwordHint')}
          error={fieldError('password')}
        >
          {(p) => (
            <input
              {...p}
              name="password"
              type="password"
              autoComplete="new-password"
              value={edit.password ?? ''}
              onChange={set('password')}
            />
          )}
        </Field>
        <Field label={t('alertSmtp.from')} hint={t('alertSmtp.fromHint')} error={fieldError('from')}>
          {(p) => <input {...p} name="from" required spellCheck={false} value={value('from')} onChange={set('from')} />}
        </Field>
      </div>
      {error !== undefined && <ErrorMessage error={error} />}
      <p role="status" className="success-text">
        {done}
      </p>
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? t('common.saving') : t('alertSmtp.save')}
      </button>
    </form>
  );
}
