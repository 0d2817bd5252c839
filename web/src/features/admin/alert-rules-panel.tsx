// 预警规则 Alert rules: the list with each rule's scope and channels, enable/disable, and which
// channels a rule sends to (ticked per rule). New rules and robot channels are created through
// the API (/v1/alerts/*, README); e-mail channels and SMTP in the panel below.
import { useState } from 'react';
import type { AlertRule, PublicChannel } from '../../../../shared/contract/alerts';
import { apiFetch } from '../../api/client';
import { useAction } from '../../api/use-action';
import { useResource } from '../../api/use-resource';
import { ErrorMessage } from '../../components/error-message';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const KIND_LABEL: Record<AlertRule['kind'], MessageKey> = {
  warning_cards: 'alertRules.kind.warning_cards',
  feed_silent: 'alertRules.kind.feed_silent',
  feed_rejects: 'alertRules.kind.feed_rejects',
  pipeline: 'alertRules.kind.pipeline',
  report_published: 'alertRules.kind.report_published',
  rate_below: 'alertRules.kind.rate_below',
  complaints_late: 'alertRules.kind.complaints_late',
};

export function AlertRulesPanel() {
  const t = useT();
  const rules = useResource((signal) => apiFetch<{ rules: AlertRule[] }>('/v1/alerts/rules', { signal }), []);
  const channels = useResource((signal) => apiFetch<{ channels: PublicChannel[] }>('/v1/alerts/channels', { signal }), []);
  const toggle = useAction();
  const [editing, setEditing] = useState<string>();
  const names = new Map((channels.data?.channels ?? []).map((c) => [c.id, c.name]));
  const flip = (r: AlertRule) =>
    void toggle
      .run(() => apiFetch(`/v1/alerts/rules/${encodeURIComponent(r.id)}`, { method: 'PATCH', body: { enabled: !r.enabled } }))
      .then((x) => {
        if (x.ok) rules.reload();
      });
  const scopeText = (s: AlertRule['scope']) =>
    s.kind === 'city' ? t('alertRules.scope.city') : s.kind === 'region' ? s.regionCode : s.departmentCode;
  return (
    <section className="card" aria-labelledby="alert-rules-title">
      <h2 id="alert-rules-title">{t('alertRules.heading')}</h2>
      <p className="muted">{t('alertRules.intro')}</p>
      {rules.error !== undefined && <ErrorMessage error={rules.error} onRetry={rules.reload} />}
      {toggle.error !== undefined && <ErrorMessage error={toggle.error} />}
      {rules.data && (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('alertRules.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('alertRules.name')}</th>
                <th scope="col">{t('alertRules.kind')}</th>
                <th scope="col">{t('alertRules.scope')}</th>
                <th scope="col">{t('alertRules.channels')}</th>
                <th scope="col">{t('alertRules.enabled')}</th>
              </tr>
            </thead>
            <tbody>
              {rules.data.rules.map((r) => (
                <tr key={r.id}>
                  <th scope="row" className="cell-wrap">
                    {r.name}
                  </th>
                  <td>{t(KIND_LABEL[r.kind])}</td>
                  <td>{scopeText(r.scope)}</td>
                  <td className="cell-wrap">
                    {r.channelIds.length ? r.channelIds.map((id) => names.get(id) ?? id).join('、') : t('alertRules.inboxOnly')}{' '}
                    {/* Channels may have been added below since this list was read: read them again on opening. */}
                    <button
                      type="button"
                      className="button button-quiet"
                      aria-expanded={editing === r.id}
                      aria-label={t('alertRules.editChannelsOf', { name: r.name })}
                      onClick={() => {
                        channels.reload();
                        setEditing(editing === r.id ? undefined : r.id);
                      }}
                    >
                      {t('alertRules.editChannels')}
                    </button>
                    {editing === r.id && channels.data && (
                      <RuleChannels
                        rule={r}
                        channels={channels.data.channels}
                        onSaved={() => {
                          setEditing(undefined);
                          rules.reload();
                        }}
                      />
                    )}
                  </td>
                  <td>
                    <span className={`status ${r.enabled ? 'status-active' : 'status-revoked'}`}>
                      {t(r.enabled ? 'alertRules.on' : 'alertRules.off')}
                    </span>{' '}
                    <button type="button" className="button button-quiet" disabled={toggle.busy} onClick={() => flip(r)}>
                      {t(r.enabled ? 'alertRules.disable' : 'alertRules.enable')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The channels one rule sends to: a checkbox per channel, saved together. */
function RuleChannels({ rule, channels, onSaved }: { rule: AlertRule; channels: PublicChannel[]; onSaved: () => void }) {
  const t = useT();
  const [chosen, setChosen] = useState(() => new Set(rule.channelIds));
  const save = useAction();
  const flip = (id: string) =>
    setChosen((old) => {
      const n = new Set(old);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const submit = () =>
    void save
      .run(() =>
        apiFetch(`/v1/alerts/rules/${encodeURIComponent(rule.id)}`, {
          method: 'PATCH',
          body: { channelIds: channels.map((c) => c.id).filter((id) => chosen.has(id)) },
        }),
      )
      .then((x) => {
        if (x.ok) onSaved();
      });
  return (
    <fieldset className="subform">
      <legend>{t('alertRules.channelsOf', { name: rule.name })}</legend>
      {channels.length === 0 && <p className="muted">{t('alertChannels.empty')}</p>}
      {channels.map((c) => (
        <label key={c.id} className="checkbox">
          <input type="checkbox" checked={chosen.has(c.id)} onChange={() => flip(c.id)} /> {c.name}（
          {c.kind === 'email' ? t('alertChannels.kind.email') : c.kind}
          {c.digestHour !== null ? `，${t('alertChannels.modeDigestAt', { time: `${String(c.digestHour).padStart(2, '0')}:00` })}` : ''}）
        </label>
      ))}
      {save.error !== undefined && <ErrorMessage error={save.error} />}
      <button type="button" className="button button-primary" disabled={save.busy} onClick={submit}>
        {save.busy ? t('common.saving') : t('alertRules.saveChannels')}
      </button>
    </fieldset>
  );
}
