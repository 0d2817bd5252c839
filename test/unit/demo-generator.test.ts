// The demo city generator (functions/demo): determinism, every record and item valid against the
// contract schemas, the seed's exact catalog counts, brute-force shares from the records within
// SEED_TARGETS, ids unique per department, and the order of each case's, complaint's and
// evaluation's events. Judged with the project's own calendar and case clock.

import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCalendar, shanghaiDate, toEpochMs } from '../../shared/calendar/index.js';
import { evaluateCase, type CaseEvent } from '../../shared/clock/index.js';
import { CatalogItem } from '../../shared/contract/catalog.js';
import { RecordSchema, type IngestRecord } from '../../shared/contract/records.js';
import {
  CATALOG_TARGETS,
  createRng,
  generateCatalog,
  generateDepartments,
  generateDivisions,
  generateRecords,
  isCertificateFree,
  scaleToCity,
  SEED_TARGETS,
  versionInForce,
  ZIBO_DIVISION_ROWS,
  type DemoCatalog,
  type DemoDepartment,
  type DemoDivisions,
  type DemoRecord,
} from '../../functions/demo/index.js';
import { divisionsModuleSource } from '../../functions/demo/scripts/divisions-csv.js';

const YEAR = 2025;
const SEED = 20_250_101;
const CASES = 20_000;
const DEMO_DIR = fileURLToPath(new URL('../../functions/demo/', import.meta.url));

type Rec<T extends IngestRecord['type']> = Extract<IngestRecord, { type: T }>;

let divisions: DemoDivisions;
let departments: DemoDepartment[];
let catalog: DemoCatalog;
let records: DemoRecord[];

const run = (seed: number, cases: number, extra: Partial<Parameters<typeof generateRecords>[0]> = {}) => [
  ...generateRecords({ seed, year: YEAR, casesPerYear: cases, catalog, departments, divisions, ...extra }),
];

beforeAll(() => {
  divisions = generateDivisions();
  departments = generateDepartments();
  catalog = generateCatalog({ seed: SEED, year: YEAR });
  records = run(SEED, CASES);
});

const within = (value: number, band: { min: number; max: number }) => {
  expect(value).toBeGreaterThanOrEqual(band.min);
  expect(value).toBeLessThanOrEqual(band.max);
};
const of = <T extends IngestRecord['type']>(type: T) => records.filter((r) => r.record.type === type).map((r) => r.record as Rec<T>);
const itemByCode = () => new Map(catalog.items.map((i) => [i.itemCode, i]));

describe('createRng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = createRng(seed);
        const b = createRng(seed);
        const xs = Array.from({ length: 20 }, () => a.uint32());
        expect(Array.from({ length: 20 }, () => b.uint32())).toEqual(xs);
        expect(Array.from({ length: 20 }, () => createRng(seed + 1).uint32())).not.toEqual(xs);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps int() inside its bounds and next() in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (seed, lo, span) => {
        const r = createRng(seed);
        for (let i = 0; i < 50; i++) {
          const v = r.int(lo, lo + span);
          expect(Number.isInteger(v) && v >= lo && v <= lo + span).toBe(true);
          const u = r.next();
          expect(u >= 0 && u < 1).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('samples in proportion to weights (alias method) and draws normal/lognormal with the right centre', () => {
    const r = createRng(1);
    const sample = r.sampler([1, 2, 7]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[sample()]! += 1;
    expect(counts[0]! / 1e5).toBeCloseTo(0.1, 1);
    expect(counts[2]! / 1e5).toBeCloseTo(0.7, 1);
    const normals = Array.from({ length: 20_000 }, () => r.normal(10, 2));
    expect(normals.reduce((a, b) => a + b, 0) / normals.length).toBeCloseTo(10, 1);
    const logs = Array.from({ length: 20_000 }, () => r.lognormal(Math.log(5), 0.5)).sort((a, b) => a - b);
    expect(logs[10_000]!).toBeGreaterThan(4.7);
    expect(logs[10_000]!).toBeLessThan(5.3);
  });
});

describe('generateDivisions', () => {
  it('keeps the 8 districts/counties and 88 townships exactly as in the NBS table', () => {
    expect(divisions.city).toMatchObject({ code12: '370300000000', name: '淄博市', level: 'city' });
    const rows = ZIBO_DIVISION_ROWS;
    expect(divisions.counties.map((c) => [c.code12, c.name])).toEqual(rows.filter((r) => r.level === 3).map((r) => [r.code12, r.name]));
    expect(divisions.townships.map((t) => [t.code12, t.name])).toEqual(rows.filter((r) => r.level === 4).map((r) => [r.code12, r.name]));
    expect(divisions.townships.filter((t) => t.level === 'street')).toHaveLength(31);
    expect(divisions.townships.filter((t) => t.level === 'town')).toHaveLength(57);
  });

  it('generates village-level units in the 12-digit form, as many as villages_2019_vintage', () => {
    for (const row of ZIBO_DIVISION_ROWS.filter((r) => r.level === 4)) {
      const units = divisions.villageUnits.filter((u) => u.parent === row.code12);
      expect(units).toHaveLength(row.villages2019 ?? 15); // 马尚街道: no 2019 count → 张店区 街道 median (15)
      const communities = units.filter((u) => u.level === 'community');
      const villages = units.filter((u) => u.level === 'village');
      for (const [i, u] of communities.entries()) expect(u.code12).toBe(`${row.code}${100 + i + 1}`);
      for (const [i, u] of villages.entries()) expect(u.code12).toBe(`${row.code}${200 + i + 1}`);
      for (const u of communities) expect(u.name).toMatch(/社区$/);
      for (const u of villages) expect(u.name).toMatch(/村$/);
      expect(new Set(units.map((u) => u.name)).size).toBe(units.length);
      if (row.kind === '街道') expect(communities.length).toBeGreaterThanOrEqual(villages.length);
      else expect(villages.length).toBeGreaterThan(communities.length);
    }
    expect(divisions.unitCounts.get('370303009000')).toEqual({ count: 15, source: 'district_median' });
    for (const u of divisions.all) expect(u.parent === null || divisions.byCode.has(u.parent)).toBe(true);
  });

  it('is the committed output of the CSV (no drift) and the runtime modules do no I/O', () => {
    const csv = readFileSync(join(DEMO_DIR, 'data/zibo_370300_divisions.csv'), 'utf8');
    expect(readFileSync(join(DEMO_DIR, '../../shared/zibo-divisions.ts'), 'utf8')).toBe(divisionsModuleSource(csv));
    // The generator's modules; load-demo.ts is the loader that posts them to a running API.
    for (const file of readdirSync(DEMO_DIR).filter((f) => f.endsWith('.ts') && f !== 'load-demo.ts')) {
      const text = readFileSync(join(DEMO_DIR, file), 'utf8');
      expect(text, file).not.toMatch(/from ['"](node:|fs|path|os|process)/);
      expect(text, file).not.toMatch(/\bprocess\.|\bDate\.now\(|Math\.random\(/);
    }
  });

  it('is not imported by production code: only the local start (npm start -- --demo) loads it', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const importers: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) {
          if (rel !== 'functions/demo' && e.name !== 'node_modules') walk(rel);
          continue;
        }
        if (/\.tsx?$/.test(e.name) && /from ['"][./]*(?:functions\/)?demo\//.test(readFileSync(join(root, rel), 'utf8')))
          importers.push(rel);
      }
    };
    for (const dir of ['shared', 'functions', 'web/src', 'infra']) walk(dir);
    expect(importers).toEqual(['functions/local/start.ts']);
  });
});

describe('generateDepartments', () => {
  it('gives ~40 departments with unique codes, 12-digit regions and the named Zibo bodies', () => {
    expect(departments.length).toBeGreaterThanOrEqual(38);
    expect(new Set(departments.map((d) => d.code)).size).toBe(departments.length);
    for (const d of departments) {
      expect(d.code).toMatch(/^[A-Za-z0-9._-]{1,32}$/);
      expect(d.regionCode).toMatch(/^3703\d{8}$/);
      expect(d.regionCode === '370300000000').toBe(d.level === 'city');
      if (d.level === 'county') expect(divisions.counties.map((c) => c.code12)).toContain(d.regionCode);
    }
    const names = departments.map((d) => d.name);
    for (const n of [
      '淄博市教育局',
      '淄博市公安局',
      '淄博市民政局',
      '淄博市人力资源和社会保障局',
      '淄博市自然资源和规划局',
      '淄博市住房和城乡建设局',
      '淄博市市场监督管理局',
      '淄博市卫生健康委员会',
      '淄博市医疗保障局',
      '淄博市行政审批服务局',
      '张店区行政审批服务局',
    ])
      expect(names).toContain(n);
    expect(departments.find((d) => d.name === '淄博市教育局')).toMatchObject({ code: 'D-JYJ', nameEn: expect.stringMatching(/Education/) });
  });
});

describe('generateCatalog', () => {
  it('produces valid CatalogItem payloads with unique, well-formed codes of known departments', () => {
    const depts = new Set(departments.map((d) => d.code));
    for (const v of catalog.versions) {
      const parsed = CatalogItem.safeParse(v);
      expect(parsed.success, `${v.itemCode}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(depts.has(v.departmentCode)).toBe(true);
      expect(v.itemCode.length).toBeLessThanOrEqual(64);
    }
    expect(new Set(catalog.items.map((i) => i.itemCode)).size).toBe(catalog.items.length);
    expect(catalog.items.length).toBeGreaterThan(1_850);
    expect(catalog.items.length).toBeLessThan(2_000);
  });

  it('has exactly 969 city and 903 county certificate-free items on every date of the year', () => {
    const dates = [
      `${YEAR}-01-01`,
      `${YEAR}-12-31`,
      ...catalog.versions.filter((v) => v.effectiveFrom.startsWith(String(YEAR))).map((v) => v.effectiveFrom),
    ];
    for (const date of dates) {
      for (const scope of ['city', 'county'] as const) {
        const list = catalog.items.filter((i) => i.scope === scope).map((i) => versionInForce(i, date)!);
        expect(list.filter(isCertificateFree).length, `${scope} ${date}`).toBe(SEED_TARGETS.certificateFreeItems[scope]);
        expect(list).toHaveLength(SEED_TARGETS.catalogItems[scope]);
      }
    }
    // the three readings of "city item" agree: list, levels, owner's level
    const cityDepts = new Set(departments.filter((d) => d.level === 'city').map((d) => d.code));
    for (const i of catalog.items) {
      const v = i.versions[0]!;
      expect(v.levels.includes('city')).toBe(i.scope === 'city');
      if (i.scope === 'city') expect(cityDepts.has(i.departmentCode)).toBe(true);
    }
  });

  it('has exactly 135 town, 118 street, 79 village and 60 community items, delegated from the county list', () => {
    const latest = catalog.items.map((i) => i.versions[i.versions.length - 1]!);
    for (const level of ['town', 'street', 'village', 'community'] as const) {
      expect(latest.filter((v) => v.levels.includes(level)).length).toBe(SEED_TARGETS.delegatedItems[level]);
    }
    for (const v of latest.filter((v) => v.levels.includes('village'))) expect(v.levels).toContain('town');
    for (const v of latest.filter((v) => v.levels.includes('community'))) expect(v.levels).toContain('street');
    for (const v of latest.filter((v) => v.levels.some((l) => l !== 'city' && l !== 'county'))) expect(v.levels[0]).toBe('county');
  });

  it('shares exactly 106 e-licence types and has realistic limits (compression, 即办件)', () => {
    const latest = catalog.items.map((i) => i.versions[i.versions.length - 1]!);
    const eLicence = new Set(latest.flatMap((v) => v.materials.filter((m) => m.exemption === 'e_license').map((m) => m.name)));
    expect(eLicence.size).toBe(SEED_TARGETS.eLicenseTypes);
    expect([...eLicence].every((n) => latest.some((v) => v.materials.some((m) => m.name === n && m.kind === 'certificate')))).toBe(true);
    const limited = latest.filter((v) => v.statutoryDays > 0);
    const compression = 1 - limited.reduce((a, v) => a + v.promisedDays, 0) / limited.reduce((a, v) => a + v.statutoryDays, 0);
    within(compression, SEED_TARGETS.limitCompression);
    within(latest.filter((v) => v.promisedDays === 0).length / latest.length, SEED_TARGETS.immediateItemShare);
    for (const v of latest) if (v.statutoryDays > 0) expect(v.promisedDays).toBeLessThanOrEqual(v.statutoryDays);
    expect(latest.filter((v) => v.statutoryDays === 0).length).toBeGreaterThan(50);
  });

  it('gives a handful of items a second version that exempts exactly one more material (the 仲裁证明 among them)', () => {
    const changed = catalog.items.filter((i) => i.versions.length > 1);
    expect(changed.length).toBe(CATALOG_TARGETS.secondVersions);
    for (const i of changed) {
      const [v1, v2] = i.versions as [CatalogItem, CatalogItem];
      expect(v2.effectiveFrom > v1.effectiveFrom && v2.effectiveFrom.startsWith(String(YEAR))).toBe(true);
      const diffs = v2.materials.filter((m, k) => m.exemption !== v1.materials[k]!.exemption);
      expect(diffs).toHaveLength(1);
      expect(v1.materials.find((m) => m.code === diffs[0]!.code)!.exemption).toBe('none');
      expect(isCertificateFree(v2)).toBe(isCertificateFree(v1));
    }
    const arbitration = changed.find((i) => i.versions[0]!.materials.some((m) => m.name === '仲裁机构出具的仲裁证明'))!;
    expect(arbitration.versions[1]!.materials.find((m) => m.name === '仲裁机构出具的仲裁证明')!.exemption).toBe('commitment');
  });

  it('is deterministic per seed', () => {
    expect(JSON.stringify(generateCatalog({ seed: SEED, year: YEAR }))).toBe(JSON.stringify(catalog));
    expect(JSON.stringify(generateCatalog({ seed: SEED + 1, year: YEAR }).versions)).not.toBe(JSON.stringify(catalog.versions));
  });
});

describe('generateRecords', () => {
  it('is deterministic: same seed, same stream; another seed, another stream', () => {
    const a = JSON.stringify(run(7, 3_000));
    expect(JSON.stringify(run(7, 3_000))).toBe(a);
    expect(JSON.stringify(run(8, 3_000))).not.toBe(a);
  });

  it('emits only records that pass RecordSchema, from the item owner, in chronological order', () => {
    const items = itemByCode();
    const bad: string[] = [];
    let last = -Infinity;
    for (const { department, record } of records) {
      const parsed = RecordSchema.safeParse(record);
      if (!parsed.success) bad.push(`${record.id}: ${JSON.stringify(parsed.error.issues)}`);
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/.test(record.at)) bad.push(`${record.id}: at ${record.at}`);
      const ms = toEpochMs(record.at);
      if (ms < last) bad.push(`${record.id}: out of order`);
      last = ms;
      if ('itemCode' in record && record.itemCode && items.get(record.itemCode)?.departmentCode !== department)
        bad.push(`${record.id}: posted by ${department}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(shanghaiDate(records[0]!.record.at) >= `${YEAR}-01-01`).toBe(true);
    expect(shanghaiDate(records[records.length - 1]!.record.at) <= `${YEAR}-12-31`).toBe(true);
  });

  it('starts exactly casesPerYear cases and keeps ids unique per department', () => {
    const cases = new Set(records.flatMap(({ record }) => ('caseId' in record && record.type.startsWith('case.') ? [record.caseId] : [])));
    expect(cases.size).toBe(CASES);
    const keys = records.map(({ department, record }) => `${department}\u0000${record.id}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('uses 12-digit Zibo region codes of real units, handled at one of the item levels', () => {
    const items = itemByCode();
    const bad: string[] = [];
    let checked = 0;
    for (const { record } of records) {
      if (!('regionCode' in record)) continue;
      checked += 1;
      const unit = divisions.byCode.get(record.regionCode);
      if (!/^3703\d{8}$/.test(record.regionCode) || !unit) bad.push(`${record.id}: ${record.regionCode}`);
      else if (record.type === 'case.accepted') {
        const item = items.get(record.itemCode)!;
        if (!item.versions[0]!.levels.includes(unit.level)) bad.push(`${record.id}: handled at ${unit.level}`);
        if (item.regionCode !== '370300000000' && unit.countyCode !== item.regionCode) bad.push(`${record.id}: outside ${item.regionCode}`);
      }
    }
    expect(checked).toBeGreaterThan(CASES);
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('lists each needed material of the item version in force on the acceptance date, once, with a via', () => {
    const items = itemByCode();
    let secondVersionCases = 0;
    for (const r of of('case.accepted')) {
      const item = items.get(r.itemCode)!;
      const version = versionInForce(item, shanghaiDate(r.at))!;
      expect(version).toBeDefined();
      if (version !== item.versions[0]) secondVersionCases += 1;
      const needed = version.materials.filter((m) => m.exemption !== 'cancelled').map((m) => m.code);
      expect(r.materials.map((m) => m.code)).toEqual(needed);
      for (const m of r.materials) {
        const spec = version.materials.find((x) => x.code === m.code)!;
        // Exempt by a method only where the catalog exempts it: an e-licence material may instead be
        // checked by data sharing or replaced by a commitment, a data-sharing proof by a commitment.
        const methods: Record<string, string[]> = {
          e_license: ['e_license', 'data_sharing', 'commitment'],
          data_sharing: ['data_sharing', 'commitment'],
          commitment: ['commitment'],
        };
        if (m.via === 'e_license' || m.via === 'data_sharing' || m.via === 'commitment')
          expect(methods[spec.exemption] ?? []).toContain(m.via);
      }
    }
    expect(secondVersionCases).toBeGreaterThan(0);
  });

  it('orders each case, complaint and evaluation: submitted < accepted < suspended < resumed … < completed', () => {
    const byEntity = new Map<string, IngestRecord[]>();
    const byId = new Map<string, { dept: string; index: number }>();
    records.forEach(({ department, record }, index) => {
      byId.set(`${department}/${record.id}`, { dept: department, index });
      const key =
        'caseId' in record && record.type.startsWith('case.')
          ? `c/${record.caseId}`
          : 'complaintId' in record
            ? `p/${record.complaintId}`
            : 'evaluationId' in record
              ? `e/${record.evaluationId}`
              : null;
      if (!key) return;
      const list = byEntity.get(key) ?? [];
      list.push(record);
      byEntity.set(key, list);
    });
    for (const [key, events] of byEntity) {
      const types = events.map((e) => e.type);
      if (key.startsWith('c/')) {
        const acc = types.indexOf('case.accepted');
        if (types.includes('case.submitted')) expect(types[0], key).toBe('case.submitted');
        if (types.includes('case.not_accepted')) expect(acc, key).toBe(-1);
        const after = types.filter((t) => t !== 'case.submitted' && t !== 'case.not_accepted');
        if (after.length) expect(after[0], key).toBe('case.accepted');
        let suspended = false;
        for (const t of types) {
          if (t === 'case.suspended') {
            expect(suspended, key).toBe(false);
            suspended = true;
          }
          if (t === 'case.resumed') {
            expect(suspended, key).toBe(true);
            suspended = false;
          }
          if (t === 'case.completed' || t === 'case.withdrawn') expect(suspended, key).toBe(false);
        }
        const ends = types.filter((t) => t === 'case.completed' || t === 'case.withdrawn');
        if (ends.length)
          expect(
            types.slice(types.indexOf(ends[0]!) + 1).every((t) => t === 'case.completed'),
            key,
          ).toBe(true);
        expect(ends.length, key).toBeLessThanOrEqual(2); // a voided completion is sent again (:cmp2)
      } else if (key.startsWith('p/')) {
        expect(types[0]).toBe('complaint.received');
        const order = ['complaint.received', 'complaint.responded', 'complaint.resolved'];
        expect(types.slice(0, 3)).toEqual(order.slice(0, Math.min(3, types.length)));
        if (types.includes('complaint.followed_up')) expect(types[types.length - 1]).toBe('complaint.followed_up');
        if (types.includes('complaint.reopened'))
          expect(types[types.indexOf('complaint.reopened') + 1] ?? 'complaint.resolved').toBe('complaint.resolved');
      } else {
        expect(types[0]).toBe('evaluation.submitted');
        if (types.length > 1) expect((events[0] as Rec<'evaluation.submitted'>).score).toBeLessThanOrEqual(2);
        expect(types.slice(1)).toEqual(['evaluation.called_back', 'evaluation.rectified'].slice(0, types.length - 1));
      }
    }
    // voids: after their target, same department, 录入错误
    const voids = records.filter((r) => r.record.type === 'void');
    expect(voids.length).toBeGreaterThan(0);
    for (const { department, record } of voids) {
      const v = record as Rec<'void'>;
      const target = byId.get(`${department}/${v.target}`);
      expect(target).toBeDefined();
      expect(target!.index).toBeLessThan(records.findIndex((r) => r.record === record));
      expect(v.reason).toContain('录入错误');
    }
  });

  it('reproduces the seed shares: reduction 1/3, elderly 23.24%, online, nearby, 帮办代办', () => {
    let required = 0;
    let exempted = 0;
    let paper = 0;
    let online = 0;
    let nearby = 0;
    let withBand = 0;
    let elderly = 0;
    let assisted = 0;
    const accepted = of('case.accepted');
    for (const r of accepted) {
      for (const m of r.materials) {
        required += 1;
        if (m.via === 'e_license' || m.via === 'data_sharing' || m.via === 'commitment') exempted += 1;
        if (m.via === 'paper') paper += 1;
      }
      if (r.channel === 'online' || r.channel === 'mobile') online += 1;
      if (['town', 'street', 'village', 'community'].includes(divisions.byCode.get(r.regionCode)!.level)) nearby += 1;
      if (r.applicant.type === 'person' && r.applicant.ageBand) {
        withBand += 1;
        if (r.applicant.ageBand !== 'under_60') {
          elderly += 1;
          if (r.assisted !== 'none') assisted += 1;
        }
      }
    }
    within(exempted / required, SEED_TARGETS.materialReduction);
    within(elderly / withBand, SEED_TARGETS.elderlyShare);
    within(assisted / elderly, SEED_TARGETS.proxyShareOfElderly);
    within(online / accepted.length, SEED_TARGETS.onlineShare);
    within(nearby / accepted.length, SEED_TARGETS.nearbyShare);
    within(scaleToCity(required - paper, accepted.length), SEED_TARGETS.paperAvoidedPerYear);
  });

  it('accepts mostly on working days in office hours, and judged by the case clock is mostly on time', () => {
    const accepted = of('case.accepted');
    const office = accepted.filter((r) => {
      const hhmm = r.at.slice(11, 16);
      return defaultCalendar.isWorkingDay(shanghaiDate(r.at)) && hhmm >= '08:30' && hhmm <= '17:30';
    });
    expect(office.length / accepted.length).toBeGreaterThan(0.85);

    const items = itemByCode();
    const events = new Map<string, CaseEvent[]>();
    const voided = new Set(of('void').map((v) => v.target));
    for (const { record } of records) {
      if (!record.type.startsWith('case.') || voided.has(record.id) || !('caseId' in record)) continue;
      const caseId = record.caseId as string;
      const list = events.get(caseId) ?? [];
      list.push({
        id: record.id,
        type: record.type as CaseEvent['type'],
        at: record.at,
        ...(record.type === 'case.extended' ? { days: record.days } : {}),
      });
      events.set(caseId, list);
    }
    const itemOf = new Map(accepted.map((r) => [r.caseId, r]));
    const now = `${YEAR}-12-31T23:59:59+08:00`;
    let completed = 0;
    let late = 0;
    const warnings = { yellow: 0, red: 0 };
    let specialOpenRedOrSuspended = 0;
    for (const [caseId, list] of events) {
      const acc = itemOf.get(caseId);
      if (!acc) continue;
      const item = items.get(acc.itemCode)!;
      const clock = evaluateCase(list, {
        promisedDays: versionInForce(item, shanghaiDate(acc.at))!.promisedDays,
        calendar: defaultCalendar,
        now,
      });
      if (clock.status === 'completed') {
        completed += 1;
        if (!clock.onTime) late += 1;
      } else if (clock.warning !== 'none') warnings[clock.warning] += 1;
      if (item.profile.special && (clock.status === 'suspended' || (clock.status === 'open' && clock.warning === 'red')))
        specialOpenRedOrSuspended += 1;
    }
    within(late / completed, SEED_TARGETS.lateShare);
    expect(warnings.yellow).toBeGreaterThan(0);
    expect(warnings.red).toBeGreaterThan(0);
    expect(specialOpenRedOrSuspended).toBeGreaterThanOrEqual(1);
    expect(accepted.filter((r) => items.get(r.itemCode)!.profile.special).length).toBeGreaterThanOrEqual(3);
  });

  it('adds complaints (~1%), evaluations (~30%) and their follow-ups at realistic rates', () => {
    const accepted = of('case.accepted').length;
    const complaints = of('complaint.received');
    within(complaints.length / accepted, SEED_TARGETS.complaintRate);
    const proofShare = complaints.filter((c) => c.category === 'unnecessary_proof').length / complaints.length;
    expect(proofShare).toBeGreaterThan(0.04); // ≈ 0.11 at scale (README); this sample has ~60 complaints
    expect(proofShare).toBeLessThan(0.25);
    const evaluations = of('evaluation.submitted');
    within(evaluations.length / of('case.completed').length, SEED_TARGETS.evaluationRate);
    within(evaluations.filter((e) => e.score <= 2).length / evaluations.length, SEED_TARGETS.badReviewShare);
    expect(of('complaint.followed_up').length).toBeGreaterThan(0);
    expect(of('evaluation.rectified').length).toBeGreaterThan(0);
    for (const c of complaints) expect(c.summary).not.toMatch(/\d{11}/); // no personal data in free text
  });

  it('honours until and the isWorkingDay callback', () => {
    const upToMarch = run(SEED, 2_000, { until: `${YEAR}-03-31` });
    expect(upToMarch.every((r) => shanghaiDate(r.record.at) <= `${YEAR}-03-31`)).toBe(true);
    const windowOn = (stream: DemoRecord[], from: string, to: string) =>
      stream.filter(
        ({ record: r }) => r.type === 'case.accepted' && r.channel === 'window' && shanghaiDate(r.at) >= from && shanghaiDate(r.at) <= to,
      ).length;
    // 2025-10-01..07 is the National Day holiday in the project's calendar; Mon–Fri only knows no holidays.
    const monToFri = (d: string) => {
      const w = new Date(`${d}T00:00:00Z`).getUTCDay();
      return w >= 1 && w <= 5;
    };
    expect(windowOn(records, `${YEAR}-10-01`, `${YEAR}-10-07`)).toBe(0);
    expect(windowOn(run(SEED, 5_000, { isWorkingDay: monToFri }), `${YEAR}-10-01`, `${YEAR}-10-07`)).toBeGreaterThan(0);
  });

  it('stays valid for arbitrary seeds (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const stream = run(seed, 400);
        const ids = new Set<string>();
        let last = -Infinity;
        for (const { department, record } of stream) {
          expect(RecordSchema.safeParse(record).success).toBe(true);
          const ms = toEpochMs(record.at);
          expect(ms).toBeGreaterThanOrEqual(last);
          last = ms;
          const key = `${department}/${record.id}`;
          expect(ids.has(key)).toBe(false);
          ids.add(key);
        }
      }),
      { numRuns: 8 },
    );
  });
});
