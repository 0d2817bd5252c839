// 消息 N in the header: the unread count of the caller's inbox, polled every minute and refreshed
// at once when a notice is read; links to the inbox page.
import { useEffect, useState } from 'react';
import { useT } from '../../i18n/i18n';
import { fetchInbox, NOTICES_CHANGED } from './fetch-notices';
import { unreadLabel } from './messages-data';

const POLL_MS = 60_000;

export function UnreadLink() {
  const t = useT();
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    let ctrl = new AbortController();
    const load = () => {
      ctrl.abort();
      ctrl = new AbortController();
      fetchInbox(1, ctrl.signal).then(
        (r) => setUnread(r.unread),
        () => undefined,
      );
    };
    load();
    const timer = setInterval(load, POLL_MS);
    window.addEventListener(NOTICES_CHANGED, load);
    return () => {
      clearInterval(timer);
      window.removeEventListener(NOTICES_CHANGED, load);
      ctrl.abort();
    };
  }, []);
  const label = unreadLabel(unread);
  // The name is the visible text itself (消息 3 未读), so what a speech-input user says matches it.
  return (
    <a className="button button-quiet" href="#/messages">
      {t('nav.messages')}
      {label && (
        <>
          {' '}
          <span className="unread-badge">{label}</span>
          <span className="visually-hidden"> {t('messages.unread')}</span>
        </>
      )}
    </a>
  );
}
