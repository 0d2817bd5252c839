// The demo city's administrative units (行政区划): 淄博市, its 8 districts/counties and 88
// townships exactly as in the NBS table (zibo-divisions.ts), plus generated village-level
// units (村/居委会) under every township in the official 12-digit form
//   township code (9 digits) + 3-digit unit code,
// following the NBS convention that 1xx codes are 居民委员会 (communities, 社区) and 2xx codes
// are 村民委员会 (villages, 村): communities are numbered 001, 002, … and villages 201, 202, ….
// The number of units under each township is its villages_2019_vintage count; the names are
// generated (plausible, e.g. 福园社区 / 王家庄村, not the real ones — the table has counts only).

import { createRng, type Rng } from './rng.js';
import { ZIBO_DIVISION_ROWS, type ZiboDivisionRow } from '../../shared/zibo-divisions.js';

export type UnitLevel = 'city' | 'county' | 'town' | 'street' | 'village' | 'community';

export interface DivisionUnit {
  /** 12-digit 行政区划 code. */
  readonly code12: string;
  readonly name: string;
  readonly level: UnitLevel;
  /** code12 of the parent unit; null for the city. */
  readonly parent: string | null;
  /** code12 of the district/county the unit lies in; null for the city. */
  readonly countyCode: string | null;
  /** 地级市 / 区 / 县 / 街道 / 镇 / 居委会 / 村委会 */
  readonly kind: string;
}

export interface DemoDivisions {
  readonly city: DivisionUnit;
  /** The 8 districts/counties (区/县). */
  readonly counties: readonly DivisionUnit[];
  /** The 88 townships: 31 街道 (level street) and 57 镇 (level town). */
  readonly townships: readonly DivisionUnit[];
  /** Generated village-level units (level village or community). */
  readonly villageUnits: readonly DivisionUnit[];
  /** Every unit, city first, then in code order. */
  readonly all: readonly DivisionUnit[];
  readonly byCode: ReadonlyMap<string, DivisionUnit>;
  /** Village-level unit count used per township code12, and where it came from. */
  readonly unitCounts: ReadonlyMap<string, { readonly count: number; readonly source: 'villages_2019_vintage' | 'district_median' }>;
}

export const CITY_CODE12 = '370300000000';

const SURNAMES = [
  ...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董袁潘于蒋蔡杜程苏魏吕丁任姚卢姜崔谭范石贾孟秦邱薛侯史毛郝邵孔翟耿',
]; // 常见姓氏
const RURAL_SUFFIX = [
  '家村',
  '家庄村',
  '庄村',
  '家峪村',
  '家坡村',
  '家河村',
  '家洼村',
  '家店村',
  '家寨村',
  '家楼村',
  '官庄村',
  '辛庄村',
  '家岭村',
  '家沟村',
];
const DIRECTIONS = [...'东西南北前后上下大小'];
const FEATURES = [...'河岭山沟泉坡峪崖湖桥营店井柳槐杏'];
const COMMUNITY_A = [...'和华新福康安兴明金锦翠嘉润祥瑞泰盛丰春秀益鑫宏恒东西南北中桥湖山河柳松梅竹槐杏文德仁怡'];
const COMMUNITY_B = [...'园苑城庭府里坊居景华兴平安康乐和丰泉湖苑阳光明'];

function villageName(rng: Rng): string {
  const r = rng.next();
  if (r < 0.6) return rng.pick(SURNAMES) + rng.pick(RURAL_SUFFIX);
  if (r < 0.85) return rng.pick(DIRECTIONS) + rng.pick(SURNAMES) + '村';
  return rng.pick(DIRECTIONS) + rng.pick(FEATURES) + '村';
}

function communityName(rng: Rng): string {
  const a = rng.pick(COMMUNITY_A);
  let b = rng.pick(COMMUNITY_B);
  while (b === a) b = rng.pick(COMMUNITY_B);
  return `${a}${b}社区`;
}

function uniqueName(rng: Rng, used: Set<string>, make: (rng: Rng) => string): string {
  for (let i = 0; i < 200; i++) {
    const name = make(rng);
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  throw new Error('uniqueName: name pool exhausted'); // unreachable for counts ≤ 199
}

/**
 * How many of a township's village-level units are communities (居委会): a 街道 is mostly
 * communities (large suburban ones keep up to 45% villages, 城中村/城郊村); a 镇 is mostly villages,
 * with a few communities around the seat (镇驻地社区).
 */
export function communityCount(kind: '街道' | '镇', units: number): number {
  if (units <= 1) return units;
  if (kind === '街道') {
    const villageShare = units > 30 ? 0.45 : units > 16 ? 0.3 : 0.1;
    return Math.max(1, units - Math.round(units * villageShare));
  }
  return Math.min(units - 1, Math.max(1, Math.round(units * 0.08)));
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
}

/** The units of the demo city; deterministic (names depend only on `seed`, default 3703). */
export function generateDivisions(options: { seed?: number } = {}): DemoDivisions {
  const seed = options.seed ?? 3703;
  const rows = ZIBO_DIVISION_ROWS;
  const cityRow = rows.find((r) => r.level === 2)!;
  const city: DivisionUnit = {
    code12: cityRow.code12,
    name: cityRow.name,
    level: 'city',
    parent: null,
    countyCode: null,
    kind: cityRow.kind,
  };
  const countyRows = rows.filter((r) => r.level === 3);
  const townshipRows = rows.filter((r) => r.level === 4);
  const code12Of = new Map(rows.map((r) => [r.code, r.code12]));

  const counties = countyRows.map<DivisionUnit>((r) => ({
    code12: r.code12,
    name: r.name,
    level: 'county',
    parent: city.code12,
    countyCode: r.code12,
    kind: r.kind,
  }));
  const townships = townshipRows.map<DivisionUnit>((r) => {
    const county = code12Of.get(r.parent ?? '')!;
    return {
      code12: r.code12,
      name: r.name,
      level: r.kind === '街道' ? 'street' : 'town',
      parent: county,
      countyCode: county,
      kind: r.kind,
    };
  });

  const unitCounts = new Map<string, { count: number; source: 'villages_2019_vintage' | 'district_median' }>();
  for (const r of townshipRows) {
    if (r.villages2019 !== null) {
      unitCounts.set(r.code12, { count: r.villages2019, source: 'villages_2019_vintage' });
      continue;
    }
    // No 2019 count (马尚街道): the median of the same district's townships of the same kind.
    const peers = townshipRows.filter((p: ZiboDivisionRow) => p.parent === r.parent && p.kind === r.kind && p.villages2019 !== null);
    unitCounts.set(r.code12, { count: median(peers.map((p) => p.villages2019!)), source: 'district_median' });
  }

  const villageUnits: DivisionUnit[] = [];
  for (const t of townships) {
    const n = unitCounts.get(t.code12)!.count;
    const communities = communityCount(t.kind as '街道' | '镇', n);
    const villages = n - communities;
    // Village-level codes as the product reads them (docs/decisions.md, levelOfRegion): 1xx a
    // community (社区/居委会), 2xx a village (村/村委会).
    if (communities > 99 || villages > 99) throw new Error(`${t.name}: too many units for the 3-digit code ranges`);
    const rng = createRng(seed).fork(t.code12);
    const used = new Set<string>();
    const prefix = t.code12.slice(0, 9);
    for (let i = 1; i <= communities; i++) {
      villageUnits.push({
        code12: `${prefix}${100 + i}`,
        name: uniqueName(rng, used, communityName),
        level: 'community',
        parent: t.code12,
        countyCode: t.countyCode,
        kind: '居委会',
      });
    }
    for (let i = 1; i <= villages; i++) {
      villageUnits.push({
        code12: `${prefix}${200 + i}`,
        name: uniqueName(rng, used, villageName),
        level: 'village',
        parent: t.code12,
        countyCode: t.countyCode,
        kind: '村委会',
      });
    }
  }

  const all = [city, ...counties, ...townships, ...villageUnits].sort((a, b) => (a.code12 < b.code12 ? -1 : a.code12 > b.code12 ? 1 : 0));
  return { city, counties, townships, villageUnits, all, byCode: new Map(all.map((u) => [u.code12, u])), unitCounts };
}
