// CSV text for Excel (UTF-8 with a byte-order mark so Chinese opens correctly, CRLF line ends,
// RFC 4180 quoting) — used by the API's list downloads. Text that Excel would run as a formula
// (a leading = + - @) is prefixed with ' (OWASP CSV injection). Pure.
export const BOM = '\uFEFF';

export type CsvCell = string | number | boolean | null | undefined;

function field(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  const safe = typeof v === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return BOM + [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}
