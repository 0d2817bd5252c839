// E-licence catalog import (电子证照目录导入): the administrator's sheet of licence types, one row
// per type (code, name, and optionally the issuer), read from CSV or XLSX like the item catalog and
// answered per row with the sheet row and column a person can fix.
import { fieldError, type FieldError } from '../../shared/contract/field-errors.js';
import type { LicenceResult } from '../../shared/contract/licences.js';
import { errors } from '../errors.js';
import { columnLetter, readSheet, type CatalogFileFormat, type Cell, type SheetRow } from './catalog-import.js';

export const LICENCE_COLUMNS = ['code', 'name', 'issuer'] as const;
export type LicenceColumn = (typeof LICENCE_COLUMNS)[number];
export const LICENCE_COLUMN_ZH: Record<LicenceColumn, string> = { code: '证照类型编码', name: '证照类型名称', issuer: '发证机关' };
const REQUIRED: readonly LicenceColumn[] = ['code', 'name'];
/** Headers as people write them (English ids, the Chinese headers, and the usual variants). */
const HEADERS = new Map<string, LicenceColumn>([
  ['code', 'code'],
  ['licencecode', 'code'],
  ['licensecode', 'code'],
  ['证照类型编码', 'code'],
  ['证照编码', 'code'],
  ['证照类型代码', 'code'],
  ['目录编码', 'code'],
  ['name', 'name'],
  ['licencename', 'name'],
  ['licensename', 'name'],
  ['证照类型名称', 'name'],
  ['证照名称', 'name'],
  ['电子证照名称', 'name'],
  ['issuer', 'issuer'],
  ['发证机关', 'issuer'],
  ['颁发机构', 'issuer'],
  ['颁证单位', 'issuer'],
  ['发证单位', 'issuer'],
]);
export const LICENCE_COLUMN_HELP = LICENCE_COLUMNS.map(
  (c) => `${c} (${LICENCE_COLUMN_ZH[c]})${REQUIRED.includes(c) ? '' : ', optional'}`,
).join(', ');

const headerKey = (label: string) =>
  label
    .replace(/^[*＊]\s*/, '')
    .replace(/\s*[（(][^）)]*[）)]\s*$/, '')
    .trim()
    .toLowerCase();
const text = (c: Cell): string | undefined => (c === undefined ? undefined : c instanceof Date ? c.toISOString().slice(0, 10) : String(c));

export interface ParsedLicenceFile {
  /** Raw licence types in sheet order, for LicenceType validation. */
  licences: Array<Record<string, unknown>>;
  /** The sheet row of each. */
  rows: number[];
  /** The header of each column as written in the file. */
  columns: Record<LicenceColumn, string>;
}

/** Turns the rows of a sheet into raw licence types; problems of the whole sheet (its header) throw a 400. */
export function licencesFromRows(sheet: SheetRow[]): ParsedLicenceFile {
  const nonBlank = sheet.filter((r) => r.cells.some((c) => c !== undefined));
  // A title row above the header (e.g. 淄博市电子证照目录) is skipped: the header names the code column.
  const at = nonBlank.slice(0, 10).findIndex((r) => r.cells.some((c) => c !== undefined && HEADERS.get(headerKey(String(c))) === 'code'));
  const [header, ...data] = nonBlank.slice(Math.max(at, 0));
  if (!header)
    throw errors.badRequest('the file is empty: the first row must be the header', '文件为空：第一行须为表头', [
      fieldError('file', 'empty_file', 'the file is empty: the first row must be the header', '文件为空：第一行须为表头'),
    ]);
  const positions = new Map<LicenceColumn, number>();
  const columns = { code: 'code', name: 'name', issuer: 'issuer' } as Record<LicenceColumn, string>;
  const errs: FieldError[] = [];
  header.cells.forEach((c, col) => {
    const label = text(c);
    if (label === undefined) return;
    const id = HEADERS.get(headerKey(label));
    if (!id) {
      errs.push(
        fieldError(
          `row ${header.row}: ${label}`,
          'unknown_column',
          `row ${header.row}, column ${columnLetter(col)}: unknown header "${label}"; the columns are ${LICENCE_COLUMN_HELP} (or in Chinese ${LICENCE_COLUMNS.map((x) => LICENCE_COLUMN_ZH[x]).join('、')})`,
          `第 ${header.row} 行 ${columnLetter(col)} 列：无法识别的表头“${label}”；可用的列为 ${LICENCE_COLUMNS.map((x) => LICENCE_COLUMN_ZH[x]).join('、')}（发证机关可省略），请删除或改名`,
        ),
      );
    } else if (positions.has(id)) {
      errs.push(
        fieldError(
          `row ${header.row}: ${label}`,
          'duplicate_column',
          `column ${id} (${LICENCE_COLUMN_ZH[id]}) appears twice; keep one`,
          `列“${LICENCE_COLUMN_ZH[id]}”重复出现，请只保留一列`,
        ),
      );
    } else {
      positions.set(id, col);
      columns[id] = label;
    }
  });
  for (const id of REQUIRED) {
    if (!positions.has(id))
      errs.push(
        fieldError(
          `row ${header.row}: ${id}`,
          'missing_column',
          `the header row has no column ${id} (${LICENCE_COLUMN_ZH[id]}); add it`,
          `表头缺少“${LICENCE_COLUMN_ZH[id]}”（${id}）列，请补上`,
        ),
      );
  }
  if (errs.length)
    throw errors.badRequest(
      'the file cannot be imported as an e-licence catalog; see details',
      '文件无法作为电子证照目录导入，请按 details 修改',
      errs,
    );
  if (data.length === 0)
    throw errors.badRequest('the file has a header but no rows', '文件只有表头，没有数据行', [
      fieldError('file', 'no_rows', 'the file has a header but no rows', '文件只有表头，没有数据行'),
    ]);
  const licences = data.map((r) => {
    const o: Record<string, unknown> = {};
    for (const [id, col] of positions) {
      const v = text(r.cells[col]);
      if (v !== undefined) o[id] = v;
    }
    return o;
  });
  return { licences, rows: data.map((r) => r.row), columns };
}

/** Reads an e-licence catalog sheet; I/O-free. */
export async function parseLicenceFile(bytes: Uint8Array, format: CatalogFileFormat): Promise<ParsedLicenceFile> {
  const sheet = await readSheet(bytes, format);
  if (!Array.isArray(sheet))
    throw errors.badRequest(
      'the file cannot be imported as an e-licence catalog; see details',
      '文件无法作为电子证照目录导入，请按 details 修改',
      [sheet],
    );
  return licencesFromRows(sheet);
}

export interface LicenceImportResult extends LicenceResult {
  row: number;
}

/** Results of the licence writer in sheet terms: `name` → `row 7: 证照类型名称`. */
export function inSheetTerms(parsed: ParsedLicenceFile, results: LicenceResult[]): LicenceImportResult[] {
  return results.map((r, i) => {
    const row = parsed.rows[i]!;
    const path = (p: string) => {
      const field = /^(\w+)/.exec(p)?.[1] as LicenceColumn | undefined;
      return `row ${row}: ${field && parsed.columns[field] ? parsed.columns[field] : p || 'row'}`;
    };
    return { row, ...r, ...(r.errors ? { errors: r.errors.map((e) => ({ ...e, path: path(e.path) })) } : {}) };
  });
}
