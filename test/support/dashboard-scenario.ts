// A compact, seeded city for the dashboard's end-to-end tests and screenshots: eight departments
// of 淄博市 (one of them tiny, one silent), a small catalog with certificate/proof materials and
// their exemptions, about fifteen months of cases up to *today* (so warnings are live), complaints,
// evaluations, a few refused records and a void — all posted through the real API with department
// keys, the way departments send them. Dates are Asia/Shanghai; working days come from the
// project's calendar, so on-time and overdue are what the product computes.
//
// Deterministic for a given seed and day. Hand-made cases with known clocks are returned as facts
// so tests can drill into them.
import { defaultCalendar, shanghaiDate, addDays, type IsoDate } from '../../shared/calendar/index.js';
import { seededRng } from './seeded-rng.js';

export interface ScenarioUser {
  username: string;
  password: string;
  displayName: string;
}
export interface ScenarioFacts {
  today: IsoDate;
  departments: Array<{ code: string; name: string; regionCode: string }>;
  users: { city: ScenarioUser; zhangdian: ScenarioUser };
  /** A red case with a suspension and an extension: its deadline explanation has every part. */
  explainedRedCase: {
    department: string;
    caseId: string;
    acceptedOn: IsoDate;
    promisedDays: number;
    extensionDays: number;
    suspendedDays: number;
    deadline: IsoDate;
  };
  /** A case of 淄川区 (for the district-scope test). */
  zichuanCase: { department: string; caseId: string };
  recordsPosted: number;
}

const PASSWORD = 'Supervise-2026!';
const CITY = '370300000000';
const ZHANGDIAN = '370303000000';
const ZICHUAN = '370302000000';

interface DeptSpec {
  code: string;
  name: string;
  nameEn: string;
  regionCode: string;
  weight: number;
  lateRate: number;
  items: ItemSpec[];
}
interface ItemSpec {
  code: string;
  name: string;
  kind: 'administrative_license' | 'public_service' | 'administrative_confirmation' | 'administrative_payment';
  statutory: number;
  promised: number;
  levels: string[];
  elderly?: boolean;
  materials: Array<
    [
      code: string,
      name: string,
      kind: 'certificate' | 'proof' | 'form' | 'other',
      exemption: 'none' | 'e_license' | 'data_sharing' | 'commitment' | 'cancelled',
    ]
  >;
}

const ID_CARD: ItemSpec['materials'][number] = ['M-SFZ', '居民身份证', 'certificate', 'e_license'];
const FORM: ItemSpec['materials'][number] = ['M-SQB', '申请表', 'form', 'none'];

const DEPARTMENTS: DeptSpec[] = [
  {
    code: 'D-SJJ',
    name: '淄博市市场监督管理局',
    nameEn: 'Zibo Administration for Market Regulation',
    regionCode: CITY,
    weight: 30,
    lateRate: 0.03,
    items: [
      {
        code: 'SJJ-001',
        name: '食品经营许可（新办）',
        kind: 'administrative_license',
        statutory: 20,
        promised: 5,
        levels: ['city', 'county', 'street', 'town'],
        materials: [
          ID_CARD,
          FORM,
          ['M-YYZZ', '营业执照', 'certificate', 'e_license'],
          ['M-CSZM', '经营场所使用证明', 'proof', 'none'],
          ['M-SPAQ', '食品安全管理制度文本', 'other', 'commitment'],
        ],
      },
      {
        code: 'SJJ-002',
        name: '个体工商户设立登记',
        kind: 'administrative_license',
        statutory: 15,
        promised: 1,
        levels: ['city', 'county', 'street', 'town', 'community'],
        materials: [ID_CARD, FORM, ['M-CSZM', '经营场所使用证明', 'proof', 'commitment']],
      },
      {
        code: 'SJJ-003',
        name: '特种设备使用登记',
        kind: 'administrative_license',
        statutory: 15,
        promised: 5,
        levels: ['city', 'county'],
        materials: [FORM, ['M-JYBG', '特种设备监督检验报告', 'proof', 'none'], ['M-CPHG', '产品合格证', 'certificate', 'none']],
      },
    ],
  },
  {
    code: 'D-RSJ',
    name: '淄博市人力资源和社会保障局',
    nameEn: 'Zibo Human Resources and Social Security Bureau',
    regionCode: CITY,
    weight: 25,
    lateRate: 0.06,
    items: [
      {
        code: 'RSJ-001',
        name: '城乡居民养老保险待遇申领',
        kind: 'administrative_payment',
        statutory: 20,
        promised: 10,
        levels: ['city', 'county', 'town', 'street', 'village', 'community'],
        elderly: true,
        materials: [
          ID_CARD,
          FORM,
          ['M-HKB', '户口簿', 'certificate', 'data_sharing'],
          ['M-YHK', '社会保障卡', 'certificate', 'data_sharing'],
        ],
      },
      {
        code: 'RSJ-002',
        name: '职工退休申请（事改企人员）',
        kind: 'administrative_confirmation',
        statutory: 30,
        promised: 15,
        levels: ['city'],
        elderly: true,
        materials: [
          ID_CARD,
          FORM,
          ['M-DA', '人事档案', 'proof', 'none'],
          ['M-GLZM', '工龄认定证明', 'proof', 'none'],
          ['M-JFZM', '缴费证明', 'proof', 'data_sharing'],
        ],
      },
      {
        code: 'RSJ-003',
        name: '失业保险金申领',
        kind: 'administrative_payment',
        statutory: 10,
        promised: 3,
        levels: ['city', 'county', 'street'],
        materials: [ID_CARD, ['M-JCLD', '解除劳动合同证明', 'proof', 'none']],
      },
    ],
  },
  {
    code: 'D-GJJ',
    name: '淄博市住房公积金管理中心',
    nameEn: 'Zibo Housing Provident Fund Center',
    regionCode: CITY,
    weight: 12,
    lateRate: 0.02,
    items: [
      {
        code: 'GJJ-001',
        name: '住房公积金提取（购房）',
        kind: 'public_service',
        statutory: 5,
        promised: 1,
        levels: ['city', 'county'],
        materials: [
          ID_CARD,
          ['M-GFHT', '购房合同', 'proof', 'data_sharing'],
          ['M-BDC', '不动产权证书', 'certificate', 'e_license'],
          ['M-HYZ', '结婚证', 'certificate', 'none'],
        ],
      },
      {
        code: 'GJJ-002',
        name: '住房公积金个人贷款',
        kind: 'public_service',
        statutory: 15,
        promised: 7,
        levels: ['city'],
        materials: [ID_CARD, FORM, ['M-SRZM', '收入证明', 'proof', 'none'], ['M-HYZ', '结婚证', 'certificate', 'none']],
      },
    ],
  },
  {
    code: 'D-WJW',
    name: '淄博市卫生健康委员会',
    nameEn: 'Zibo Health Commission',
    regionCode: CITY,
    weight: 8,
    lateRate: 0.2,
    items: [
      {
        code: 'WJW-001',
        name: '医疗机构执业登记',
        kind: 'administrative_license',
        statutory: 45,
        promised: 10,
        levels: ['city', 'county'],
        materials: [
          FORM,
          ['M-YYZZ', '营业执照', 'certificate', 'e_license'],
          ['M-FCZM', '房屋产权证明', 'proof', 'none'],
          ['M-YSZS', '医师执业证书', 'certificate', 'none'],
        ],
      },
      {
        code: 'WJW-002',
        name: '出生医学证明补发',
        kind: 'public_service',
        statutory: 10,
        promised: 5,
        levels: ['city', 'county'],
        materials: [ID_CARD, FORM, ['M-CSZM2', '出生证明存根核查', 'proof', 'none']],
      },
    ],
  },
  {
    code: 'D-CL',
    name: '淄博市残疾人联合会',
    nameEn: "Zibo Disabled Persons' Federation",
    regionCode: CITY,
    weight: 0.25,
    lateRate: 0,
    items: [
      {
        code: 'CL-001',
        name: '残疾人证新办',
        kind: 'public_service',
        statutory: 20,
        promised: 10,
        levels: ['city', 'county'],
        elderly: true,
        materials: [ID_CARD, FORM, ['M-JDBG', '残疾评定表', 'proof', 'none']],
      },
    ],
  },
  {
    code: 'D-370303-XZSPJ',
    name: '张店区行政审批服务局',
    nameEn: 'Zhangdian Administrative Approval Service Bureau',
    regionCode: ZHANGDIAN,
    weight: 15,
    lateRate: 0.07,
    items: [
      {
        code: 'ZD-001',
        name: '建设工程规划许可证核发',
        kind: 'administrative_license',
        statutory: 20,
        promised: 8,
        levels: ['county'],
        materials: [
          FORM,
          ['M-TDZ', '土地使用权证明', 'proof', 'data_sharing'],
          ['M-SJFA', '设计方案', 'other', 'none'],
          ['M-YYZZ', '营业执照', 'certificate', 'e_license'],
        ],
      },
      {
        code: 'ZD-002',
        name: '高龄津贴申领',
        kind: 'administrative_payment',
        statutory: 20,
        promised: 5,
        levels: ['county', 'street', 'community'],
        elderly: true,
        materials: [ID_CARD, FORM, ['M-HKB', '户口簿', 'certificate', 'data_sharing'], ['M-JZZM', '居住证明', 'proof', 'cancelled']],
      },
    ],
  },
  {
    code: 'D-370302-XZSPJ',
    name: '淄川区行政审批服务局',
    nameEn: 'Zichuan Administrative Approval Service Bureau',
    regionCode: ZICHUAN,
    weight: 10,
    lateRate: 0.12,
    items: [
      {
        code: 'ZC-001',
        name: '农村宅基地和建房（规划许可）审批',
        kind: 'administrative_license',
        statutory: 20,
        promised: 10,
        levels: ['county', 'town', 'village'],
        materials: [ID_CARD, FORM, ['M-HKB', '户口簿', 'certificate', 'data_sharing'], ['M-CWHYJ', '村民委员会意见', 'proof', 'none']],
      },
      {
        code: 'ZC-002',
        name: '城乡居民最低生活保障审核',
        kind: 'administrative_confirmation',
        statutory: 30,
        promised: 15,
        levels: ['county', 'town', 'street'],
        elderly: true,
        materials: [ID_CARD, FORM, ['M-SRZM', '家庭收入证明', 'proof', 'commitment'], ['M-HKB', '户口簿', 'certificate', 'data_sharing']],
      },
    ],
  },
  // Publishes its catalog but never sends a record: the data-feed page marks it stale.
  {
    code: 'D-QXJ',
    name: '淄博市气象局',
    nameEn: 'Zibo Meteorological Bureau',
    regionCode: CITY,
    weight: 0,
    lateRate: 0,
    items: [
      {
        code: 'QXJ-001',
        name: '雷电防护装置设计审核',
        kind: 'administrative_license',
        statutory: 20,
        promised: 10,
        levels: ['city'],
        materials: [FORM, ['M-SJTZ', '设计图纸', 'other', 'none']],
      },
    ],
  },
];

/** Handling units: [region code, weight] for city bodies and for each district body. */
const CITY_UNITS: Array<[string, number]> = [
  [CITY, 40],
  [ZHANGDIAN, 14],
  [ZICHUAN, 10],
  ['370305000000', 6],
  ['370321000000', 5],
  ['370303001000', 4],
  ['370303005000', 4],
  ['370302102000', 4],
  ['370303001101', 3],
  ['370302102201', 2],
];
const UNITS_OF: Record<string, Array<[string, number]>> = {
  [ZHANGDIAN]: [
    [ZHANGDIAN, 50],
    ['370303001000', 15],
    ['370303002000', 10],
    ['370303005000', 10],
    ['370303001101', 8],
    ['370303005102', 7],
  ],
  [ZICHUAN]: [
    [ZICHUAN, 45],
    ['370302001000', 15],
    ['370302102000', 15],
    ['370302112000', 10],
    ['370302102201', 10],
    ['370302112203', 5],
  ],
};
const CHANNELS: Array<[string, number]> = [
  ['window', 44],
  ['online', 30],
  ['mobile', 16],
  ['self_service', 5],
  ['mail', 3],
  ['home_visit', 2],
];
const AGE: Array<[string, number]> = [
  ['under_60', 84],
  ['60_69', 9],
  ['70_79', 5],
  ['80_plus', 2],
];
const CATEGORIES: Array<[string, number]> = [
  ['delay', 30],
  ['unnecessary_proof', 12],
  ['attitude', 18],
  ['process', 20],
  ['system', 10],
  ['other', 10],
];

const pad = (n: number) => String(n).padStart(2, '0');
const at = (day: IsoDate, hour: number, minute = 0) => `${day}T${pad(hour)}:${pad(minute)}:00+08:00`;
const ms = (iso: string) => Date.parse(iso);

type Rec = Record<string, unknown> & { id: string; type: string; at: string };

/** Seeds the scenario through the API at `url` (administrator token for set-up, department keys for data). */
export interface ScenarioOptions {
  url: string;
  adminToken: string;
  now?: Date;
  seed?: number;
  /** Case volume relative to the screenshot city (1 ≈ 22 cases a working day; the e2e tests use less). */
  scale?: number;
  /** Whole months of cases, complaints and evaluations before the current one (default 13: a year-on-year comparison). */
  months?: number;
  /** Told each step as it completes, with the milliseconds since the start (for timing the set-up). */
  onStep?: (step: string, ms: number) => void;
}

export async function seedDashboardScenario(opts: ScenarioOptions): Promise<ScenarioFacts> {
  const scale = opts.scale ?? 1;
  const started = Date.now();
  const step = (name: string) => opts.onStep?.(name, Date.now() - started);
  const months = opts.months ?? 13;
  const now = opts.now ?? new Date();
  const latest = now.getTime() - 10 * 60_000; // nothing in the future (the API refuses > 5 min ahead)
  const today = shanghaiDate(now);
  const cal = {
    isWorkingDay: (d: IsoDate) => defaultCalendar.isWorkingDay(d),
    /** The n-th working day after `day` (n > 0), before it (n < 0), or `day` itself (n = 0). */
    addWorkingDays(day: IsoDate, n: number): IsoDate {
      if (n > 0) return defaultCalendar.addWorkingDays(day, n);
      let d = day;
      for (let k = 0; k < -n; k++)
        do d = addDays(d, -1) as IsoDate;
        while (!defaultCalendar.isWorkingDay(d));
      return d;
    },
  };
  const r = seededRng(opts.seed ?? 20_260_101);
  const monthIndex = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 - months;
  const start = `${Math.floor(monthIndex / 12)}-${pad((monthIndex % 12) + 1)}-01` as IsoDate;
  const firstDay = addDays(start, -45) as IsoDate; // cases accepted before the first month are completing in it

  async function call(method: string, path: string, token: string, body?: unknown) {
    const res = await fetch(opts.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json().catch(() => undefined)) as any;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  // The e-licence catalog (电子证照目录): materials exempted by e-licence name their type.
  const LICENCE_OF: Record<string, string> = { 'M-SFZ': 'LT-SFZ', 'M-YYZZ': 'LT-YYZZ', 'M-BDC': 'LT-BDC' };
  await call('POST', '/v1/admin/licences', opts.adminToken, {
    licences: [
      { code: 'LT-SFZ', name: '居民身份证' },
      { code: 'LT-YYZZ', name: '营业执照' },
      { code: 'LT-BDC', name: '不动产权证书' },
      { code: 'LT-HYZ', name: '结婚证' },
    ],
  });
  const keys: Record<string, string> = {};
  await Promise.all(
    DEPARTMENTS.map(async (d) => {
      await call('POST', '/v1/admin/departments', opts.adminToken, {
        code: d.code,
        name: d.name,
        nameEn: d.nameEn,
        regionCode: d.regionCode,
      });
      keys[d.code] = (await call('POST', `/v1/admin/departments/${d.code}/keys`, opts.adminToken, { label: '办件系统' })).key;
      const items = d.items.map((i) => ({
        itemCode: i.code,
        name: i.name,
        departmentCode: d.code,
        kind: i.kind,
        statutoryDays: i.statutory,
        promisedDays: i.promised,
        levels: i.levels,
        effectiveFrom: addDays(firstDay, -30),
        materials: i.materials.map(([code, name, kind, exemption]) => ({
          code,
          name,
          kind,
          exemption,
          ...(exemption === 'e_license' && LICENCE_OF[code] ? { licenceCode: LICENCE_OF[code] } : {}),
        })),
      }));
      const res = await call('POST', '/v1/catalog/items', keys[d.code]!, { items });
      const bad = res.results.filter((x: any) => x.status === 'rejected');
      if (bad.length) throw new Error(`catalog of ${d.code}: ${JSON.stringify(bad)}`);
    }),
  );
  step('departments, keys and catalog');
  const users = {
    city: { username: 'dc.city', password: PASSWORD, displayName: '王督查' },
    zhangdian: { username: 'dc.zhangdian', password: PASSWORD, displayName: '张店区督查' },
  };
  await call('POST', '/v1/admin/users', opts.adminToken, { ...users.city, role: 'supervisor', scope: { kind: 'all' } });
  await call('POST', '/v1/admin/users', opts.adminToken, {
    ...users.zhangdian,
    role: 'supervisor',
    scope: { kind: 'region', regionCode: ZHANGDIAN },
  });

  step('users');
  const byDept: Record<string, Rec[]> = Object.fromEntries(DEPARTMENTS.map((d) => [d.code, []]));
  const push = (dept: string, rec: Rec) => {
    if (ms(rec.at) <= latest) byDept[dept]!.push(rec);
  };
  const caseIds: Record<string, string[]> = Object.fromEntries(DEPARTMENTS.map((d) => [d.code, []]));
  let zichuanCase: ScenarioFacts['zichuanCase'] | undefined;

  // ---- cases: every working day, a Poisson-ish number per department by weight
  let seq = 0;
  const active = DEPARTMENTS.filter((d) => d.weight > 0);
  for (let day = firstDay; day <= today; day = addDays(day, 1) as IsoDate) {
    if (!cal.isWorkingDay(day)) continue;
    for (const d of active) {
      const expected = d.weight * 0.22 * scale;
      let n = Math.floor(expected) + (r.chance(expected - Math.floor(expected)) ? 1 : 0);
      while (n-- > 0) {
        const item = d.items[r.int(0, d.items.length - 1)]!;
        const caseId = `C${d.code.replace(/\W/g, '')}${String(++seq).padStart(6, '0')}`;
        const accAt = at(day, r.int(8, 16), r.int(0, 59));
        if (ms(accAt) > latest) continue;
        const units = (UNITS_OF[d.regionCode] ?? CITY_UNITS).filter(([code]) => levelAllowed(item, code));
        const regionCode = r.weighted(units.length ? units : [[d.regionCode, 1]]);
        const channel = r.weighted(CHANNELS);
        const person = item.kind !== 'administrative_license' || r.chance(0.3);
        const ageBand =
          person && r.chance(0.93)
            ? r.weighted(
                item.elderly
                  ? [
                      ['under_60', 58],
                      ['60_69', 22],
                      ['70_79', 13],
                      ['80_plus', 7],
                    ]
                  : AGE,
              )
            : undefined;
        const elderly = ageBand !== undefined && ageBand !== 'under_60';
        const assisted = elderly
          ? r.weighted([
              ['proxy', 18],
              ['guided', 24],
              ['none', 58],
            ])
          : r.weighted([
              ['proxy', 2],
              ['guided', 6],
              ['none', 92],
            ]);
        const materials = item.materials
          .filter((m) => m[3] !== 'cancelled')
          .map(([code, , , exemption]) => ({
            code,
            via: exemption !== 'none' && r.chance(0.82) ? exemption : r.chance(channel === 'window' ? 0.75 : 0.3) ? 'paper' : 'upload',
          }));
        push(d.code, {
          id: `${caseId}:acc`,
          type: 'case.accepted',
          at: accAt,
          caseId,
          itemCode: item.code,
          regionCode,
          channel,
          assisted,
          greenChannel: elderly && r.chance(0.3),
          applicant: person ? { type: 'person', ...(ageBand ? { ageBand } : {}) } : { type: 'enterprise' },
          materials,
        });
        caseIds[d.code]!.push(caseId);
        if (!zichuanCase && d.regionCode === ZICHUAN) zichuanCase = { department: d.code, caseId };
        if (r.chance(0.01)) {
          push(d.code, { id: `${caseId}:wd`, type: 'case.withdrawn', at: at(cal.addWorkingDays(day, 1), 10), caseId });
          continue;
        }
        // Occasionally a suspension for 补正 (supplementing materials) of 1–4 working days.
        let pushed = 0;
        if (item.promised > 2 && r.chance(0.08)) {
          const from = cal.addWorkingDays(day, r.int(1, 2));
          pushed = r.int(1, 4);
          push(d.code, { id: `${caseId}:sus`, type: 'case.suspended', at: at(from, 9), caseId, reason: 'supplement' });
          push(d.code, { id: `${caseId}:res`, type: 'case.resumed', at: at(cal.addWorkingDays(from, pushed), 15), caseId });
        }
        const late = r.chance(d.lateRate);
        const k = late
          ? item.promised + pushed + r.int(1, 8)
          : r.int(0, Math.max(0, item.promised + pushed - (r.chance(0.6) ? Math.ceil(item.promised * 0.5) : 0)));
        const doneDay = item.promised === 0 && k === 0 ? day : cal.addWorkingDays(day, Math.max(k, 0));
        const doneAt = k === 0 ? at(day, 17, 30) : at(doneDay, r.int(9, 17), r.int(0, 59));
        push(d.code, {
          id: `${caseId}:cmp`,
          type: 'case.completed',
          at: doneAt,
          caseId,
          outcome: r.chance(0.97) ? 'approved' : 'denied',
          visits:
            channel === 'window'
              ? r.weighted([
                  [0, 10],
                  [1, 75],
                  [2, 15],
                ])
              : r.weighted([
                  [0, 85],
                  [1, 15],
                ]),
          delivery: r.weighted([
            ['window', 40],
            ['mail', 25],
            ['electronic', 35],
          ]),
        });
      }
    }
  }

  // ---- a red case whose deadline has every part: promised 10, suspended, extended 5, still open
  const wjw = 'D-WJW';
  const accOn = cal.addWorkingDays(today, -28);
  const susFrom = cal.addWorkingDays(accOn, 3);
  const susTo = cal.addWorkingDays(susFrom, 3);
  const explained = {
    department: wjw,
    caseId: 'CWJW-EXPLAIN-01',
    acceptedOn: accOn,
    promisedDays: 10,
    extensionDays: 5,
    suspendedDays: 3,
    deadline: cal.addWorkingDays(accOn, 18),
  };
  push(wjw, {
    id: 'CWJW-EXPLAIN-01:acc',
    type: 'case.accepted',
    at: at(accOn, 10, 15),
    caseId: explained.caseId,
    itemCode: 'WJW-001',
    regionCode: '370303000000',
    channel: 'window',
    assisted: 'none',
    greenChannel: false,
    applicant: { type: 'enterprise' },
    materials: [
      { code: 'M-SQB', via: 'paper' },
      { code: 'M-YYZZ', via: 'e_license' },
      { code: 'M-FCZM', via: 'paper' },
      { code: 'M-YSZS', via: 'paper' },
    ],
  });
  push(wjw, { id: 'CWJW-EXPLAIN-01:sus', type: 'case.suspended', at: at(susFrom, 9, 30), caseId: explained.caseId, reason: 'inspection' });
  push(wjw, { id: 'CWJW-EXPLAIN-01:res', type: 'case.resumed', at: at(susTo, 16), caseId: explained.caseId });
  push(wjw, {
    id: 'CWJW-EXPLAIN-01:ext',
    type: 'case.extended',
    at: at(cal.addWorkingDays(susTo, 2), 11),
    caseId: explained.caseId,
    days: 5,
  });
  caseIds[wjw]!.push(explained.caseId);

  // ---- complaints (投诉): some linked to a case, responded/resolved with a spread of delays
  let cseq = 0;
  for (let day = start; day <= today; day = addDays(day, 1) as IsoDate) {
    if (!cal.isWorkingDay(day)) continue;
    for (const d of active) {
      if (!r.chance((d.weight * 0.018 + 0.01) * Math.min(1, scale * 2))) continue;
      const id = `K${d.code.replace(/\W/g, '')}${String(++cseq).padStart(5, '0')}`;
      const category = r.weighted(CATEGORIES);
      const ids = caseIds[d.code]!;
      const linked = ids.length > 0 && r.chance(0.5) ? ids[r.int(Math.max(0, ids.length - 40), ids.length - 1)] : undefined;
      const region = r.weighted(UNITS_OF[d.regionCode] ?? CITY_UNITS);
      push(d.code, {
        id: `${id}:rcv`,
        type: 'complaint.received',
        at: at(day, r.int(8, 17), r.int(0, 59)),
        complaintId: id,
        channel: r.weighted([
          ['hotline_12345', 60],
          ['window', 15],
          ['online', 15],
          ['supervision_window', 10],
        ]),
        category,
        regionCode: region,
        ...(linked ? { caseId: linked, itemCode: undefined } : {}),
        summary: category === 'unnecessary_proof' ? '办理时被要求提供已取消的证明材料' : '办事群众反映问题',
      });
      const slow = r.chance(d.lateRate * 2 + 0.05);
      push(d.code, {
        id: `${id}:rsp`,
        type: 'complaint.responded',
        at: at(cal.addWorkingDays(day, slow ? r.int(2, 3) : r.int(0, 1)), 16),
        complaintId: id,
      });
      const resolvedOn = cal.addWorkingDays(day, slow ? r.int(6, 12) : r.int(1, 5));
      push(d.code, { id: `${id}:rsl`, type: 'complaint.resolved', at: at(resolvedOn, 15), complaintId: id, substantiated: r.chance(0.4) });
      push(d.code, {
        id: `${id}:fu`,
        type: 'complaint.followed_up',
        at: at(cal.addWorkingDays(resolvedOn, 1), 10),
        complaintId: id,
        satisfaction: r.weighted([
          ['satisfied', 70],
          ['basically_satisfied', 20],
          ['unsatisfied', 10],
        ]),
      });
    }
  }

  // ---- evaluations (好差评): mostly good; bad ones called back and (mostly) rectified
  let eseq = 0;
  for (const d of active) {
    const ids = caseIds[d.code]!;
    for (let i = 0; i < ids.length; i += 3) {
      const caseId = ids[i]!;
      const acc = byDept[d.code]!.find((x) => x.id === `${caseId}:acc`);
      if (!acc) continue;
      const day = cal.addWorkingDays(shanghaiDate(acc.at), 1);
      if (day < start) continue;
      const id = `E${d.code.replace(/\W/g, '')}${String(++eseq).padStart(5, '0')}`;
      const score = r.weighted([
        [5, 68 - d.lateRate * 100],
        [4, 16],
        [3, 7],
        [2, 5 + d.lateRate * 50],
        [1, 4 + d.lateRate * 50],
      ]);
      push(d.code, {
        id: `${id}:sub`,
        type: 'evaluation.submitted',
        at: at(day, 18),
        evaluationId: id,
        itemCode: acc.itemCode as string,
        channel: r.weighted([
          ['window', 40],
          ['online', 25],
          ['mobile', 20],
          ['sms', 15],
        ]),
        score,
        caseId,
      });
      if (score <= 2) {
        push(d.code, { id: `${id}:cb`, type: 'evaluation.called_back', at: at(cal.addWorkingDays(day, 1), 10), evaluationId: id });
        if (r.chance(0.85))
          push(d.code, {
            id: `${id}:rct`,
            type: 'evaluation.rectified',
            at: at(cal.addWorkingDays(day, r.chance(0.8) ? r.int(3, 14) : r.int(16, 25)), 11),
            evaluationId: id,
          });
      }
    }
  }

  step(`generated ${Object.values(byDept).reduce((n, l) => n + l.length, 0)} records`);
  // ---- send: per department in batches of 500, in time order; then a few refused records and a void
  let posted = 0;
  await Promise.all(
    DEPARTMENTS.map(async (d) => {
      const recs = byDept[d.code]!.sort((a, b) => ms(a.at) - ms(b.at));
      for (let i = 0; i < recs.length; i += 500) {
        const batch = recs.slice(i, i + 500);
        const res = await call('POST', '/v1/events', keys[d.code]!, { records: batch });
        const bad = res.results.filter((x: any) => x.status !== 'accepted');
        if (bad.length) throw new Error(`${d.code}: ${JSON.stringify(bad.slice(0, 3))}`);
        posted += batch.length;
      }
    }),
  );
  step(`posted ${posted} records`);
  const refusedAt = new Date(latest).toISOString();
  await call('POST', '/v1/events', keys['D-RSJ']!, {
    records: [
      {
        id: 'bad-1',
        type: 'case.accepted',
        at: refusedAt,
        caseId: 'X1',
        itemCode: 'RSJ-001',
        regionCode: '370303000000',
        channel: 'fax',
        assisted: 'none',
        greenChannel: false,
        applicant: { type: 'person' },
        materials: [],
      },
      {
        id: 'bad-2',
        type: 'case.accepted',
        at: refusedAt,
        caseId: 'X2',
        itemCode: 'RSJ-001',
        regionCode: '110101000000',
        channel: 'window',
        assisted: 'none',
        greenChannel: false,
        applicant: { type: 'person' },
        materials: [],
      },
      {
        id: 'bad-3',
        type: 'complaint.received',
        at: refusedAt,
        complaintId: 'X3',
        channel: 'window',
        category: 'delay',
        regionCode: '370303000000',
        idNumber: '370303199001011234',
      },
    ],
  });
  const lastDone = byDept['D-RSJ']!.filter((x) => x.type === 'case.completed').at(-1)!;
  await call('POST', '/v1/events', keys['D-RSJ']!, {
    records: [{ id: 'void-1', type: 'void', at: refusedAt, target: lastDone.id, reason: '办结时间录入错误，待重新推送' }],
  });

  if (!zichuanCase) throw new Error('scenario has no 淄川区 case');
  return {
    today,
    departments: DEPARTMENTS.map(({ code, name, regionCode }) => ({ code, name, regionCode })),
    users,
    explainedRedCase: explained,
    zichuanCase,
    recordsPosted: posted,
  };
}

/** Whether an item may be handled at the level of a region code (its catalog `levels`). */
function levelAllowed(item: ItemSpec, code: string): boolean {
  const level =
    code.slice(4, 6) === '00'
      ? 'city'
      : code.slice(6, 9) === '000'
        ? 'county'
        : code.slice(9, 12) !== '000'
          ? code[9] === '1'
            ? 'community'
            : 'village'
          : Number(code.slice(6, 9)) < 100
            ? 'street'
            : 'town';
  return item.levels.includes(level);
}
