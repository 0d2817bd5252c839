// Pure helpers of the inbox: which language's text to show, and notice text without markdown
// marks (the inbox shows plain lines; the robots get the markdown).
import type { Notice } from './fetch-notices';

export function noticeText(n: Notice, locale: string): { title: string; lines: string[] } {
  const en = locale === 'en';
  const text = en ? n.textEn : n.text;
  const lines = text
    .split('\n')
    .slice(1) // the first line repeats the title
    .map((l) =>
      l
        .replace(/^#+\s*/, '')
        .replace(/^-\s*/, '• ')
        .trim(),
    )
    .filter(Boolean);
  return { title: en ? n.titleEn : n.title, lines };
}

/** The unread count as the header shows it: "99+" past 99, nothing at 0. */
export function unreadLabel(n: number): string {
  return n <= 0 ? '' : n > 99 ? '99+' : String(n);
}
