// 预警规则 Alert rules: the list with each rule's scope and channels, and enable/disable. Rules
// and webhook channels are created and edited through the API (/v1/alerts/*, README).
import type { AlertRule } from '../../../../shared/contract/alerts';
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
  const channels = useResource((signal) => apiFetch<{ channels: Array<{ id: string; name: string }> }>('/v1/alerts/channels', { signal }), []);
  const toggle = useAction();
  const names = new Map((channels.data?.channels ?? []).map((c) => [c.id, c.name]));
  const flip = (r: AlertRule) => void toggle.run(() => apiFetch(`/v1/alerts/rules/${encodeURIComponent(r.id)}`, { method: 'PATCH', body: { enabled: !r.enabled } })).then((x) => { if (x.ok) rules.reload(); });
  const scopeText = (s: AlertRule['scope']) => (s.kind === 'city' ? t('alertRules.scope.city') : s.kind === 'region' ? s.regionCode : s.departmentCode);
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
                  <th scope="row" className="cell-wrap">{r.name}</th>
                  <td>{t(KIND_LABEL[r.kind])}</td>
                  <td>{scopeText(r.scope)}</td>
                  <td className="cell-wrap">{r.channelIds.length ? r.channelIds.map((id) => names.get(id) ?? id).join('、') : t('alertRules.inboxOnly')}</td>
                  <td>
                    <span className={`status ${r.enabled ? 'status-active' : 'status-revoked'}`}>{t(r.enabled ? 'alertRules.on' : 'alertRules.off')}</span>{' '}
                    <button type="button" className="button button-quiet" disabled={toggle.busy} onClick={() => flip(r)}>{t(r.enabled ? 'alertRules.disable' : 'alertRules.enable')}</button>
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
