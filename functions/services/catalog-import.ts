// Bulk catalog import (事项目录批量导入) from the flat sheets departments keep in Excel: one row per
// material, the item columns repeated on each row of the item. Reading turns the sheet into raw
// items for the ordinary CatalogItem validation; nothing here decides what is valid beyond the
// shape of the sheet, and every error names the sheet row and column a department user can fix.
import type ExcelJS from 'exceljs';
import type { Options as CsvOptions } from 'csv-parse';
import { CatalogItem, MAX_ITEMS_PER_BATCH, type ItemResult } from '../../shared/contract/catalog.js';
import { fieldError, zodErrors, type FieldError } from '../../shared/contract/field-errors.js';
import { EXEMPTIONS, ITEM_KINDS, LEVELS, MATERIAL_KINDS } from '../../shared/enums.js';
import { errors } from '../errors.js';

export type CatalogFileFormat = 'csv' | 'xlsx';

export const ITEM_COLUMNS = [
  'itemCode',
  'name',
  'departmentCode',
  'kind',
  'statutoryDays',
  'promisedDays',
  'levels',
  'effectiveFrom',
] as const;
export const MATERIAL_COLUMNS = ['materialCode', 'materialName', 'materialKind', 'materialExemption'] as const;
/** Optional columns: a sheet may leave them out (电子证照类型编码: only for materials exempted by e-licence). */
export const OPTIONAL_COLUMNS = ['materialLicence'] as const;
export type ColumnId = (typeof ITEM_COLUMNS)[number] | (typeof MATERIAL_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
const ALL_COLUMNS: readonly ColumnId[] = [...ITEM_COLUMNS, ...MATERIAL_COLUMNS, ...OPTIONAL_COLUMNS];

/** The Chinese header of each column; the English header is the column id itself. */
export const COLUMN_ZH: Record<ColumnId, string> = {
  itemCode: '事项编码',
  name: '事项名称',
  departmentCode: '部门编码',
  kind: '事项类型',
  statutoryDays: '法定时限',
  promisedDays: '承诺时限',
  levels: '办理层级',
  effectiveFrom: '生效日期',
  materialCode: '材料编码',
  materialName: '材料名称',
  materialKind: '材料类型',
  materialExemption: '免提交方式',
  materialLicence: '电子证照类型编码',
};

/** For documentation: `itemCode (事项编码), name (事项名称), …`. */
export const ALL_COLUMN_HELP = ALL_COLUMNS.map((id) => `${id} (${COLUMN_ZH[id]})`).join(', ');

/** The columns that must hold the same value on every row of an item (the key columns group them). */
const REPEATED_COLUMNS = ['name', 'departmentCode', 'kind', 'statutoryDays', 'promisedDays', 'levels'] as const;

export interface ParsedCatalogFile {
  /** Raw items in order of first appearance, for CatalogItem validation (not validated here). */
  items: unknown[];
  /**
   * The sheet rows (1-based, as Excel numbers them) of each item, in sheet order. Invariant: an
   * item with materials has one row per material and materials[j] came from sourceRows[i][j]; an
   * item without materials has exactly one row.
   */
  sourceRows: number[][];
  /**
   * Problems of the sheet itself. A path `row N: <column>` with N among an item's sourceRows
   * belongs to that item; any other error (path `file`, or the header row) concerns the whole file.
   */
  errors: FieldError[];
  /** The header of each column as written in the file, so errors name the column the user sees. */
  columns: Record<ColumnId, string>;
}

export type Cell = string | number | Date | undefined; // trimmed; blank cells are undefined
export interface SheetRow {
  row: number;
  cells: Cell[];
}

// ───────────────────────────── reading the two formats ─────────────────────────────

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]; // legacy .xls (BIFF)
const startsWith = (b: Uint8Array, magic: number[]) => magic.every((m, i) => b[i] === m);

const fileError = (code: string, message: string, messageZh: string) => fieldError('file', code, message, messageZh);

/** UTF-8 (with or without the BOM Excel writes), else GB18030 (a superset of GBK, what older Excel on Chinese Windows saves). */
async function decodeText(bytes: Uint8Array, tick: Tick): Promise<string> {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeChunked(new TextDecoder('utf-16le'), bytes, tick); // Excel "Unicode text"
  try {
    return await decodeChunked(new TextDecoder('utf-8', { fatal: true }), bytes, tick);
  } catch {
    return decodeChunked(new TextDecoder('gb18030'), bytes, tick);
  }
}

/** Decodes 1 MB at a time, letting other requests run in between. */
async function decodeChunked(decoder: TextDecoder, bytes: Uint8Array, tick: Tick): Promise<string> {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 1024 * 1024) {
    parts.push(decoder.decode(bytes.subarray(i, i + 1024 * 1024), { stream: true }));
    await tick();
  }
  parts.push(decoder.decode());
  return parts.join('');
}

/**
 * Work on a large sheet gives way to the rest of the server every ~MAX_SLICE_MS (a 10 MB sheet
 * takes a second or two of CPU: other requests are answered in between, not after).
 */
export const MAX_SLICE_MS = 25;
type Tick = () => Promise<void>;
function yielder(maxMs = MAX_SLICE_MS): Tick {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < maxMs) return;
    await new Promise<void>((res) => setImmediate(res));
    since = performance.now();
  };
}

/** csv-parse fed 32 K characters at a time, yielding in between. */
async function parseCsvChunked(
  text: string,
  options: CsvOptions,
  tick: Tick,
): Promise<Array<{ record: string[]; info: { records: number } }>> {
  // csv-parse loads with the first CSV import, not at the API's cold start (issue 10).
  const { parse: csvParser } = await import('csv-parse');
  const parser = csvParser(options);
  const out: Array<{ record: string[]; info: { records: number } }> = [];
  let failure: unknown;
  parser.on('readable', () => {
    for (let r = parser.read(); r !== null; r = parser.read()) out.push(r);
  });
  let wake: (() => void) | undefined; // a wait for 'drain' that an error must end too
  const done = new Promise<void>((res) => {
    parser.once('end', res);
    parser.once('error', (e) => {
      failure = e;
      wake?.();
      res();
    });
  });
  for (let i = 0; i < text.length && failure === undefined; i += 32 * 1024) {
    // Wait for the parser to take each slice (else slices pile up and are parsed all at once at the end).
    if (!parser.write(text.slice(i, i + 32 * 1024)))
      await new Promise<void>((res) => {
        wake = res;
        parser.once('drain', res);
      });
    wake = undefined;
    await tick();
  }
  if (failure === undefined) parser.end();
  await done;
  if (failure !== undefined) throw failure;
  return out;
}

/**
 * Bounds of an imported sheet (besides 10 MB and 500 items): a catalog sheet has a dozen columns
 * and one row per material, so anything far beyond is refused before it is parsed, quickly.
 */
export const MAX_IMPORT_ROWS = 20_000;
export const MAX_IMPORT_COLUMNS = 64;
export const MAX_IMPORT_CELL_CHARS = 2_000;
/** At most this many errors are answered; the last one says how many more there were. */
export const MAX_IMPORT_ERRORS = 200;

const tooBig = (what: string, whatZh: string) =>
  fileError('sheet_too_large', `the sheet has ${what}; split it or delete the extra columns`, `表格${whatZh}，请拆分或删除多余的列`);

/** Rows and columns of CSV text counted without parsing it (an upper bound: quoted delimiters count too). */
function csvBounds(text: string, delimiter: string): FieldError | null {
  const firstEnd = text.search(/\r?\n/);
  const first = firstEnd < 0 ? text : text.slice(0, firstEnd);
  let cols = 1;
  for (let i = 0; i < first.length && cols <= MAX_IMPORT_COLUMNS; i++) if (first[i] === delimiter) cols++;
  if (cols > MAX_IMPORT_COLUMNS)
    return tooBig(`more than ${MAX_IMPORT_COLUMNS} columns in its header`, `表头超过 ${MAX_IMPORT_COLUMNS} 列`);
  let rows = 1;
  for (let i = text.indexOf('\n'); i >= 0 && rows <= MAX_IMPORT_ROWS; i = text.indexOf('\n', i + 1)) rows++;
  if (rows > MAX_IMPORT_ROWS) return tooBig(`more than ${MAX_IMPORT_ROWS} rows`, `超过 ${MAX_IMPORT_ROWS} 行`);
  return null;
}

async function readCsv(bytes: Uint8Array, tick: Tick): Promise<SheetRow[] | FieldError> {
  if (startsWith(bytes, ZIP_MAGIC)) {
    return fileError(
      'wrong_format',
      'this is an XLSX workbook, not CSV: send it with Content-Type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      '这是 XLSX 工作簿而不是 CSV，请使用 Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet 上传',
    );
  }
  const text = (await decodeText(bytes, tick)).replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const bounds = csvBounds(text, delimiter);
  if (bounds) return bounds;
  let records: Array<{ record: string[]; info: { records: number } }>;
  try {
    // Empty lines are kept as (blank) records so record numbers equal the row numbers Excel shows.
    records = await parseCsvChunked(
      text,
      {
        delimiter,
        relax_column_count: true,
        skip_empty_lines: false,
        info: true,
        max_record_size: MAX_IMPORT_COLUMNS * MAX_IMPORT_CELL_CHARS,
        // With `info`, csv-parse hands on_record {record, info} (its types say string[]).
        on_record: (r: string[]) => {
          const cells = Array.isArray(r) ? r : (r as { record: string[] }).record;
          if (cells.length > MAX_IMPORT_COLUMNS) throw new SheetTooLarge();
          return r;
        },
      },
      tick,
    );
  } catch (e) {
    if (e instanceof SheetTooLarge || (e as { code?: string }).code === 'CSV_MAX_RECORD_SIZE')
      return tooBig(
        `a row of more than ${MAX_IMPORT_COLUMNS} columns or ${MAX_IMPORT_COLUMNS * MAX_IMPORT_CELL_CHARS} characters`,
        `有超过 ${MAX_IMPORT_COLUMNS} 列或过长的行`,
      );
    const line = (e as { lines?: number }).lines;
    return fileError(
      'csv_syntax',
      `not valid CSV${line ? ` (near line ${line})` : ''}: ${(e as Error).message}`,
      `不是有效的 CSV${line ? `（约第 ${line} 行）` : ''}，请检查引号是否成对`,
    );
  }
  return records.map(({ record, info }) => ({ row: info.records, cells: record.map((s) => blankToUndefined(s)) }));
}

async function readXlsx(bytes: Uint8Array): Promise<SheetRow[] | FieldError> {
  if (startsWith(bytes, OLE_MAGIC)) {
    return fileError(
      'legacy_xls',
      'this is a legacy .xls workbook: save it as .xlsx (Excel Workbook) or CSV UTF-8 and upload again',
      '这是旧版 .xls 文件，请另存为 .xlsx（Excel 工作簿）或 CSV UTF-8 后重新上传',
    );
  }
  // Loaded on the first XLSX upload only: exceljs is ~1 MB of the API bundle (issue 10).
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    // exceljs hands the bytes to JSZip, which takes an ArrayBuffer; the copy is also exactly the file.
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  } catch {
    return fileError('unreadable_xlsx', 'the body is not a readable XLSX workbook', '请求体不是可读取的 XLSX 工作簿');
  }
  const sheet = workbook.worksheets.find((ws) => ws.state === 'visible') ?? workbook.worksheets[0];
  if (!sheet) return fileError('no_sheet', 'the workbook has no worksheet', '工作簿中没有工作表');
  if (sheet.columnCount > MAX_IMPORT_COLUMNS) return tooBig(`more than ${MAX_IMPORT_COLUMNS} columns`, `超过 ${MAX_IMPORT_COLUMNS} 列`);
  if (sheet.rowCount > MAX_IMPORT_ROWS) return tooBig(`more than ${MAX_IMPORT_ROWS} rows`, `超过 ${MAX_IMPORT_ROWS} 行`);
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: Cell[] = [];
    // Merged cells report the master cell's value, so a department's merged item columns read as repeated.
    for (let c = 1; c <= row.cellCount; c++) cells.push(xlsxCell(row.getCell(c).value));
    rows.push({ row: row.number, cells });
  });
  return rows;
}

function xlsxCell(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return blankToUndefined(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v;
  if ('richText' in v) return blankToUndefined(v.richText.map((r) => r.text).join(''));
  if ('formula' in v || 'sharedFormula' in v) return v.result === undefined ? undefined : xlsxCell(v.result as ExcelJS.CellValue);
  if ('hyperlink' in v) return blankToUndefined(typeof v.text === 'string' ? v.text : String(v.text ?? ''));
  if ('error' in v) return String(v.error);
  return undefined;
}

function blankToUndefined(s: string): string | undefined {
  const t = s.trim(); // also trims the ideographic space U+3000
  return t === '' ? undefined : t;
}

// ───────────────────────────── cells to item fields ─────────────────────────────

const ITEM_KIND_ZH: Record<string, (typeof ITEM_KINDS)[number]> = {
  行政许可: 'administrative_license',
  公共服务: 'public_service',
  行政确认: 'administrative_confirmation',
  行政给付: 'administrative_payment',
  其他: 'other',
  其它: 'other',
  其他行政权力: 'other',
};
const LEVEL_ZH: Record<string, (typeof LEVELS)[number]> = {
  市: 'city',
  市级: 'city',
  县: 'county',
  县级: 'county',
  区: 'county',
  区级: 'county',
  区县: 'county',
  县区: 'county',
  区县级: 'county',
  '县（区）': 'county',
  '县(区)': 'county',
  镇: 'town',
  镇级: 'town',
  乡: 'town',
  乡级: 'town',
  乡镇: 'town',
  乡镇级: 'town',
  街道: 'street',
  街道级: 'street',
  村: 'village',
  村级: 'village',
  社区: 'community',
  社区级: 'community',
};
const MATERIAL_KIND_ZH: Record<string, (typeof MATERIAL_KINDS)[number]> = {
  证照: 'certificate',
  证明: 'proof',
  表单: 'form',
  表格: 'form',
  其他: 'other',
  其它: 'other',
};
const EXEMPTION_ZH: Record<string, (typeof EXEMPTIONS)[number]> = {
  无: 'none',
  电子证照: 'e_license',
  数据共享: 'data_sharing',
  告知承诺: 'commitment',
  告知承诺制: 'commitment',
  取消: 'cancelled',
};

const halfWidthDigits = (s: string) => s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
const pad2 = (n: string | number) => String(n).padStart(2, '0');

/**
 * The calendar date of an XLSX date cell. Excel stores a wall-clock serial with no time zone;
 * exceljs turns it into the Date whose UTC fields are that wall clock (midnight UTC for a plain
 * date). So the UTC fields are the date the department typed, read in Asia/Shanghai where it was
 * typed — local getters would shift it by the host's offset, and adding +08:00 would move a cell
 * holding a time after 16:00 to the next day.
 */
export function xlsxDateCell(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function text(c: Cell): string | undefined {
  if (c === undefined) return undefined;
  if (c instanceof Date) return xlsxDateCell(c);
  return String(c);
}

/** Whole numbers become numbers; anything else stays as written so the schema rejects it with its own message. */
function integer(c: Cell): number | string | undefined {
  if (c === undefined || typeof c === 'number') return c;
  const s = text(c)!;
  const digits = halfWidthDigits(s);
  return /^\d{1,9}$/.test(digits) ? Number(digits) : s;
}

function mapped<T extends string>(c: Cell, allowed: readonly T[], zh: Record<string, T>): string | undefined {
  const s = text(c);
  if (s === undefined) return undefined;
  if (zh[s]) return zh[s];
  const lower = s.toLowerCase();
  return (allowed as readonly string[]).includes(lower) ? lower : s;
}

function levelList(c: Cell): string[] | undefined {
  const s = text(c);
  if (s === undefined) return undefined;
  return s
    .split(/[;,、，；]/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => mapped(p, LEVELS, LEVEL_ZH)!);
}

/** YYYY-MM-DD from the ways Chinese spreadsheets write a date: 2024-01-01, 2024/1/1, 2024.1.1, 2024年1月1日, 20240101. */
function isoDate(c: Cell): string | undefined {
  if (c === undefined) return undefined;
  if (c instanceof Date) return xlsxDateCell(c);
  const s = halfWidthDigits(String(c));
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(s) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  return m ? `${m[1]}-${pad2(m[2]!)}-${pad2(m[3]!)}` : String(c);
}

const CONVERT: Record<ColumnId, (c: Cell) => unknown> = {
  itemCode: text,
  name: text,
  departmentCode: text,
  kind: (c) => mapped(c, ITEM_KINDS, ITEM_KIND_ZH),
  statutoryDays: integer,
  promisedDays: integer,
  levels: levelList,
  effectiveFrom: isoDate,
  materialCode: text,
  materialName: text,
  materialKind: (c) => mapped(c, MATERIAL_KINDS, MATERIAL_KIND_ZH),
  materialExemption: (c) => mapped(c, EXEMPTIONS, EXEMPTION_ZH),
  materialLicence: text,
};

// ───────────────────────────── the header ─────────────────────────────

/** Header cells as templates write them: "*事项编码" (required mark), "法定时限（工作日）" (unit note). */
function headerKey(label: string): string {
  return label
    .replace(/^[*＊]\s*/, '')
    .replace(/\s*[（(][^）)]*[）)]\s*$/, '')
    .trim();
}
const HEADER_LOOKUP = new Map<string, ColumnId>([
  ...ALL_COLUMNS.flatMap(
    (id) =>
      [
        [id.toLowerCase(), id],
        [COLUMN_ZH[id], id],
      ] as const,
  ),
  ['证照类型编码', 'materialLicence'],
  ['电子证照类型', 'materialLicence'],
  ['licencecode', 'materialLicence'],
]);

export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

interface Header {
  positions: Map<ColumnId, number>;
  labels: Record<ColumnId, string>;
  errors: FieldError[];
}

function readHeader(header: SheetRow, dataRows: SheetRow[]): Header {
  const positions = new Map<ColumnId, number>();
  const labels = Object.fromEntries(ALL_COLUMNS.map((id) => [id, id])) as Record<ColumnId, string>;
  const errs: FieldError[] = [];
  const at = (col: number) => `row ${header.row}, column ${columnLetter(col)}`;
  const atZh = (col: number) => `第 ${header.row} 行 ${columnLetter(col)} 列`;
  const width = dataRows.reduce((w, r) => Math.max(w, r.cells.length), header.cells.length);
  for (let col = 0; col < width; col++) {
    const label = text(header.cells[col]);
    if (label === undefined) {
      const used = dataRows.find((r) => r.cells[col] !== undefined);
      if (used)
        errs.push(
          fieldError(
            `row ${header.row}: column ${columnLetter(col)}`,
            'unnamed_column',
            `column ${columnLetter(col)} has values (first on row ${used.row}) but no header: name it or delete the column`,
            `${columnLetter(col)} 列有内容（首见于第 ${used.row} 行）但没有表头，请补上表头或删除该列`,
          ),
        );
      continue;
    }
    const id = HEADER_LOOKUP.get(headerKey(label).toLowerCase());
    if (!id) {
      errs.push(
        fieldError(
          `row ${header.row}: ${label}`,
          'unknown_column',
          `${at(col)}: unknown header "${label}"; the columns are ${ALL_COLUMNS.join(', ')} (or in Chinese ${ALL_COLUMNS.map((c) => COLUMN_ZH[c]).join('、')}) — delete or rename it`,
          `${atZh(col)}：无法识别的表头“${label}”；可用的列为 ${ALL_COLUMNS.map((c) => COLUMN_ZH[c]).join('、')}（或英文 ${ALL_COLUMNS.join(', ')}），请删除或改名`,
        ),
      );
      continue;
    }
    if (positions.has(id)) {
      errs.push(
        fieldError(
          `row ${header.row}: ${label}`,
          'duplicate_column',
          `${at(col)}: column ${id} (${COLUMN_ZH[id]}) appears twice; keep one`,
          `${atZh(col)}：列“${COLUMN_ZH[id]}”重复出现，请只保留一列`,
        ),
      );
      continue;
    }
    positions.set(id, col);
    labels[id] = label;
  }
  // Material columns are all-or-none: a department without materials may leave all four out.
  const anyMaterial = MATERIAL_COLUMNS.some((id) => positions.has(id));
  for (const id of [...ITEM_COLUMNS, ...(anyMaterial ? MATERIAL_COLUMNS : [])]) {
    if (!positions.has(id)) {
      errs.push(
        fieldError(
          `row ${header.row}: ${id}`,
          'missing_column',
          `the header row has no column ${id} (${COLUMN_ZH[id]}); add it`,
          `表头缺少“${COLUMN_ZH[id]}”（${id}）列，请补上`,
        ),
      );
    }
  }
  return { positions, labels, errors: errs };
}

// ───────────────────────────── rows to items ─────────────────────────────

/** Turns the rows of a sheet (blank rows included or not) into raw items; pure. */
export async function catalogFromRows(rows: SheetRow[], tick: Tick = yielder()): Promise<ParsedCatalogFile> {
  const nonBlank = rows.filter((r) => r.cells.some((c) => c !== undefined));
  const defaults = Object.fromEntries(ALL_COLUMNS.map((id) => [id, id])) as Record<ColumnId, string>;
  // Sheets often open with a title row (e.g. 淄博市教育局政务服务事项目录, merged across the columns):
  // the header is the first row naming the item code column; rows above it are titles.
  const headerAt = nonBlank
    .slice(0, 10)
    .findIndex((r) => r.cells.some((c) => c !== undefined && HEADER_LOOKUP.get(headerKey(String(c)).toLowerCase()) === 'itemCode'));
  const [headerRow, ...dataRows] = nonBlank.slice(Math.max(headerAt, 0));
  if (!headerRow)
    return {
      items: [],
      sourceRows: [],
      columns: defaults,
      errors: [fileError('empty_file', 'the file is empty: the first row must be the header', '文件为空：第一行须为表头')],
    };
  const header = readHeader(headerRow, dataRows);
  if (header.errors.length) return { items: [], sourceRows: [], columns: header.labels, errors: header.errors };
  if (dataRows.length === 0)
    return {
      items: [],
      sourceRows: [],
      columns: header.labels,
      errors: [fileError('no_rows', 'the file has a header but no rows', '文件只有表头，没有数据行')],
    };

  const label = (id: ColumnId) => header.labels[id];
  const hasMaterials = header.positions.has('materialCode');
  interface Group {
    key: string;
    first: SheetRow;
    values: Record<ColumnId, unknown>;
    rows: SheetRow[];
  }
  const groups = new Map<string, Group>();
  const errs: FieldError[] = [];

  for (const r of dataRows) {
    await tick();
    const values = {} as Record<ColumnId, unknown>;
    for (const [id, col] of header.positions) values[id] = CONVERT[id](r.cells[col]);
    // Rows without an item code cannot belong to any item: each stands alone and is rejected as such.
    const key = values.itemCode === undefined ? `row:${r.row}` : JSON.stringify([values.itemCode, values.effectiveFrom ?? null]);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { key, first: r, values, rows: [r] });
      continue;
    }
    group.rows.push(r);
    for (const id of REPEATED_COLUMNS) {
      if (JSON.stringify(values[id]) === JSON.stringify(group.values[id])) continue;
      const here = text(r.cells[header.positions.get(id)!]) ?? '';
      const there = text(group.first.cells[header.positions.get(id)!]) ?? '';
      errs.push(
        fieldError(
          `row ${r.row}: ${label(id)}`,
          'inconsistent_item_row',
          `"${here}" differs from "${there}" on row ${group.first.row}, the first row of item ${String(values.itemCode)} from ${String(values.effectiveFrom ?? '(no date)')}: every row of an item repeats the same ${label(id)}`,
          `“${here}”与该事项首行（第 ${group.first.row} 行）的“${there}”不一致：同一事项的每一行须填写相同的${COLUMN_ZH[id]}`,
        ),
      );
    }
  }

  const items: unknown[] = [];
  const sourceRows: number[][] = [];
  for (const g of groups.values()) {
    await tick();
    const v = g.values;
    const item: Record<string, unknown> = {};
    for (const id of ITEM_COLUMNS) if (v[id] !== undefined) item[id] = v[id];
    const materialOf = (r: SheetRow) => {
      const m: Record<string, unknown> = {};
      const put = (field: string, id: ColumnId) => {
        const value = CONVERT[id](r.cells[header.positions.get(id)!]);
        if (value !== undefined) m[field] = value;
      };
      put('code', 'materialCode');
      put('name', 'materialName');
      put('kind', 'materialKind');
      put('exemption', 'materialExemption');
      if (header.positions.has('materialLicence')) put('licenceCode', 'materialLicence');
      return m;
    };
    const materialCells = (r: SheetRow) => MATERIAL_COLUMNS.some((id) => r.cells[header.positions.get(id)!] !== undefined);
    // One row with blank material cells is an item without materials; otherwise every row is a
    // material (a blank one then reads as a material with its fields missing, reported per cell).
    item.materials = hasMaterials && (g.rows.length > 1 || materialCells(g.first)) ? g.rows.map(materialOf) : [];
    items.push(item);
    sourceRows.push(g.rows.map((r) => r.row));
  }
  return { items, sourceRows, columns: header.labels, errors: errs };
}

/**
 * The rows of a sheet (CSV, or the first visible worksheet of an XLSX workbook), or the problem of
 * the whole file: shared by the item catalog and the e-licence catalog imports.
 */
export async function readSheet(bytes: Uint8Array, format: CatalogFileFormat): Promise<SheetRow[] | FieldError> {
  const tick = yielder();
  const rows = format === 'csv' ? await readCsv(bytes, tick) : await readXlsx(bytes);
  if (!Array.isArray(rows)) return rows;
  const long = rows.find((r) => r.cells.some((c) => typeof c === 'string' && c.length > MAX_IMPORT_CELL_CHARS));
  if (long)
    return fieldError(
      `row ${long.row}`,
      'cell_too_long',
      `row ${long.row} has a cell of more than ${MAX_IMPORT_CELL_CHARS} characters`,
      `第 ${long.row} 行有超过 ${MAX_IMPORT_CELL_CHARS} 个字符的单元格`,
    );
  return rows;
}

/**
 * Reads a catalog sheet (CSV or the first visible worksheet of an XLSX workbook) into raw items.
 * I/O-free: the bytes are the whole file.
 */
export async function parseCatalogFile(bytes: Uint8Array, format: CatalogFileFormat): Promise<ParsedCatalogFile> {
  const tick = yielder();
  const rows = await readSheet(bytes, format);
  const noItems = (e: FieldError): ParsedCatalogFile => ({
    items: [],
    sourceRows: [],
    columns: Object.fromEntries(ALL_COLUMNS.map((id) => [id, id])) as Record<ColumnId, string>,
    errors: [e],
  });
  if (!Array.isArray(rows)) return noItems(rows);
  const parsed = await catalogFromRows(rows, tick);
  if (parsed.errors.length > MAX_IMPORT_ERRORS) {
    const more = parsed.errors.length - MAX_IMPORT_ERRORS + 1;
    parsed.errors = [
      ...parsed.errors.slice(0, MAX_IMPORT_ERRORS - 1),
      fileError('too_many_errors', `and ${more} more errors; fix these first`, `另有 ${more} 处错误，请先修正以上错误`),
    ];
  }
  return parsed;
}

class SheetTooLarge extends Error {}

// ───────────────────────────── results in sheet terms ─────────────────────────────

const MATERIAL_FIELD_COLUMN: Record<string, ColumnId> = {
  code: 'materialCode',
  name: 'materialName',
  kind: 'materialKind',
  exemption: 'materialExemption',
  licenceCode: 'materialLicence',
};

/** `materials[1].kind` of item i → `row 4: materialKind` (the header as written in the file). */
export function sheetPath(parsed: ParsedCatalogFile, itemIndex: number, path: string): string {
  if (/^row \d+:/.test(path)) return path;
  const rows = parsed.sourceRows[itemIndex] ?? [];
  const first = rows[0];
  if (first === undefined) return path;
  const m = /^materials(?:\[(\d+)\](?:\.(\w+))?)?/.exec(path);
  if (m) {
    const row = m[1] === undefined ? first : (rows[Number(m[1])] ?? first);
    return `row ${row}: ${parsed.columns[MATERIAL_FIELD_COLUMN[m[2] ?? 'code'] ?? 'materialCode']}`;
  }
  const field = /^(\w+)/.exec(path)?.[1];
  const column = ITEM_COLUMNS.find((c) => c === field);
  return `row ${first}: ${column ? parsed.columns[column] : path || 'row'}`;
}

export interface ImportItemResult extends ItemResult {
  rows: number[];
}
export interface ImportSummary {
  items: number;
  accepted: number;
  updated: number;
  duplicate: number;
  rejected: number;
  forbidden: number;
}
export interface ImportAnswer {
  results: ImportItemResult[];
  summary: ImportSummary;
}

/** Stores (or only checks) items in order, one result each: the catalog service's putItems, or validateItems. */
export type ItemWriter = (items: unknown[]) => Promise<ItemResult[]>;

/** The same validation as the catalog service, storing nothing: for a dry run. */
export function validateItem(raw: unknown): ItemResult {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const base = {
    itemCode: typeof o.itemCode === 'string' ? o.itemCode : null,
    effectiveFrom: typeof o.effectiveFrom === 'string' ? o.effectiveFrom : null,
  };
  const parsed = CatalogItem.safeParse(raw);
  return parsed.success ? { ...base, status: 'accepted' } : { ...base, status: 'rejected', errors: zodErrors(parsed.error, raw) };
}
export const validateItems: ItemWriter = async (items) => items.map(validateItem);

export const MAX_IMPORT_ITEMS = MAX_ITEMS_PER_BATCH;

/**
 * Sends the items of a parsed sheet through `write` and answers per item in sheet order, with
 * every error path naming its sheet row and column. Items the sheet itself got wrong (rows that
 * disagree) are rejected without being written; the rest are written, so one bad item loses
 * nothing else. Problems of the whole file throw a 400.
 */
export async function importCatalog(parsed: ParsedCatalogFile, write: ItemWriter): Promise<ImportAnswer> {
  const itemOfRow = new Map<number, number>();
  for (const [i, rows] of parsed.sourceRows.entries()) for (const r of rows) itemOfRow.set(r, i);
  const sheetErrors: FieldError[][] = parsed.items.map(() => []);
  const fileErrors: FieldError[] = [];
  for (const e of parsed.errors) {
    const row = /^row (\d+):/.exec(e.path)?.[1];
    const i = row === undefined ? undefined : itemOfRow.get(Number(row));
    if (i === undefined) fileErrors.push(e);
    else sheetErrors[i]!.push(e);
  }
  if (fileErrors.length) {
    throw errors.badRequest(
      'the file cannot be imported as a catalog sheet; see details',
      '文件无法作为事项目录导入，请按 details 修改',
      fileErrors,
    );
  }
  if (parsed.items.length > MAX_IMPORT_ITEMS) {
    throw errors.badRequest(
      `the file holds ${parsed.items.length} items; import at most ${MAX_IMPORT_ITEMS} at a time (split the sheet)`,
      `文件包含 ${parsed.items.length} 个事项，每次最多导入 ${MAX_IMPORT_ITEMS} 个，请拆分后上传`,
    );
  }

  const writable = parsed.items.flatMap((item, i) => (sheetErrors[i]!.length ? [] : [{ item, i }]));
  const written = await write(writable.map((w) => w.item));
  if (written.length !== writable.length) throw new Error(`writer answered ${written.length} results for ${writable.length} items`);
  const byIndex = new Map(writable.map((w, k) => [w.i, written[k]!]));

  const results = parsed.items.map((item, i): ImportItemResult => {
    let result = byIndex.get(i);
    if (!result) {
      // Rejected for the sheet's own problems; add what validation says too, so one round fixes all.
      const checked = validateItem(item);
      result = {
        itemCode: checked.itemCode,
        effectiveFrom: checked.effectiveFrom,
        status: 'rejected',
        errors: [...sheetErrors[i]!, ...(checked.errors ?? [])],
      };
    }
    const { errors: errs, ...rest } = result;
    return {
      rows: parsed.sourceRows[i] ?? [],
      ...rest,
      ...(errs ? { errors: errs.map((e) => ({ ...e, path: sheetPath(parsed, i, e.path) })) } : {}),
    };
  });

  const summary: ImportSummary = { items: results.length, accepted: 0, updated: 0, duplicate: 0, rejected: 0, forbidden: 0 };
  for (const r of results) summary[r.status]++;
  return { results, summary };
}
