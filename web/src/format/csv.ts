// CSV for download (导出 CSV): UTF-8 with a byte-order mark so Excel opens Chinese text correctly,
// CRLF line ends (RFC 4180), fields quoted when they hold a comma, quote or line break. Numbers
// are written as given (tables round them as shown and add each rate's exact value: see
// table-data.ts); a missing value (a rate without denominator) is an empty field. Pure.

import { csvField } from '../../../shared/csv-field';

export const BOM = '\uFEFF';

export type CsvCell = string | number | null | undefined;

/** One field: the product's one CSV rule (quoting, formula cells made inert) in shared/csv-field.ts. */
const field = (v: CsvCell): string => csvField(v);

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return BOM + [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

/** Parses what toCsv wrote (for tests and round trips): strips the BOM, honours quotes. */
export function parseCsv(text: string): string[][] {
  const s = text.startsWith(BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cur);
      cur = '';
    } else if (c === '\r' && s[i + 1] === '\n') {
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
      i++;
    } else if (c === '\n') {
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
    } else cur += c;
  }
  if (cur !== '' || row.length) {
    row.push(cur);
    rows.push(row);
  }
  return rows;
}

/** A file name without characters Windows refuses: 办件时效-按部门-2026-11-01_2026-11-27.csv */
export function csvFileName(parts: readonly string[]): string {
  return `${parts
    .filter(Boolean)
    .join('-')
    .replace(/[\\/:*?"<>|\s]+/g, '_')}.csv`;
}
