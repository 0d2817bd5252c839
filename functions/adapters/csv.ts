// The report as CSV (UTF-8 with a byte-order mark, so Excel opens Chinese text correctly):
// every section as a block — its title, its header row, its rows, a blank line — or, with
// `section`, that one table alone (a plain table for scripts). Numbers unformatted, as in the
// JSON (rates as fractions).
import { csvField } from '../../shared/csv-field.js';
import type { ReportLocale } from '../../shared/reports/format.js';
import type { ReportDoc } from '../../shared/reports/model.js';
import { reportTables, type Cell, type ReportTable } from '../../shared/reports/tables.js';

export const BOM = '\uFEFF';

/** One field: quoted as needed, a text cell starting = + - @ made inert (shared/csv-field.ts). */
function field(v: Cell | undefined): string {
  return csvField(typeof v === 'boolean' ? String(v) : v);
}

function lines(t: ReportTable, zh: boolean): string[] {
  return [
    t.columns.map((c) => field(zh ? c.zh : c.en)).join(','),
    ...t.rows.map((r) => t.columns.map((c) => field(r.cells[c.key])).join(',')),
  ];
}

export const CSV_SECTIONS = (doc: ReportDoc) => reportTables(doc).map((t) => t.id);

/** The CSV text (with BOM); undefined when `section` names no table of this report. */
export function renderCsv(doc: ReportDoc, locale: ReportLocale, section?: string): string | undefined {
  const zh = locale === 'zh-CN';
  const tables = reportTables(doc);
  if (section) {
    const t = tables.find((x) => x.id === section);
    return t ? BOM + lines(t, zh).join('\r\n') + '\r\n' : undefined;
  }
  const out: string[] = [];
  for (const t of tables) out.push(field(`# ${zh ? t.zh : t.en} (${t.id})`), ...lines(t, zh), '');
  return BOM + out.join('\r\n');
}
