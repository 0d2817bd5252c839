// Copies a text to the clipboard and says so in a live region. Falls back to the old
// execCommand path where the Clipboard API is missing (plain http on an intranet address).
import { useState } from 'react';
import { useT } from '../i18n/i18n';

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall through to the fallback */
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useT();
  const [result, setResult] = useState<'copied' | 'failed'>();
  return (
    <>
      <button type="button" className="button button-primary" onClick={async () => setResult((await copyText(text)) ? 'copied' : 'failed')}>
        {label}
      </button>
      <span role="status" className={result === 'failed' ? 'field-error' : 'success-text'}>
        {result === 'copied' ? t('secret.copied') : result === 'failed' ? t('secret.copyFailed') : ''}
      </span>
    </>
  );
}
