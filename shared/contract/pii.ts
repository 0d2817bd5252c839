// Personal data (个人信息): resident ID numbers (居民身份证号) and mainland mobile numbers (手机号).
// Free text is masked before anything is stored; sender ids and codes that are or contain one
// are refused. Text is Unicode-normalised first (NFKC: full-width digits become ASCII; zero-width
// characters are removed), so ３７０３… or 1​38… cannot slip through.
//
// Masking: an ID keeps its first 6 and last 4 characters (370303********1234), a mobile number
// its first 3 and last 4 (138****5678), with any +86 / 86 / 0086 prefix kept as sent. Separators
// (space, hyphen, dot) between the groups of a number are recognised (370303 19900101 1234,
// 138-1234-5678). Letters may touch a number (ID370303…, 电话13812345678); digits may not: a
// number that is part of a longer number (a 20-digit 办件编号) is left alone in free text.

/** Zero-width and invisible format characters that can hide inside a number. */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

/**
 * The text every check and mask works on: invisible characters removed, and every character whose
 * NFKC form is one a number is written with (digits, X, + - . and space: full-width ３, ＋, the
 * ideographic space, 𝟑…) replaced by that form. Other characters are kept as sent, so Chinese
 * punctuation (，。) stays as the citizen wrote it.
 */
export function normaliseText(text: string): string {
  return text.replace(INVISIBLE, '').replace(/[^\p{ASCII}]/gu, (ch) => {
    const n = ch.normalize('NFKC');
    return /^[0-9Xx+\-. ]$/.test(n) ? n : ch;
  });
}

const SEP = '[ \\t.\\-]?';
/** 17 digits and a digit or X, with at most one separator between any two. */
const ID_SHAPE = new RegExp(`(?<!\\d)(\\d(?:${SEP}\\d){16}${SEP}[\\dXx])(?!\\d)`, 'g');
const MOBILE_SHAPE = new RegExp(`(?<![\\d+])((?:\\+|00)?86${SEP})?(1[3-9]\\d)${SEP}(\\d{4})${SEP}(\\d{4})(?!\\d)`, 'g');

/** Masks ID and mobile numbers in free text (after normalising it). */
export function maskPersonalData(text: string): string {
  return normaliseText(text)
    .replace(ID_SHAPE, (m: string) => {
      const id = m.replace(/[^\dXx]/g, '');
      return `${id.slice(0, 6)}********${id.slice(-4)}`;
    })
    .replace(MOBILE_SHAPE, (_m, prefix: string | undefined, a: string, _b: string, d: string) => `${prefix ?? ''}${a}****${d}`);
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character of the first 17 digits of a resident ID (GB 11643). */
export function residentIdCheck(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[s % 11]!;
}

/** An 18-character resident ID: a province code 11–82, a plausible birth date, a correct check character. */
export function isResidentId(s: string, today = new Date()): boolean {
  if (!/^\d{17}[\dXx]$/.test(s)) return false;
  const province = Number(s.slice(0, 2));
  if (province < 11 || province > 82) return false;
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  if (y < 1900 || y > today.getUTCFullYear() || m < 1 || m > 12 || d < 1) return false;
  if (d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return false;
  return residentIdCheck(s) === s[17]!.toUpperCase();
}

/**
 * What personal data a sender id or code holds, if any: a valid resident ID anywhere in it
 * (separators between its groups allowed, letters around it allowed, and inside a longer run of
 * digits), or a mobile number (with or without +86/86/0086, separators allowed) not part of a
 * longer number. A 20-digit 办件编号 that is neither stays valid.
 */
export function personalDataIn(value: string, today = new Date()): 'resident_id' | 'mobile' | null {
  const text = normaliseText(value);
  // IDs: every 18-character window of each digit run (separators removed), and the shaped matches.
  const compact = text.replace(/[ \t.\-_:]/g, '');
  for (const run of compact.match(/\d{17,}[\dXx]?/g) ?? []) {
    for (let i = 0; i + 18 <= run.length; i++) if (isResidentId(run.slice(i, i + 18), today)) return 'resident_id';
  }
  for (const m of text.matchAll(ID_SHAPE)) if (isResidentId(m[1]!.replace(/[^\dXx]/g, ''), today)) return 'resident_id';
  MOBILE_SHAPE.lastIndex = 0;
  if (MOBILE_SHAPE.test(text.replace(/[_:]/g, '-'))) return 'mobile';
  MOBILE_SHAPE.lastIndex = 0;
  return null;
}
