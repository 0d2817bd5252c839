// The words for the comparison period of a figures answer: "较上期" / "较去年同期", or that the
// comparison period has no data (before the first year of figures). Pure.
import { formatPeriod } from '../../format/format';
import type { Translate } from '../../i18n/i18n';
import type { Locale } from '../../i18n/messages';
import type { Figures } from './fetch-figures';

export function compareLabel(f: Figures | undefined, t: Translate): string | undefined {
  if (!f?.compare) return undefined;
  return t(f.compare.mode === 'year' ? 'compare.vsYear' : 'compare.vsPrevious');
}

export function comparePeriodText(f: Figures | undefined, t: Translate, locale: Locale): string | undefined {
  if (!f?.compare) return undefined;
  const p = f.compare.period;
  const text = t('compare.period', { period: formatPeriod(p.from, p.to, locale) });
  return 'unavailable' in f.compare ? `${text} ${t('compare.unavailable')}` : text;
}
