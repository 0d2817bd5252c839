// E-licences (电子证照): what a case adds per licence type, the ranking, the licence sheet reader and
// the catalog's licence column — pure functions, no store.
import { describe, expect, it } from 'vitest';
import { CatalogItem } from '../../shared/contract/catalog.js';
import { licenceCounters, licenceFigures } from '../../shared/figures/licences.js';
import { assessCase, type EntityRecord } from '../../shared/figures/contribution.js';
import { contributionV1 } from '../../shared/figures/legacy.js';
import { defaultCalendar } from '../../shared/calendar/index.js';
import { catalogFromRows, type SheetRow } from '../../functions/services/catalog-import.js';
import { licencesFromRows } from '../../functions/services/licence-import.js';
import type { AppError } from '../../functions/errors.js';

const VERSION = {
  itemCode: 'I1',
  effectiveFrom: '2024-01-01',
  promisedDays: 5,
  materials: [
    { code: 'M1', kind: 'certificate', exemption: 'e_license', licenceCode: 'LT-SFZ' },
    { code: 'M2', kind: 'certificate', exemption: 'e_license', licenceCode: 'LT-HKB' },
    { code: 'M3', kind: 'certificate', exemption: 'e_license', licenceCode: 'LT-HKB' },
    { code: 'M4', kind: 'proof', exemption: 'e_license' },
  ],
};

describe('licenceCounters: what one accepted case adds', () => {
  it('one per material via e_license of its named type, the case once per type', () => {
    expect(
      licenceCounters(
        [
          { code: 'M1', via: 'e_license' },
          { code: 'M2', via: 'e_license' },
          { code: 'M3', via: 'e_license' },
          { code: 'M4', via: 'e_license' },
        ],
        VERSION,
      ),
    ).toEqual({ 'lc:LT-SFZ': 1, 'lm:LT-SFZ': 1, 'lc:LT-HKB': 1, 'lm:LT-HKB': 2 });
  });
  it('nothing for a material on paper, uploaded or shared, nor without a catalog version', () => {
    expect(
      licenceCounters(
        [
          { code: 'M1', via: 'paper' },
          { code: 'M2', via: 'upload' },
          { code: 'M3', via: 'data_sharing' },
        ],
        VERSION,
      ),
    ).toEqual({});
    expect(licenceCounters([{ code: 'M1', via: 'e_license' }], undefined)).toEqual({});
  });
  it('go to the case rows of every grain on the acceptance day, and not into what rules version 1 wrote', () => {
    const acc: EntityRecord = {
      id: 'a',
      type: 'case.accepted',
      at: '2024-03-01T09:30:00+08:00',
      atMs: Date.parse('2024-03-01T09:30:00+08:00'),
      body: {
        itemCode: 'I1',
        regionCode: '370303001000',
        channel: 'window',
        assisted: 'none',
        applicant: { type: 'person' },
        materials: [
          { code: 'M1', via: 'e_license' },
          { code: 'M2', via: 'paper' },
        ],
      },
    };
    const ctx = { calendar: defaultCalendar, itemOn: () => VERSION };
    const c = assessCase('D1', [acc], ctx).contribution;
    expect(c.get('R|dept=D1|D2024-03-01')).toMatchObject({ 'lc:LT-SFZ': 1, 'lm:LT-SFZ': 1 });
    expect(c.get('R|county=370303000000|M2024-03')).toMatchObject({ 'lc:LT-SFZ': 1 });
    const v1 = contributionV1('case', 'D1', [acc], ctx);
    expect([...v1.values()].some((row) => Object.keys(row).some((k) => k.startsWith('lc:') || k.startsWith('lm:')))).toBe(false);
  });
});

describe('licenceFigures: the ranking', () => {
  const types = [
    { code: 'LT-SFZ', name: '居民身份证' },
    { code: 'LT-HKB', name: '居民户口簿' },
    { code: 'LT-JHZ', name: '结婚证' },
    { code: 'LT-BDC', name: '不动产权证书' },
  ];
  it('ranks by cases, then materials; equal rows share a rank; unused types in use show 0; unnamed materials are the rest', () => {
    const f = licenceFigures(
      { 'lc:LT-SFZ': 5, 'lm:LT-SFZ': 5, 'lc:LT-HKB': 5, 'lm:LT-HKB': 7, 'lc:LT-JHZ': 2, 'lm:LT-JHZ': 2, 'lc:X': 2, 'lm:X': 2, acc: 40 },
      20,
      types,
      [
        { materials: [{ licenceCode: 'LT-SFZ' }, { licenceCode: 'LT-SFZ' }] },
        { materials: [{ licenceCode: 'LT-BDC' }, {}] },
        { materials: [{ licenceCode: 'LT-SFZ' }] },
      ],
    );
    expect(f.rows.map((r) => [r.rank, r.code, r.name, r.cases, r.materials, r.items])).toEqual([
      [1, 'LT-HKB', '居民户口簿', 5, 7, 0],
      [2, 'LT-SFZ', '居民身份证', 5, 5, 2],
      [3, 'LT-JHZ', '结婚证', 2, 2, 0],
      [3, 'X', null, 2, 2, 0],
      [5, 'LT-BDC', '不动产权证书', 0, 0, 1],
    ]);
    expect(f).toMatchObject({ typesInCatalog: 4, typesInUse: 2, typesUsed: 4, eLicenceMaterials: 20, unnamedMaterials: 4 });
  });
});

const rows = (...lines: Array<Array<string | undefined>>): SheetRow[] => lines.map((cells, i) => ({ row: i + 1, cells }));

describe('the e-licence sheet', () => {
  it('reads Chinese headers under a title row, the issuer optional, blank rows skipped', () => {
    const p = licencesFromRows(
      rows(
        ['淄博市电子证照目录'],
        ['*证照类型编码', '证照名称', '颁发机构'],
        ['LT-SFZ', '居民身份证', '公安机关'],
        [undefined],
        ['LT-JHZ', '结婚证', undefined],
      ),
    );
    expect(p.licences).toEqual([
      { code: 'LT-SFZ', name: '居民身份证', issuer: '公安机关' },
      { code: 'LT-JHZ', name: '结婚证' },
    ]);
    expect(p.rows).toEqual([3, 5]);
    expect(p.columns.name).toBe('证照名称');
  });
  it('refuses a header without a name column and an unknown column, in both languages', () => {
    try {
      licencesFromRows(rows(['code', 'remark'], ['LT-1', 'x']));
      expect.unreachable();
    } catch (e) {
      const details = (e as AppError).details ?? [];
      expect(details.map((d) => [d.path, d.code])).toEqual([
        ['row 1: remark', 'unknown_column'],
        ['row 1: name', 'missing_column'],
      ]);
      expect(details[1]!.messageZh).toContain('证照类型名称');
    }
  });
});

describe('the catalog sheet names licence types', () => {
  const header = [
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
    '电子证照类型编码',
  ];
  const item = ['I1', '户籍证明', 'D1', '公共服务', '20', '5', '市', '2024-01-01'];
  it('reads the optional licence column into licenceCode; a sheet without it reads as before', async () => {
    const p = await catalogFromRows(
      rows(header, [...item, 'M1', '居民身份证', '证照', '电子证照', 'LT-SFZ'], [...item, 'M2', '申请表', '表单', '无', undefined]),
    );
    expect(p.errors).toEqual([]);
    expect((p.items[0] as any).materials).toEqual([
      { code: 'M1', name: '居民身份证', kind: 'certificate', exemption: 'e_license', licenceCode: 'LT-SFZ' },
      { code: 'M2', name: '申请表', kind: 'form', exemption: 'none' },
    ]);
    const old = await catalogFromRows(rows(header.slice(0, 12), [...item, 'M1', '居民身份证', '证照', '电子证照']));
    expect((old.items[0] as any).materials[0]).not.toHaveProperty('licenceCode');
  });
  it('refuses a licence type on a material not exempted by e-licence', () => {
    const r = CatalogItem.safeParse({
      itemCode: 'I1',
      name: 'x',
      departmentCode: 'D1',
      kind: 'other',
      statutoryDays: 0,
      promisedDays: 0,
      levels: ['city'],
      effectiveFrom: '2024-01-01',
      materials: [{ code: 'M1', name: '居民身份证', kind: 'certificate', exemption: 'data_sharing', licenceCode: 'LT-SFZ' }],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['materials', 0, 'licenceCode'], message: 'licence_needs_e_license' });
  });
});

describe('the 材料/免证 page table of licence types', () => {
  it('names each type, marks a code no longer in the catalog, and exports the table as CSV in Chinese or English', async () => {
    const { translate } = await import('../../web/src/i18n/messages');
    const { tableToCsv } = await import('../../web/src/components/charts/table-data');
    const { licenceRanking, licenceTable } = await import('../../web/src/features/materials/materials-data');
    const zh = (k: any, v?: Record<string, string | number>) => translate('zh-CN', k, v);
    const en = (k: any, v?: Record<string, string | number>) => translate('en', k, v);
    const data = {
      typesInCatalog: 2,
      typesInUse: 2,
      typesUsed: 2,
      eLicenceMaterials: 9,
      unnamedMaterials: 1,
      rows: [
        { code: 'LT-SFZ', name: '居民身份证', cases: 5, materials: 6, items: 3, rank: 1 },
        { code: 'LT-OLD', name: null, cases: 2, materials: 2, items: 0, rank: 2 },
      ],
    };
    const rowsZh = licenceRanking(data, zh);
    expect(rowsZh.map((r) => r.display)).toEqual(['居民身份证', 'LT-OLD（不在证照目录中）']);
    const csvZh = tableToCsv(licenceTable(rowsZh, zh))
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/);
    expect(csvZh[0]).toBe('排名,证照类型,证照类型编码,免提交办件数,免提交材料份数,关联事项数');
    expect(csvZh[1]).toBe('1,居民身份证,LT-SFZ,5,6,3');
    const csvEn = tableToCsv(licenceTable(licenceRanking(data, en), en))
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/);
    expect(csvEn[0]).toBe('Rank,Licence type,Licence type code,Cases exempted,Materials exempted,Items naming it');
  });
});

describe('the demo e-licence catalog', () => {
  it("has the seed's 106 types, each named, coded once and with its issuing authority, and every e-licence material names one", async () => {
    const { generateCatalog } = await import('../../functions/demo/index.js');
    const { LicenceType } = await import('../../shared/contract/licences.js');
    const c = generateCatalog({ seed: 1, year: 2025 });
    expect(c.licences).toHaveLength(106);
    expect(new Set(c.licences.map((t) => t.code)).size).toBe(106);
    expect(c.licences.filter((t) => !LicenceType.safeParse(t).success)).toEqual([]);
    expect(c.licences.filter((t) => !t.issuer).map((t) => t.name)).toEqual([]);
    expect(c.licences.slice(0, 4).map((t) => t.name)).toEqual(['居民身份证', '户口簿', '营业执照', '结婚证']);
    const codes = new Set(c.licences.map((t) => t.code));
    const materials = c.versions.flatMap((v) => v.materials);
    expect(materials.filter((m) => m.exemption === 'e_license' && !codes.has(m.licenceCode ?? ''))).toEqual([]);
    expect(materials.filter((m) => m.exemption !== 'e_license' && m.licenceCode)).toEqual([]);
    // Every type is named by some item, and each demo item version passes the catalog contract.
    expect(new Set(materials.flatMap((m) => (m.licenceCode ? [m.licenceCode] : []))).size).toBe(106);
    expect(c.versions.filter((v) => !CatalogItem.safeParse(v).success).length).toBe(0);
  });
});
