// Catalog import through the real app and DynamoDB Local: a department uploads its sheet; what is
// stored is what GET /v1/catalog/items answers; errors name sheet rows; dry runs store nothing.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER =
  'itemCode,name,departmentCode,kind,statutoryDays,promisedDays,levels,effectiveFrom,materialCode,materialName,materialKind,materialExemption';
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

let h: Harness;
let jyj: { code: string; key: string };
beforeAll(async () => {
  h = await createHarness();
  // Until app.ts mounts the import routes, mount them here behind the same auth as the rest of /v1.
  jyj = await h.department('D-JYJ', '淄博市教育局');
  await h.department('D-WJW', '淄博市卫生健康委员会');
});

async function upload(body: Uint8Array<ArrayBuffer> | string, opts: { token?: string; type?: string; query?: string } = {}) {
  const res = await h.app.request(`/v1/catalog/import${opts.query ?? ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${opts.token ?? jyj.key}`, 'content-type': opts.type ?? CSV },
    body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function stored(department = 'D-JYJ') {
  const r = await h.call('GET', `/v1/catalog/items?department=${department}`, ADMIN_TOKEN);
  expect(r.status).toBe(200);
  return r.body.items as any[];
}

describe('POST /v1/catalog/import', () => {
  it('stores every item of a valid sheet as versions readable through the catalog API', async () => {
    const r = await upload(fixture('catalog-zh.csv'));
    expect(r.status).toBe(200);
    expect(r.body.results).toEqual([
      {
        rows: [3, 4, 5],
        itemCode: '511A0138000000-511602000000-000-115113010833722043-1-00',
        effectiveFrom: '2024-01-01',
        status: 'accepted',
      },
      { rows: [7], itemCode: 'JYJ-0002', effectiveFrom: '2024-03-01', status: 'accepted' },
    ]);
    expect(r.body.summary).toEqual({ items: 2, accepted: 2, updated: 0, duplicate: 0, rejected: 0, forbidden: 0 });
    expect(r.body.dryRun).toBe(false);

    const items = await stored();
    const a = items.find((i) => i.itemCode.startsWith('511A'));
    expect(a).toMatchObject({
      departmentCode: 'D-JYJ',
      kind: 'administrative_license',
      statutoryDays: 20,
      promisedDays: 5,
      levels: ['city', 'county'],
      effectiveFrom: '2024-01-01',
    });
    expect(a.materials.map((m: any) => [m.code, m.kind, m.exemption])).toEqual([
      ['M01', 'certificate', 'e_license'],
      ['M02', 'proof', 'none'],
      ['M03', 'form', 'none'],
    ]);
    expect(items.find((i) => i.itemCode === 'JYJ-0002')).toMatchObject({ kind: 'public_service', materials: [], levels: ['county'] });
  });

  it('answers duplicate when the same sheet is imported again, and updated when an item changed', async () => {
    const again = await upload(fixture('catalog-en.csv')); // the same content, with English headers
    expect(again.status).toBe(200);
    expect(again.body.results.map((x: any) => x.status)).toEqual(['duplicate', 'duplicate']);
    expect(again.body.summary).toMatchObject({ items: 2, duplicate: 2 });

    const changed = new TextDecoder()
      .decode(fixture('catalog-en.csv'))
      .replace(',public_service,0,0,county,', ',public_service,0,0,county;town,');
    const r = await upload(changed);
    expect(r.body.results.map((x: any) => x.status)).toEqual(['duplicate', 'updated']);
    expect((await stored()).filter((i) => i.itemCode === 'JYJ-0002')).toHaveLength(1);
  });

  it('rejects a bad row with the sheet row and column, and stores the other items', async () => {
    const sheet = [
      HEADER,
      'IMP-001,入学登记,D-JYJ,public_service,0,0,city,2024-05-01,M01,户口簿,certificate,none',
      'IMP-002,转学审批,D-JYJ,administrative_license,10,3,county,2024-05-01,M01,转学申请表,form,none',
      'IMP-002,转学审批,D-JYJ,administrative_license,10,3,county,2024-05-01,M02,原学校证明,paper,none',
      'IMP-003,学籍证明,D-JYJ,other,5,1,城区,2024-05-01,,,,',
    ].join('\r\n');
    const r = await upload(sheet);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: any) => [x.itemCode, x.rows, x.status])).toEqual([
      ['IMP-001', [2], 'accepted'],
      ['IMP-002', [3, 4], 'rejected'],
      ['IMP-003', [5], 'rejected'],
    ]);
    expect(r.body.results[1].errors).toEqual([expect.objectContaining({ path: 'row 4: materialKind', code: 'not_one_of' })]);
    expect(r.body.results[2].errors).toEqual([expect.objectContaining({ path: 'row 5: levels', code: 'not_one_of' })]);
    expect(r.body.summary).toEqual({ items: 3, accepted: 1, updated: 0, duplicate: 0, rejected: 2, forbidden: 0 });
    const codes = (await stored()).map((i) => i.itemCode);
    expect(codes).toContain('IMP-001');
    expect(codes).not.toContain('IMP-002');
    expect(codes).not.toContain('IMP-003');
  });

  it("answers forbidden for another department's row, pointing at its departmentCode cell", async () => {
    const sheet = [
      HEADER,
      'IMP-010,课后服务备案,D-JYJ,other,0,0,city,2024-05-01,,,,',
      'WJW-010,出生医学证明,D-WJW,public_service,0,0,county,2024-05-01,M01,身份证,certificate,e_license',
    ].join('\n');
    const r = await upload(sheet);
    expect(r.body.results.map((x: any) => x.status)).toEqual(['accepted', 'forbidden']);
    expect(r.body.results[1].errors).toEqual([expect.objectContaining({ path: 'row 3: departmentCode', code: 'other_department' })]);
    expect((await stored('D-WJW')).map((i) => i.itemCode)).not.toContain('WJW-010');
  });

  it('reports rows that disagree about their item, without storing that item', async () => {
    const sheet = [
      HEADER,
      'IMP-020,毕业证明,D-JYJ,other,10,5,city,2024-05-01,M01,身份证,certificate,none',
      'IMP-020,毕业证明补办,D-JYJ,other,10,5,city,2024-05-01,M02,申请表,form,none',
    ].join('\n');
    const r = await upload(sheet);
    expect(r.body.results).toEqual([
      expect.objectContaining({
        rows: [2, 3],
        status: 'rejected',
        errors: [expect.objectContaining({ path: 'row 3: name', code: 'inconsistent_item_row' })],
      }),
    ]);
    expect((await stored()).map((i) => i.itemCode)).not.toContain('IMP-020');
  });

  it('validates only, storing nothing, with ?dryRun=true', async () => {
    const sheet = [
      HEADER,
      'DRY-001,试运行事项,D-JYJ,other,0,0,city,2024-05-01,,,,',
      'DRY-002,试运行事项二,D-JYJ,other,3,5,city,2024-05-01,,,,',
    ].join('\n');
    const r = await upload(sheet, { query: '?dryRun=true' });
    expect(r.status).toBe(200);
    expect(r.body.dryRun).toBe(true);
    expect(r.body.results.map((x: any) => x.status)).toEqual(['accepted', 'rejected']);
    expect(r.body.results[1].errors).toEqual([expect.objectContaining({ path: 'row 3: promisedDays', code: 'promised_over_statutory' })]);
    expect((await stored()).map((i) => i.itemCode)).not.toContain('DRY-001');
  });

  it('imports an XLSX workbook with date and numeric cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('事项目录');
    ws.addRow([
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
    ]);
    ws.addRow([
      'XLS-001',
      '校车使用许可',
      'D-JYJ',
      '行政许可',
      20,
      10,
      '市、县',
      new Date(Date.UTC(2024, 6, 1)),
      'M01',
      '申请表',
      '表单',
      '无',
    ]);
    ws.addRow([
      'XLS-001',
      '校车使用许可',
      'D-JYJ',
      '行政许可',
      20,
      10,
      '市、县',
      new Date(Date.UTC(2024, 6, 1)),
      'M02',
      '驾驶证',
      '证照',
      '电子证照',
    ]);
    const r = await upload(new Uint8Array(await wb.xlsx.writeBuffer()), { type: XLSX });
    expect(r.status).toBe(200);
    expect(r.body.results).toEqual([{ rows: [2, 3], itemCode: 'XLS-001', effectiveFrom: '2024-07-01', status: 'accepted' }]);
    expect((await stored()).find((i) => i.itemCode === 'XLS-001')).toMatchObject({
      statutoryDays: 20,
      promisedDays: 10,
      levels: ['city', 'county'],
      effectiveFrom: '2024-07-01',
    });
  });

  it('refuses a sheet with an unknown header as a whole, with 400 naming it', async () => {
    const r = await upload(`${HEADER},备注\nIMP-030,甲,D-JYJ,other,0,0,city,2024-05-01,,,,,说明\n`);
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual([expect.objectContaining({ path: 'row 1: 备注', code: 'unknown_column' })]);
    expect((await stored()).map((i) => i.itemCode)).not.toContain('IMP-030');
  });

  it('answers 415 for other media types, 413 over 10 MB, 400 for a bad dryRun, 401 without a key', async () => {
    const json = await upload('{}', { type: 'application/json' });
    expect(json.status).toBe(415);
    expect(json.body.error).toMatchObject({ code: 'unsupported_media_type' });
    expect(json.body.error.messageZh).toContain('text/csv');

    const big = await upload(new Uint8Array(10 * 1024 * 1024 + 1), { type: CSV });
    expect(big.status).toBe(413);
    expect(big.body.error.messageZh).toContain('10 MB');

    expect((await upload(`${HEADER}\n`, { query: '?dryRun=yes' })).status).toBe(400);
    expect((await upload(`${HEADER}\n`, { token: 'spk_wrong' })).status).toBe(401);
  });

  it('is documented in the OpenAPI description', async () => {
    const doc = await h.call('GET', '/v1/openapi.json', undefined);
    const op = doc.body.paths['/v1/catalog/import'].post;
    expect(Object.keys(op.requestBody.content)).toEqual([CSV, XLSX]);
    expect(op.responses['200'].content['application/json'].schema).toBeDefined();
  });
});
