// The report as an XLSX workbook (Excel 报表): one sheet per section of shared/reports/tables.ts,
// numbers written as numbers (rates as fractions with a percentage format, so a cell holds
// 0.9654 and shows 96.5%), a header row that stays in view, and the report's identity in the
// "说明/About" sheet. The cells equal the JSON document's values.
import ExcelJS from 'exceljs';
import type { ReportLocale } from '../../shared/reports/format.js';
import type { ReportDoc } from '../../shared/reports/model.js';
import { reportTables, type Cell, type Column, type TableRow } from '../../shared/reports/tables.js';

const FORMATS: Record<string, string | undefined> = {
  count: '#,##0.##', rate: '0.0%', pp: '+0.0;-0.0;0.0', pct: '+0.0;-0.0;0.0', days: '0.00',
};

function numFmt(c: Column, row: TableRow, key: string): string | undefined {
  if (c.kind !== 'value') return FORMATS[c.kind];
  if (key === 'mom' || key === 'yoy') return FORMATS.pp;
  return FORMATS[row.unit ?? 'count'];
}

/** Excel's limits on sheet names: ≤ 31 characters, none of []:*?/\ . */
export function sheetName(s: string): string {
  return s.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
}

export async function renderXlsx(doc: ReportDoc, locale: ReportLocale): Promise<Uint8Array> {
  const zh = locale === 'zh-CN';
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ServicePulse';
  wb.created = new Date(doc.generatedAt);
  wb.title = `${doc.id} v${doc.version}`;
  for (const t of reportTables(doc)) {
    const ws = wb.addWorksheet(sheetName(zh ? t.zh : t.en), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = t.columns.map((c) => ({ header: zh ? c.zh : c.en, key: c.key, width: Math.max(10, Math.min(48, (zh ? c.zh : c.en).length * (zh ? 2.2 : 1.2) + 4)) }));
    ws.getRow(1).font = { bold: true };
    for (const row of t.rows) {
      const values: Record<string, Cell> = {};
      for (const c of t.columns) {
        const v = row.cells[c.key];
        values[c.key] = v === undefined ? null : v;
      }
      const r = ws.addRow(values);
      t.columns.forEach((c, i) => {
        const v = row.cells[c.key];
        if (typeof v === 'number') {
          const f = numFmt(c, row, c.key);
          if (f) r.getCell(i + 1).numFmt = f;
        }
      });
    }
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
