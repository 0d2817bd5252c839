// 消息 Inbox: the notices of the caller's scope, newest first — red/yellow cards, silent feeds,
// the pipeline, published reports — each linking to the list or case that caused it. Opening
// one (or "mark read") marks it read for this reader.
import { useResource } from '../../api/use-resource';
import { ErrorMessage } from '../../components/error-message';
import { formatDateTime, useLocale, useT } from '../../i18n/i18n';
import { fetchInbox, markRead, type Notice } from './fetch-notices';
import { noticeText } from './messages-data';

export function MessagesPage() {
  const t = useT();
  const [locale] = useLocale();
  const inbox = useResource((signal) => fetchInbox(100, signal), []);
  const read = (n: Notice) => {
    if (!n.read) void markRead(n.id).then(inbox.reload, () => undefined);
  };
  const list = inbox.data?.notices ?? [];
  return (
    <>
      <h1>{t('nav.messages')}</h1>
      <p className="muted">{inbox.data ? t('messages.intro', { n: inbox.data.unread }) : t('messages.introEmpty')}</p>
      {inbox.error !== undefined && <ErrorMessage error={inbox.error} onRetry={inbox.reload} />}
      {inbox.loading && !inbox.data && (
        <p role="status" className="muted">
          {t('common.loading')}
        </p>
      )}
      {inbox.data && list.length === 0 && <p className="muted">{t('messages.empty')}</p>}
      <ul className="notice-list">
        {list.map((n) => {
          const { title, lines } = noticeText(n, locale);
          return (
            <li key={n.id} className={`card notice-item${n.read ? '' : ' notice-unread'}`}>
              <p className="notice-meta muted">
                {!n.read && <span className="unread-dot">{t('messages.unread')}</span>}
                {formatDateTime(n.createdAt, locale)}
              </p>
              <h2 className="notice-title">
                <a href={n.link} onClick={() => read(n)}>
                  {title}
                </a>
              </h2>
              {lines.slice(0, 6).map((l, i) => (
                <p key={i} className="notice-line">
                  {l}
                </p>
              ))}
              {lines.length > 6 && <p className="muted">…</p>}
              {!n.read && (
                <button type="button" className="button button-quiet" onClick={() => read(n)}>
                  {t('messages.markRead')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
