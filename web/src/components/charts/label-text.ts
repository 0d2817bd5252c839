// Fitting chart labels into a given width, for Chinese (one character ≈ 1 em, no spaces to break
// at) and Latin text (≈ 0.55 em, breaks between words). Pure.

const isWide = (ch: string) => /[\u2E80-\uFFFF]/.test(ch);

/** Text width in CJK characters (a Latin character is about half as wide). */
export function visibleLength(s: string): number {
  let n = 0;
  for (const ch of s) n += isWide(ch) ? 1 : 0.55;
  return n;
}

/** Splits `s` into at most two lines of `units` wide; the second ends in "…" when cut. */
export function wrapLabel(s: string, units: number): string[] {
  if (visibleLength(s) <= units) return [s];
  const chars = [...s];
  let n = 0;
  let cut = 0;
  let lastSpace = -1;
  for (; cut < chars.length; cut++) {
    n += isWide(chars[cut]!) ? 1 : 0.55;
    if (n > units) break;
    if (chars[cut] === ' ') lastSpace = cut;
  }
  const breakAt = !isWide(chars[cut] ?? '') && lastSpace > 0 ? lastSpace : cut;
  const first = chars.slice(0, breakAt).join('').trimEnd();
  let rest = chars.slice(breakAt).join('').trimStart();
  if (visibleLength(rest) > units) {
    let m = 0;
    let out = '';
    for (const ch of rest) {
      m += isWide(ch) ? 1 : 0.55;
      if (m > units - 1) break;
      out += ch;
    }
    // Latin text: end at a word boundary where there is one.
    const space = out.lastIndexOf(' ');
    if (space > 0 && !isWide(out.at(-1) ?? '')) out = out.slice(0, space);
    rest = `${out.trimEnd()}…`;
  }
  return [first, rest];
}
