// An error box announced to screen readers: the API's message in the current language, and the
// field-by-field details a 400 answer carries.
import { ApiError } from '../api/client';
import { useLocale, useT } from '../i18n/i18n';
import { errorText } from './error-text';

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const [locale] = useLocale();
  const details = error instanceof ApiError ? (error.body.details ?? []) : [];
  return (
    <div className="notice notice-error" role="alert">
      <p>{errorText(error, locale)}</p>
      {details.length > 0 && (
        <>
          <p>{t('common.errorDetails')}</p>
          <ul>
            {details.map((d, i) => (
              <li key={`${d.path}-${i}`}>
                <code>{d.path}</code> {locale === 'zh-CN' ? d.messageZh : d.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
