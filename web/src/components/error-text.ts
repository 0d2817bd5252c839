// Turns anything a request threw into text in the current language: the API's own message
// (messageZh for Chinese), and the message for one field path of a 400 answer.
import { ApiError } from '../api/client';
import { translate, type Locale } from '../i18n/messages';

export function errorText(error: unknown, locale: Locale): string {
  if (error instanceof ApiError) return locale === 'zh-CN' ? error.body.messageZh : error.body.message;
  return translate(locale, 'common.unexpectedError');
}

/** The API's messages for field `path` (e.g. `scope.regionCode`), or undefined when it is fine. */
export function fieldErrorText(error: unknown, path: string, locale: Locale): string | undefined {
  if (!(error instanceof ApiError) || !error.body.details) return undefined;
  const hits = error.body.details.filter((d) => d.path === path);
  if (hits.length === 0) return undefined;
  return hits.map((d) => (locale === 'zh-CN' ? d.messageZh : d.message)).join('；');
}
