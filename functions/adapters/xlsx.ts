// The report as an XLSX workbook (Excel 报表): one sheet per section of shared/reports/tables.ts,
// numbers written as numbers (rates as fractions with a percentage format, so a cell holds
// 0.9654 and shows 96.5%; counts as whole numbers, never "124."), codes shown in words of the
// workbook's language (参与排名, 百分点 …), a header row that stays in view, and the report's
// identity in the "说明/About" sheet. The numbers equal the JSON document's values.
import ExcelJS from 'exceljs';
import type { ReportLocale } from '../../shared/reports/format.js';
import type { ReportDoc } from '../../shared/reports/model.js';
import { headlineDef, type HeadlineId } from '../../shared/reports/headline.js';
import { reportTables, type Cell, type Column, type TableRow } from '../../shared/reports/tables.js';

const FORMATS: Record<string, string | undefined> = {
  count: '#,##0',
  rate: '0.0%',
  pp: '+0.0;-0.0;0.0',
  pct: '+0.0;-0.0;0.0',
  days: '0.0',
};

/** A count that is not whole (a mean, a share of a count) keeps one decimal. */
function numFmt(c: Column, row: TableRow, key: string, v: number): string | undefined {
  if (key === 'gap') return row.unit === 'rate' ? '0.0' : Number.isInteger(v) ? FORMATS.count : '#,##0.0';
  if (c.kind !== 'value') return c.kind === 'count' && !Number.isInteger(v) ? '#,##0.0' : FORMATS[c.kind];
  if (key === 'mom' || key === 'yoy') return FORMATS.pp;
  const unit = row.unit ?? 'count';
  return unit === 'count' && !Number.isInteger(v) ? '#,##0.0' : FORMATS[unit];
}

/** A cell as the workbook shows it: a code in words (with `labels`), a yes/no, or the value itself. */
function shown(c: Column, v: Cell | undefined, zh: boolean): Cell {
  if (v === undefined || v === null) return null;
  const label = c.labels?.[String(v)];
  if (label) return zh ? label.zh : label.en;
  return v;
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
    ws.columns = t.columns.map((c) => ({
      header: zh ? c.zh : c.en,
      key: c.key,
      width: Math.max(10, Math.min(48, (zh ? c.zh : c.en).length * (zh ? 2.2 : 1.2) + 4)),
    }));
    ws.getRow(1).font = { bold: true };
    for (const row of t.rows) {
      const values: Record<string, Cell> = {};
      for (const c of t.columns) values[c.key] = shown(c, row.cells[c.key], zh);
      if (!zh && t.id === 'headline' && typeof row.cells.id === 'string') values.label = headlineDef(row.cells.id as HeadlineId).en;
      const r = ws.addRow(values);
      t.columns.forEach((c, i) => {
        const v = row.cells[c.key];
        if (typeof v === 'number') {
          const f = numFmt(c, row, c.key, v);
          if (f) r.getCell(i + 1).numFmt = f;
        }
      });
    }
    if (t.id === 'targets' && t.rows.length === 0) {
      // An empty sheet reads like an error: say why it is empty and where targets are set.
      ws.addRow({
        [t.columns[0]!.key]: zh
          ? '尚未设置改革目标：管理员可在“月度报告 → 报告设置”中设置（PUT /v1/admin/report-settings），之后生成的报告将列出进展。'
          : 'No reform targets are set: an administrator sets them under Monthly reports → Report settings (PUT /v1/admin/report-settings); reports generated afterwards list the progress.',
      });
    }
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
