// E-licences (电子证照) end to end against DynamoDB Local: the administrator keeps the e-licence
// catalog (import, audit), departments name licence types on their materials (unknown codes
// refused), cases are counted per licence type, and GET /v1/figures/licences answers the
// hand-worked figures within every caller's scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { rec } from '../support/builders.js';

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZHANGDIAN = '370303001000'; // 张店区 车站街道
const LINZI = '370305100000'; // 临淄区 齐都镇

let h: Harness;
let d1: string;
let d2: string;

async function upload(path: string, body: Uint8Array<ArrayBuffer> | string, type = CSV, token = ADMIN_TOKEN) {
  const res = await h.app.request(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

const material = (code: string, name: string, licenceCode?: string, exemption = 'e_license') => ({
  code,
  name,
  kind: 'certificate',
  exemption,
  ...(licenceCode ? { licenceCode } : {}),
});
const itemOf = (departmentCode: string, itemCode: string, materials: unknown[]) => ({
  itemCode,
  name: `事项${itemCode}`,
  departmentCode,
  kind: 'administrative_license',
  statutoryDays: 20,
  promisedDays: 5,
  levels: ['city', 'county'],
  effectiveFrom: '2024-01-01',
  materials,
});

beforeAll(async () => {
  h = await createHarness({ now: () => new Date('2024-06-01T04:00:00Z'), aggregate: true });
  d1 = (await h.department('D1', '淄博市公安局')).key;
  d2 = (await h.department('D2', '淄博市市场监督管理局')).key;
}, 60_000);
afterAll(async () => {
  await h.stopStream();
});

describe('the e-licence catalog (电子证照目录)', () => {
  it('is imported by the administrator from CSV, per row, with bilingual errors naming the sheet row and column', async () => {
    const sheet =
      '淄博市电子证照目录\n证照类型编码,证照类型名称,发证机关\nLT-SFZ,居民身份证,公安机关\nLT-HKB,居民户口簿,公安机关\nLT-YYZZ,,市场监督管理部门\nLT-BDC,不动产权证书,自然资源主管部门\nbad code!,结婚证,民政部门\n';
    const r = await upload('/v1/admin/licences/import', sheet);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: any) => [x.row, x.code, x.status])).toEqual([
      [3, 'LT-SFZ', 'accepted'],
      [4, 'LT-HKB', 'accepted'],
      [5, 'LT-YYZZ', 'rejected'],
      [6, 'LT-BDC', 'accepted'],
      [7, 'bad code!', 'rejected'],
    ]);
    const missingName = r.body.results[2].errors[0];
    expect(missingName.path).toBe('row 5: 证照类型名称');
    expect(missingName.messageZh).toBeTruthy();
    expect(r.body.results[4].errors[0]).toMatchObject({ path: 'row 7: 证照类型编码', code: 'licence_code_format' });
    expect(r.body.results[4].errors[0].messageZh).toContain('证照类型编码');
    expect(r.body.summary).toMatchObject({ rows: 5, accepted: 3, rejected: 2 });
  });

  it('is imported from XLSX too; unchanged rows are duplicates, a renamed one updated', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('证照目录');
    ws.addRow(['code', 'name', 'issuer']);
    ws.addRow(['LT-YYZZ', '营业执照', '市场监督管理部门']);
    ws.addRow(['LT-SFZ', '居民身份证', '公安机关']);
    ws.addRow(['LT-HKB', '户口簿', '公安机关']);
    ws.addRow(['LT-JHZ', '结婚证', '民政部门']);
    const r = await upload('/v1/admin/licences/import', new Uint8Array(await wb.xlsx.writeBuffer()), XLSX);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: any) => x.status)).toEqual(['accepted', 'duplicate', 'updated', 'accepted']);
  });

  it('refuses a sheet without the name column as a whole, naming what to add', async () => {
    const r = await upload('/v1/admin/licences/import', '证照类型编码,备注\nLT-X,x\n');
    expect(r.status).toBe(400);
    const paths = r.body.error.details.map((d: any) => d.code);
    expect(paths).toEqual(['unknown_column', 'missing_column']);
    expect(r.body.error.details[1].messageZh).toContain('证照类型名称');
  });

  it('is written by administrators only, read by everyone, and every change is in the audit log', async () => {
    expect((await h.call('PUT', '/v1/admin/licences/LT-X', d1, { name: '某证' })).status).toBe(403);
    expect((await upload('/v1/admin/licences/import', 'code,name\nLT-X,某证\n', CSV, d1)).status).toBe(403);
    const one = await h.call('PUT', '/v1/admin/licences/LT-JSZ', ADMIN_TOKEN, { name: '机动车驾驶证', issuer: '公安机关交通管理部门' });
    expect(one).toMatchObject({ status: 200, body: { code: 'LT-JSZ', status: 'accepted' } });
    const list = await h.call('GET', '/v1/licences', d2);
    expect(list.status).toBe(200);
    expect(list.body.licences.map((l: any) => [l.code, l.name])).toEqual([
      ['LT-BDC', '不动产权证书'],
      ['LT-HKB', '户口簿'],
      ['LT-JHZ', '结婚证'],
      ['LT-JSZ', '机动车驾驶证'],
      ['LT-SFZ', '居民身份证'],
      ['LT-YYZZ', '营业执照'],
    ]);
    const audit = await h.call('GET', '/v1/admin/audit?month=2024-06', ADMIN_TOKEN);
    const puts = audit.body.entries
      .filter((e: any) => e.action === 'licence.put')
      .map((e: any) => e.target)
      .sort();
    expect(puts).toEqual(['LT-BDC', 'LT-HKB', 'LT-HKB', 'LT-JHZ', 'LT-JSZ', 'LT-SFZ', 'LT-YYZZ']);
  });
});

describe('catalog materials naming licence types', () => {
  it('refuses an unknown licence code at its path, saying what to do, and a licence on a material not exempted by e-licence', async () => {
    const r = await h.call(
      'PUT',
      '/v1/catalog/items/I9',
      d1,
      itemOf('D1', 'I9', [material('M1', '居民身份证', 'LT-NOPE'), material('M2', '申请表', 'LT-SFZ', 'none')]),
    );
    expect(r.status).toBe(400);
    const byPath = Object.fromEntries(r.body.error.details.map((d: any) => [d.path, d]));
    expect(byPath['materials[1].licenceCode'].code).toBe('licence_needs_e_license');
    // The schema's errors come first; once the material is fixed, the unknown code is refused.
    const r2 = await h.call('PUT', '/v1/catalog/items/I9', d1, itemOf('D1', 'I9', [material('M1', '居民身份证', 'LT-NOPE')]));
    expect(r2.status).toBe(400);
    expect(r2.body.error.details).toEqual([expect.objectContaining({ path: 'materials[0].licenceCode', code: 'unknown_licence' })]);
    expect(r2.body.error.details[0].messageZh).toContain('电子证照目录');
    expect(r2.body.error.details[0].message).toContain('GET /v1/licences');
  });

  it('imports the licence column of a catalog sheet (电子证照类型编码)', async () => {
    const sheet = [
      '事项编码,事项名称,部门编码,事项类型,法定时限,承诺时限,办理层级,生效日期,材料编码,材料名称,材料类型,免提交方式,电子证照类型编码',
      'I1,户籍证明,D1,公共服务,20,5,市、县,2024-01-01,M1,居民身份证,证照,电子证照,LT-SFZ',
      'I1,户籍证明,D1,公共服务,20,5,市、县,2024-01-01,M2,居民户口簿,证照,电子证照,LT-HKB',
      'I1,户籍证明,D1,公共服务,20,5,市、县,2024-01-01,M3,申请表,表单,无,',
      'I1,户籍证明,D1,公共服务,20,5,市、县,2024-01-01,M4,户口簿副页,证照,电子证照,LT-HKB',
      'I8,临时身份证明,D1,公共服务,20,5,市,2024-01-01,M1,居民身份证,证照,电子证照,LT-NOPE',
    ].join('\n');
    const r = await upload('/v1/catalog/import', sheet, CSV, d1);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: any) => x.status)).toEqual(['accepted', 'rejected']);
    expect(r.body.results[1].errors[0]).toMatchObject({ path: 'row 6: 电子证照类型编码', code: 'unknown_licence' });
    const stored = (await h.call('GET', '/v1/catalog/items/I1', d1)).body.versions[0];
    expect(stored.materials.map((m: any) => m.licenceCode ?? null)).toEqual(['LT-SFZ', 'LT-HKB', null, 'LT-HKB']);
  });
});

describe('figures per licence type (hand-worked)', () => {
  beforeAll(async () => {
    const i2 = itemOf('D2', 'I2', [
      material('A', '营业执照', 'LT-YYZZ'),
      material('B', '法定代表人身份证', 'LT-SFZ'),
      material('C', '社保缴纳证明', undefined),
      material('D', '不动产权证书', 'LT-BDC'),
    ]);
    expect((await h.call('PUT', '/v1/catalog/items/I2', d2, i2)).status).toBe(200);
    const mats = (vias: string[], codes: string[]) => codes.map((code, i) => ({ code, via: vias[i] }));
    const I1 = ['M1', 'M2', 'M3', 'M4'];
    const I2 = ['A', 'B', 'C', 'D'];
    const r1 = await h.call('POST', '/v1/events', d1, {
      records: [
        // c1: 身份证 1, 户口簿 2 materials (M2 and M4) but one case.
        rec.accepted('c1', 'c1', {
          itemCode: 'I1',
          regionCode: ZHANGDIAN,
          materials: mats(['e_license', 'e_license', 'paper', 'e_license'], I1),
        }),
        // c2: 身份证 1.
        rec.accepted('c2', 'c2', {
          itemCode: 'I1',
          regionCode: LINZI,
          at: '2024-03-12T10:00:00+08:00',
          materials: mats(['e_license', 'paper', 'upload', 'upload'], I1),
        }),
        // c3: 户口簿 1.
        rec.accepted('c3', 'c3', {
          itemCode: 'I1',
          regionCode: LINZI,
          at: '2024-03-20T10:00:00+08:00',
          materials: mats(['upload', 'e_license', 'paper', 'paper'], I1),
        }),
        // c6: in April, outside March.
        rec.accepted('c6', 'c6', {
          itemCode: 'I1',
          regionCode: ZHANGDIAN,
          at: '2024-04-02T10:00:00+08:00',
          materials: mats(['e_license', 'e_license', 'paper', 'paper'], I1),
        }),
      ],
    });
    expect(r1.body.results.map((x: any) => x.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    const r2 = await h.call('POST', '/v1/events', d2, {
      records: [
        // c4: 营业执照 1, 身份证 1, one e-licence material with no type named (C), 不动产 on paper.
        rec.accepted('c4', 'c4', {
          itemCode: 'I2',
          regionCode: ZHANGDIAN,
          materials: mats(['e_license', 'e_license', 'e_license', 'paper'], I2),
        }),
        // c5: voided: counts nothing.
        rec.accepted('c5', 'c5', {
          itemCode: 'I2',
          regionCode: ZHANGDIAN,
          materials: mats(['e_license', 'e_license', 'e_license', 'e_license'], I2),
        }),
        rec.void('c5-void', 'c5'),
      ],
    });
    expect(r2.body.results.map((x: any) => x.status)).toEqual(['accepted', 'accepted', 'accepted']);
    await h.settle();
  }, 60_000);

  const get = async (qs: string, token = ADMIN_TOKEN) => h.call('GET', `/v1/figures/licences?from=2024-03-01&to=2024-03-31${qs}`, token);
  const table = (body: any) => body.rows.map((r: any) => [r.rank, r.code, r.name, r.cases, r.materials, r.items]);

  it('city-wide: ranked by cases, a case once per type, materials each, types in use from the catalog', async () => {
    const r = await get('');
    expect(r.status).toBe(200);
    expect(table(r.body)).toEqual([
      [1, 'LT-SFZ', '居民身份证', 3, 3, 2], // c1, c2, c4 (B); named by I1 and I2
      [2, 'LT-HKB', '户口簿', 2, 3, 1], // c1 (two materials), c3
      [3, 'LT-YYZZ', '营业执照', 1, 1, 1], // c4
      [4, 'LT-BDC', '不动产权证书', 0, 0, 1], // named by I2, only ever on paper
    ]);
    expect(r.body).toMatchObject({ typesInCatalog: 6, typesInUse: 4, typesUsed: 3, eLicenceMaterials: 8, unnamedMaterials: 1 });
    const fig = (await h.call('GET', '/v1/figures?from=2024-03-01&to=2024-03-31', ADMIN_TOKEN)).body;
    expect(fig.materials.exempted).toBeGreaterThanOrEqual(r.body.eLicenceMaterials);
  });

  it('by department, by district and by period', async () => {
    // Equal cases: more materials first.
    expect(table((await get('&department=D1')).body)).toEqual([
      [1, 'LT-HKB', '户口簿', 2, 3, 1],
      [2, 'LT-SFZ', '居民身份证', 2, 2, 1],
    ]);
    // 张店区: c1 and c4 (departments sit at city level, so no item is "in" the district).
    expect(table((await get('&region=370303000000')).body)).toEqual([
      [1, 'LT-SFZ', '居民身份证', 2, 2, 0],
      [2, 'LT-HKB', '户口簿', 1, 2, 0],
      [3, 'LT-YYZZ', '营业执照', 1, 1, 0],
    ]);
    const april = await h.call('GET', '/v1/figures/licences?from=2024-04-01&to=2024-04-30', ADMIN_TOKEN);
    // A tie on cases and materials shares the rank (listed by code).
    expect(table(april.body).filter((r: any[]) => r[3] > 0)).toEqual([
      [1, 'LT-HKB', '户口簿', 1, 1, 1],
      [1, 'LT-SFZ', '居民身份证', 1, 1, 2],
    ]);
  });

  it("answers a department user with its own department's figures only, and refuses another department", async () => {
    const made = await h.call('POST', '/v1/admin/users', ADMIN_TOKEN, {
      username: 'd2.sup',
      displayName: '市场监管',
      role: 'supervisor',
      scope: { kind: 'department', departmentCode: 'D2' },
      password: 'd2-sup-password',
    });
    expect(made.status).toBe(201);
    const token = (await h.call('POST', '/v1/auth/login', undefined, { username: 'd2.sup', password: 'd2-sup-password' })).body.token;
    const own = await get('', token);
    expect(own.status).toBe(200);
    expect(table(own.body)).toEqual([
      [1, 'LT-SFZ', '居民身份证', 1, 1, 1],
      [1, 'LT-YYZZ', '营业执照', 1, 1, 1],
      [3, 'LT-BDC', '不动产权证书', 0, 0, 1],
    ]);
    expect(own.body).toMatchObject({ eLicenceMaterials: 3, unnamedMaterials: 1 });
    expect((await get('&department=D1', token)).status).toBe(403);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await h.call('GET', '/v1/openapi.json', undefined)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/figures/licences', '/v1/licences', '/v1/admin/licences/{code}', '/v1/admin/licences/import']),
    );
  });
});
