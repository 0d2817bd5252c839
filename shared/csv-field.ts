// One CSV field (CSV 单元格), for every CSV the product writes (dashboard downloads, report CSV):
// quoted when it holds a comma, quote or line break; a text cell starting with = + - @ (or a tab
// or carriage return) is prefixed with ' so a spreadsheet shows it instead of running it as a
// formula (CSV injection, OWASP). Numbers are written as they are (a negative number stays a number).

export type CsvValue = string | number | null | undefined;

/** A text cell a spreadsheet would run as a formula, made inert. */
export function neutraliseFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : neutraliseFormula(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
