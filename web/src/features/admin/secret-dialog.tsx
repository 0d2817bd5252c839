// Shows a new API key's secret, the one time the API reveals it: a modal the administrator must
// close on purpose (Escape does not dismiss it), with a copy button and the warning.
import { useEffect, useId, useRef } from 'react';
import { CopyButton } from '../../components/copy-button';
import { formatDateTime, useLocale, useT } from '../../i18n/i18n';
import type { CreatedKey } from './fetch-admin';

export function SecretDialog({ created, departmentName, onClose }: { created: CreatedKey; departmentName: string; onClose: () => void }) {
  const t = useT();
  const [locale] = useLocale();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();

  // No close() on cleanup: removing the element takes it out of the top layer, and a close()
  // here would queue a close event that StrictMode's re-run could not cancel.
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  return (
    <dialog
      ref={ref}
      className="secret-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-warning`}
      onCancel={(e) => e.preventDefault()}
      onClose={onClose}
    >
      <h2 id={`${id}-title`}>{t('secret.title')}</h2>
      <p id={`${id}-warning`} className="notice notice-warning">
        {t('secret.warning', { name: departmentName })}
      </p>
      {created.replaces && (
        <p>{t('secret.replaces', { keyId: created.replaces, until: formatDateTime(created.oldKeyValidUntil, locale) })}</p>
      )}
      <div className="field">
        <label htmlFor={`${id}-key`}>{t('secret.key', { keyId: created.keyId })}</label>
        <input
          id={`${id}-key`}
          className="secret-value"
          readOnly
          value={created.key}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
      <div className="button-row">
        <CopyButton text={created.key} label={t('secret.copy')} />
      </div>
      <div className="button-row button-row-end">
        <button type="button" className="button" onClick={() => ref.current?.close()}>
          {t('secret.done')}
        </button>
      </div>
    </dialog>
  );
}
