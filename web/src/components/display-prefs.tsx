// Reading preferences kept in localStorage: the language switch and the 长辈模式 large-text
// toggle (a class on <html> that scales the root font size, so every rem grows with it).
import { useState } from 'react';
import { useLocale, useT } from '../i18n/i18n';
import { LOCALES, type Locale } from '../i18n/messages';

const LARGE_TEXT_STORAGE_KEY = 'servicepulse.largeText';
const LARGE_TEXT_CLASS = 'large-text';

export function storedLargeText(): boolean {
  try {
    return localStorage.getItem(LARGE_TEXT_STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

export function applyLargeText(on: boolean): void {
  document.documentElement.classList.toggle(LARGE_TEXT_CLASS, on);
}

export function LargeTextToggle() {
  const t = useT();
  const [on, setOn] = useState(storedLargeText);
  const toggle = () => {
    const next = !on;
    try {
      localStorage.setItem(LARGE_TEXT_STORAGE_KEY, next ? '1' : '0');
    } catch {
      /* not persisted; still applied */
    }
    applyLargeText(next);
    setOn(next);
  };
  return (
    <button type="button" className="button button-quiet" aria-pressed={on} onClick={toggle}>
      {t('prefs.largeText')}
    </button>
  );
}

export function LanguageSwitch() {
  const t = useT();
  const [locale, setLocale] = useLocale();
  return (
    <label className="inline-control">
      <span>{t('prefs.language')}</span>
      <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`prefs.lang.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
