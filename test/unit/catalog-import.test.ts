// Reading catalog sheets (CSV and XLSX) into raw items, and answering in sheet rows and columns.
// The XLSX dates must come out the same whatever the host time zone (run also with TZ=America/New_York).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { CatalogItem } from '../../shared/contract/catalog.js';
import { AppError } from '../../functions/errors.js';
import { importCatalog, parseCatalogFile, sheetPath, validateItems } from '../../functions/services/catalog-import.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
const csv = (text: string) => new TextEncoder().encode(text);

const CODE_A = '511A0138000000-511602000000-000-115113010833722043-1-00';
const NAME_A = '适龄儿童、少年因身体状况需要延缓入学或者休学审批';
const ITEM_A = {
  itemCode: CODE_A,
  name: NAME_A,
  departmentCode: 'D-JYJ',
  kind: 'administrative_license',
  statutoryDays: 20,
  promisedDays: 5,
  levels: ['city', 'county'],
  effectiveFrom: '2024-01-01',
  materials: [
    { code: 'M01', name: '居民身份证', kind: 'certificate', exemption: 'e_license' },
    { code: 'M02', name: '医院诊断证明', kind: 'proof', exemption: 'none' },
    { code: 'M03', name: '申请表', kind: 'form', exemption: 'none' },
  ],
};
const ITEM_B = {
  itemCode: 'JYJ-0002',
  name: '教师资格认定（含"中小学"、幼儿园）',
  departmentCode: 'D-JYJ',
  kind: 'public_service',
  statutoryDays: 0,
  promisedDays: 0,
  levels: ['county'],
  effectiveFrom: '2024-03-01',
  materials: [],
};
const HEADER_EN =
  'itemCode,name,departmentCode,kind,statutoryDays,promisedDays,levels,effectiveFrom,materialCode,materialName,materialKind,materialExemption';
const rowA = (material: string, over: Partial<Record<'name' | 'days' | 'code' | 'date', string>> = {}) =>
  `${over.code ?? 'A-1'},${over.name ?? '事项甲'},D-JYJ,administrative_license,${over.days ?? '20'},5,city,${over.date ?? '2024-01-01'},${material}`;

describe('CSV', () => {
  it('reads English headers: one row per material, grouped by itemCode + effectiveFrom, rows as Excel numbers them', async () => {
    const parsed = await parseCatalogFile(fixture('catalog-en.csv'), 'csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.items).toEqual([ITEM_A, ITEM_B]);
    expect(parsed.sourceRows).toEqual([[2, 3, 4], [5]]);
    for (const item of parsed.items) expect(CatalogItem.safeParse(item).success).toBe(true);
  });

  it('reads Chinese headers and values, a BOM, CRLF, blank lines, 2024/1/1 and 2024年3月1日', async () => {
    const parsed = await parseCatalogFile(fixture('catalog-zh.csv'), 'csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.items).toEqual([ITEM_A, ITEM_B]);
    // Blank lines still count: row 2 and row 6 are empty in the file.
    expect(parsed.sourceRows).toEqual([[3, 4, 5], [7]]);
    expect(parsed.columns.statutoryDays).toBe('法定时限（工作日）');
  });

  it('reads the same sheet saved as GB18030 (GBK) by older Excel', async () => {
    const parsed = await parseCatalogFile(fixture('catalog-zh-gb18030.csv'), 'csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.items).toEqual([ITEM_A, ITEM_B]);
  });

  it('strips the BOM Excel writes before the first header', async () => {
    const parsed = await parseCatalogFile(csv(`\uFEFF${HEADER_EN}\n${rowA('M01,申请表,form,none')}\n`), 'csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.items).toHaveLength(1);
    expect(parsed.columns.itemCode).toBe('itemCode');
  });

  it('maps every Chinese level spelling and separator', async () => {
    const header = '事项编码,事项名称,部门编码,事项类型,法定时限,承诺时限,办理层级,生效日期';
    const parsed = await parseCatalogFile(csv(`${header}\nX-1,甲,D-JYJ,行政确认,10,0,"市;区县,乡镇、街道，村；社区",20240101\n`), 'csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.items[0]).toEqual({
      itemCode: 'X-1',
      name: '甲',
      departmentCode: 'D-JYJ',
      kind: 'administrative_confirmation',
      statutoryDays: 10,
      promisedDays: 0,
      levels: ['city', 'county', 'town', 'street', 'village', 'community'],
      effectiveFrom: '2024-01-01',
      materials: [],
    });
  });

  it('leaves numbers that are not whole numbers as written, so the schema rejects them with its message', async () => {
    const parsed = await parseCatalogFile(
      csv(
        `${HEADER_EN}\n${rowA('M01,申请表,form,none', { days: '二十' })}\n${rowA('M01,申请表,form,none', { code: 'A-2', days: '5.5' })}\n`,
      ),
      'csv',
    );
    expect(parsed.items.map((i) => (i as { statutoryDays: unknown }).statutoryDays)).toEqual(['二十', '5.5']);
    const answer = await importCatalog(parsed, validateItems);
    expect(answer.results[0]!.errors).toEqual([expect.objectContaining({ path: 'row 2: statutoryDays', code: 'wrong_type' })]);
  });

  it('reports a row whose item columns differ from the first row of its item, and rejects only that item', async () => {
    const text = [
      HEADER_EN,
      rowA('M01,居民身份证,certificate,e_license'),
      rowA('M02,申请表,form,none'),
      rowA('M03,证明,proof,none', { name: '事项乙', days: '30' }),
      'B-1,事项丙,D-JYJ,other,0,0,city,2024-01-01,,,,',
    ].join('\n');
    const parsed = await parseCatalogFile(csv(text), 'csv');
    expect(parsed.errors.map((e) => [e.path, e.code])).toEqual([
      ['row 4: name', 'inconsistent_item_row'],
      ['row 4: statutoryDays', 'inconsistent_item_row'],
    ]);
    expect(parsed.errors[0]!.message).toContain('row 2');
    expect(parsed.errors[0]!.messageZh).toContain('第 2 行');

    const answer = await importCatalog(parsed, validateItems);
    expect(answer.results.map((r) => [r.itemCode, r.status, r.rows])).toEqual([
      ['A-1', 'rejected', [2, 3, 4]],
      ['B-1', 'accepted', [5]],
    ]);
    expect(answer.summary).toEqual({ items: 2, accepted: 1, updated: 0, duplicate: 0, rejected: 1, forbidden: 0 });
  });

  it('groups versions of one item by effectiveFrom, in order of first appearance', async () => {
    const text = [
      HEADER_EN,
      rowA('M01,申请表,form,none', { date: '2024-06-01' }),
      rowA('M01,申请表,form,none'),
      rowA('M02,证明,proof,none', { date: '2024-06-01' }),
    ].join('\n');
    const parsed = await parseCatalogFile(csv(text), 'csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.items.map((i) => (i as { effectiveFrom: string }).effectiveFrom)).toEqual(['2024-06-01', '2024-01-01']);
    expect(parsed.sourceRows).toEqual([[2, 4], [3]]);
  });

  it('rejects the file for an unknown header, naming it', async () => {
    const parsed = await parseCatalogFile(csv(`${HEADER_EN},备注\n${rowA('M01,申请表,form,none')},无\n`), 'csv');
    expect(parsed.items).toEqual([]);
    expect(parsed.errors).toEqual([expect.objectContaining({ path: 'row 1: 备注', code: 'unknown_column' })]);
    expect(parsed.errors[0]!.message).toContain('"备注"');
    expect(parsed.errors[0]!.message).toContain('column M');
    const thrown = await importCatalog(parsed, validateItems).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).status).toBe(400);
    expect((thrown as AppError).details).toEqual(parsed.errors);
  });

  it('names a missing column; the four material columns may be left out together', async () => {
    const noKind = await parseCatalogFile(
      csv('itemCode,name,departmentCode,statutoryDays,promisedDays,levels,effectiveFrom\nA,甲,D,0,0,city,2024-01-01\n'),
      'csv',
    );
    expect(noKind.errors.map((e) => [e.path, e.code])).toEqual([['row 1: kind', 'missing_column']]);
    const halfMaterial = await parseCatalogFile(
      csv(
        'itemCode,name,departmentCode,kind,statutoryDays,promisedDays,levels,effectiveFrom,materialCode\nA,甲,D,other,0,0,city,2024-01-01,M1\n',
      ),
      'csv',
    );
    expect(halfMaterial.errors.map((e) => e.path)).toEqual(['row 1: materialName', 'row 1: materialKind', 'row 1: materialExemption']);
  });

  it('refuses an XLSX sent as CSV, an empty file and a header without rows', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['a']);
    const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
    expect((await parseCatalogFile(xlsx, 'csv')).errors[0]).toMatchObject({ path: 'file', code: 'wrong_format' });
    expect((await parseCatalogFile(csv('\n\n'), 'csv')).errors[0]).toMatchObject({ path: 'file', code: 'empty_file' });
    expect((await parseCatalogFile(csv(`${HEADER_EN}\n`), 'csv')).errors[0]).toMatchObject({ path: 'file', code: 'no_rows' });
    expect((await parseCatalogFile(csv('a,"b\n'), 'csv')).errors[0]).toMatchObject({ path: 'file', code: 'csv_syntax' });
    expect((await parseCatalogFile(csv('not a zip'), 'xlsx')).errors[0]).toMatchObject({ path: 'file', code: 'unreadable_xlsx' });
  });
});

describe('errors in sheet terms', () => {
  it('maps schema paths to the row and column to fix, with the header as written in the file', async () => {
    const text = [HEADER_EN, rowA('M01,居民身份证,certificate,e_license'), rowA('M02,申请表,form,none'), rowA('M03,证明,paper,none')].join(
      '\n',
    );
    const parsed = await parseCatalogFile(csv(text), 'csv');
    expect(sheetPath(parsed, 0, 'materials[2].kind')).toBe('row 4: materialKind');
    expect(sheetPath(parsed, 0, 'materials[0].code')).toBe('row 2: materialCode');
    expect(sheetPath(parsed, 0, 'levels[1]')).toBe('row 2: levels');
    expect(sheetPath(parsed, 0, 'promisedDays')).toBe('row 2: promisedDays');
    const answer = await importCatalog(parsed, validateItems);
    expect(answer.results[0]).toMatchObject({ rows: [2, 3, 4], itemCode: 'A-1', effectiveFrom: '2024-01-01', status: 'rejected' });
    expect(answer.results[0]!.errors).toEqual([expect.objectContaining({ path: 'row 4: materialKind', code: 'not_one_of' })]);

    const zh = await parseCatalogFile(fixture('catalog-zh.csv'), 'csv');
    expect(sheetPath(zh, 0, 'materials[1].kind')).toBe('row 4: 材料类型');
    expect(sheetPath(zh, 1, 'departmentCode')).toBe('row 7: 部门编码');
  });

  it('reads a blank material row in an item with materials as a material with its cells missing', async () => {
    const text = [HEADER_EN, rowA('M01,申请表,form,none'), rowA(',,,')].join('\n');
    const answer = await importCatalog(await parseCatalogFile(csv(text), 'csv'), validateItems);
    expect(answer.results[0]!.errors!.map((e) => e.path)).toEqual([
      'row 3: materialCode',
      'row 3: materialName',
      'row 3: materialKind',
      'row 3: materialExemption',
    ]);
  });

  it('rejects a row without an item code on its own', async () => {
    const text = [HEADER_EN, rowA('M01,申请表,form,none'), rowA('M02,证明,proof,none', { code: '' })].join('\n');
    const answer = await importCatalog(await parseCatalogFile(csv(text), 'csv'), validateItems);
    expect(answer.results.map((r) => [r.rows, r.status])).toEqual([
      [[2], 'accepted'],
      [[3], 'rejected'],
    ]);
    expect(answer.results[1]!.errors).toEqual([expect.objectContaining({ path: 'row 3: itemCode', code: 'required' })]);
  });
});

describe('XLSX', () => {
  const ZH_HEADER = [
    '事项编码',
    '事项名称',
    '部门编码',
    '事项类型',
    '法定时限',
    '承诺时限',
    '办理层级',
    '生效日期',
    '材料编码',
    '材料名称',
    '材料类型',
    '免提交方式',
  ];

  /** A workbook as a department keeps it: Chinese headers, numeric cells, date cells, merged item cells. */
  async function workbook(): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('填表说明', { state: 'hidden' }).addRow(['这张表不导入']);
    const ws = wb.addWorksheet('事项目录');
    ws.addRow(ZH_HEADER);
    // A date cell as exceljs writes it: the wall-clock date as UTC midnight.
    ws.addRow([
      CODE_A,
      NAME_A,
      'D-JYJ',
      '行政许可',
      20,
      5,
      '市、县级',
      new Date(Date.UTC(2024, 0, 1)),
      'M01',
      '居民身份证',
      '证照',
      '电子证照',
    ]);
    ws.addRow([
      CODE_A,
      NAME_A,
      'D-JYJ',
      '行政许可',
      20,
      5,
      '市、县级',
      new Date(Date.UTC(2024, 0, 1)),
      'M02',
      '医院诊断证明',
      '证明',
      '无',
    ]);
    ws.addRow([CODE_A, NAME_A, 'D-JYJ', '行政许可', 20, 5, '市、县级', new Date(Date.UTC(2024, 0, 1)), 'M03', '申请表', '表单', '无']);
    // A serial number formatted as a date, as Excel itself stores one: 45352 = 2024-03-01.
    ws.addRow([
      'JYJ-0002',
      '教师资格认定（含"中小学"、幼儿园）',
      'D-JYJ',
      '公共服务',
      0,
      0,
      { richText: [{ text: '区' }, { text: '县' }] },
      45352,
    ]);
    ws.getCell('H5').numFmt = 'yyyy"年"m"月"d"日"';
    // A date-time typed late in the evening stays on its day (2024-02-29 21:30 wall clock).
    ws.addRow([
      'JYJ-0003',
      '学历证明',
      'D-JYJ',
      '其他',
      10,
      3,
      '市',
      new Date(Date.UTC(2024, 1, 29, 21, 30)),
      'M01',
      '身份证',
      '证照',
      '数据共享',
    ]);
    ws.addRow([
      'JYJ-0003',
      '学历证明',
      'D-JYJ',
      '其他',
      10,
      3,
      '市',
      new Date(Date.UTC(2024, 1, 29, 21, 30)),
      'M02',
      '承诺书',
      '表单',
      '告知承诺',
    ]);
    ws.getCell('H6').numFmt = 'yyyy-mm-dd hh:mm';
    ws.getCell('H7').numFmt = 'yyyy-mm-dd hh:mm';
    // Merged item cells (a common layout): the second row's merged cells read as the first row's values.
    ws.mergeCells('B6:B7');
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }

  async function expectWorkbookRead(bytes: Uint8Array) {
    const parsed = await parseCatalogFile(bytes, 'xlsx');
    expect(parsed.errors).toEqual([]);
    expect(parsed.items).toEqual([
      ITEM_A,
      ITEM_B,
      {
        itemCode: 'JYJ-0003',
        name: '学历证明',
        departmentCode: 'D-JYJ',
        kind: 'other',
        statutoryDays: 10,
        promisedDays: 3,
        levels: ['city'],
        effectiveFrom: '2024-02-29',
        materials: [
          { code: 'M01', name: '身份证', kind: 'certificate', exemption: 'data_sharing' },
          { code: 'M02', name: '承诺书', kind: 'form', exemption: 'commitment' },
        ],
      },
    ]);
    expect(parsed.sourceRows).toEqual([[2, 3, 4], [5], [6, 7]]);
  }

  it('reads the first visible sheet: numeric cells as numbers, date cells as Asia/Shanghai calendar dates', async () => {
    await expectWorkbookRead(await workbook());
  });

  it('reads the same dates whatever the host time zone', async () => {
    const bytes = await workbook();
    const saved = process.env.TZ;
    try {
      for (const tz of ['America/New_York', 'Asia/Shanghai', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC']) {
        process.env.TZ = tz; // Node applies a TZ change at once
        await expectWorkbookRead(bytes);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('answers XLSX errors with the sheet row and column', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('目录');
    ws.addRow(HEADER_EN.split(','));
    ws.addRow(['A-1', '甲', 'D-JYJ', 'other', 10, 5, 'city', new Date(Date.UTC(2024, 0, 1)), 'M01', '申请表', '表单', '无']);
    ws.addRow(['A-1', '甲', 'D-JYJ', 'other', 10, 5, 'city', new Date(Date.UTC(2024, 0, 1)), 'M02', '证明', '证明', '免了']);
    ws.addRow(['B-1', '乙', 'D-JYJ', 'other', 5, 10, 'city', new Date(Date.UTC(2024, 0, 1)), 'M01', '申请表', '表单', '无']);
    ws.addRow(['B-1', '乙', 'D-JYJ', 'other', 5, 10, 'city', new Date(Date.UTC(2024, 0, 1)), 'M01', '申请表', '表单', '无']);
    const parsed = await parseCatalogFile(new Uint8Array(await wb.xlsx.writeBuffer()), 'xlsx');
    const answer = await importCatalog(parsed, validateItems);
    expect(answer.results.map((r) => r.errors!.map((e) => [e.path, e.code]))).toEqual([
      [['row 3: materialExemption', 'not_one_of']],
      [
        ['row 4: promisedDays', 'promised_over_statutory'],
        ['row 5: materialCode', 'duplicate_material'],
      ],
    ]);
  });

  it('skips a title row above the header, as government sheets often have', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('目录');
    ws.addRow(['淄博市教育局政务服务事项目录']);
    ws.mergeCells('A1:H1');
    ws.addRow([]);
    ws.addRow(['事项编码', '事项名称', '部门编码', '事项类型', '法定时限', '承诺时限', '办理层级', '生效日期']);
    ws.addRow(['A-1', '甲', 'D-JYJ', '其他', 0, 0, '市', '2024-01-01']);
    const parsed = await parseCatalogFile(new Uint8Array(await wb.xlsx.writeBuffer()), 'xlsx');
    expect(parsed.errors).toEqual([]);
    expect(parsed.sourceRows).toEqual([[4]]);
    expect(parsed.items).toEqual([
      {
        itemCode: 'A-1',
        name: '甲',
        departmentCode: 'D-JYJ',
        kind: 'other',
        statutoryDays: 0,
        promisedDays: 0,
        levels: ['city'],
        effectiveFrom: '2024-01-01',
        materials: [],
      },
    ]);
  });

  it('refuses a legacy .xls file with a hint', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect((await parseCatalogFile(ole, 'xlsx')).errors[0]).toMatchObject({ path: 'file', code: 'legacy_xls' });
  });
});
