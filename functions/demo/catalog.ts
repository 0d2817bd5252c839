// The demo catalog (事项目录): ≈1,900 service items in the exact shape of the catalog API
// (ingest-api.md "Catalog", CatalogItem in shared/contract/catalog.ts), built from the
// templates in catalog-templates.ts and calibrated to the bureau's reply (seed):
//
//   "市县两级免证办事项清单 … 市本级达969项、区县达903项" — our reading: the city-level list
//   (items implemented by the city, levels ['city']) has exactly 969 certificate-free items and
//   the district/county-level list (items implemented by the districts/counties, levels starting
//   with 'county') exactly 903; the two lists are disjoint (an item that exists at both levels is
//   two implementation items with two codes, as in the real catalogs). Every reading of "city
//   item" agrees: owning body's level, `levels` containing 'city', and the code's last segment.
//   Counts hold on every date: later versions never change whether an item is certificate-free.
//
//   "镇级可办理事项135项，街道118项，村级(代办)79项，社区(代办)60项" — exactly that many items
//   have 'town' / 'street' / 'village' / 'community' in their levels (all of them county items
//   delegated downwards; village ⊂ town items, community ⊂ street items).
//
//   "106类电子证照在政务服务领域全面共享" — exactly 106 distinct certificate names carry the
//   exemption e_license.
//
// Everything depends only on the seed (and the demo year, which dates the versions).

import type { CatalogItem } from '../../shared/contract/catalog.js';
import { fromDayNumber, toDayNumber, type IsoDate } from '../../shared/calendar/iso-date.js';
import { CITY_CODE12 } from './divisions.js';
import { cityDepartmentCode, countyApprovalCode } from './departments.js';
import {
  E_LICENSE_CERTIFICATES,
  MATERIAL_LIBRARY,
  materialSpec,
  SUBJECT_LINES,
  type ExemptionCode,
  type MaterialKindCode,
} from './catalog-templates.js';
import { createRng, type Rng } from './rng.js';
import { demoLicenceTypes } from './licence-types.js';
import type { LicenceType } from '../../shared/contract/licences.js';
import { ZIBO_DIVISION_ROWS } from '../../shared/zibo-divisions.js';

export type { CatalogItem } from '../../shared/contract/catalog.js';
type ItemKind = CatalogItem['kind'];
type Level = CatalogItem['levels'][number];
type Material = CatalogItem['materials'][number];

/** The default demo year: the last whole year the shipped calendar covers before today. */
export const DEMO_YEAR = 2025;

/** Calibration of the catalog to the seed; SEED_TARGETS repeats these with tolerances. */
export const CATALOG_TARGETS = {
  /** Items on each list (市本级 / 区县); a few non-certificate-free items on top of the seed's counts. */
  cityItems: 1_000,
  countyItems: 935,
  certificateFree: { city: 969, county: 903 },
  delegated: { town: 135, street: 118, village: 79, community: 60 },
  /** Of the delegated items: town and street both, town only, street only (135 = 106 + 29, 118 = 106 + 12). */
  delegatedSplit: { both: 106, townOnly: 29, streetOnly: 12 },
  eLicenseTypes: 106,
  /** Items that get a second version during the demo year. */
  secondVersions: 10,
} as const;

export interface ItemProfile {
  /** Relative case volume (before the records generator's calibration). */
  readonly weight: number;
  readonly applicant: 'person' | 'enterprise' | 'mixed';
  /** Applicants of this item are more often 60+ (pensions, subsidies, medical). */
  readonly elderly: boolean;
  /** Needs the applicant in person (身份证, 婚姻登记 …): rarely online. */
  readonly windowOnly: boolean;
  /** A "special matter" (特殊事项) like the seed's 事改企 retirement: long waits. */
  readonly special: boolean;
  /** The subject the item was expanded from (for grouping in reports and tests). */
  readonly subject: string;
}

export interface DemoItem {
  readonly itemCode: string;
  readonly departmentCode: string;
  /** 市本级 or 区县 list. */
  readonly scope: 'city' | 'county';
  /** Where it can be handled: 370300000000 (city items, and county items of city bodies: any district) or one district. */
  readonly regionCode: string;
  /** Versions, ascending effectiveFrom; each is an exact CatalogItem payload. */
  readonly versions: readonly CatalogItem[];
  readonly profile: ItemProfile;
}

export interface DemoCatalog {
  readonly year: number;
  readonly items: readonly DemoItem[];
  /** Every version payload in effectiveFrom order (what to PUT to /v1/catalog/items). */
  readonly versions: readonly CatalogItem[];
  /** The 106 certificate names exempted as e-licences. */
  readonly eLicenseTypes: readonly string[];
  /** The e-licence catalog (电子证照目录): the 106 types with codes, which the e-licence materials name. */
  readonly licences: readonly LicenceType[];
}

export interface GenerateCatalogOptions {
  readonly seed: number;
  /** The demo year: first versions start before it, second versions during it. Default DEMO_YEAR. */
  readonly year?: number;
}

// ---------------------------------------------------------------- templates

type Role = 'new' | 'change' | 'renew' | 'cancel' | 'reissue' | 'other';

interface Variant {
  readonly suffix: string;
  readonly role: Role;
}

interface Subject {
  readonly index: number;
  readonly dept: string;
  readonly name: string;
  readonly kind: ItemKind;
  readonly at: 'c' | 'x' | 'b';
  readonly variants: readonly Variant[];
  readonly flags: ReadonlySet<string>;
  readonly cert: string | null;
  readonly certAlways: boolean;
  readonly extras: readonly string[];
  readonly reg: boolean;
}

const KINDS: Record<string, ItemKind> = {
  L: 'administrative_license',
  S: 'public_service',
  C: 'administrative_confirmation',
  P: 'administrative_payment',
  O: 'other',
};
const VARIANT_SETS: Record<string, readonly Variant[]> = {
  lic: [
    { suffix: '（新办）', role: 'new' },
    { suffix: '（变更）', role: 'change' },
    { suffix: '（延续）', role: 'renew' },
    { suffix: '（注销）', role: 'cancel' },
    { suffix: '（补办）', role: 'reissue' },
  ],
  lic4: [
    { suffix: '（新办）', role: 'new' },
    { suffix: '（变更）', role: 'change' },
    { suffix: '（延续）', role: 'renew' },
    { suffix: '（注销）', role: 'cancel' },
  ],
  lic3: [
    { suffix: '（新办）', role: 'new' },
    { suffix: '（变更）', role: 'change' },
    { suffix: '（注销）', role: 'cancel' },
  ],
  reg: [
    { suffix: '成立登记', role: 'new' },
    { suffix: '变更登记', role: 'change' },
    { suffix: '注销登记', role: 'cancel' },
  ],
  one: [{ suffix: '', role: 'new' }],
};

function parseSubjects(): Subject[] {
  return SUBJECT_LINES.map((line, index) => {
    const f = line.split('|');
    if (f.length !== 7 && f.length !== 8) throw new Error(`subject line ${index}: ${f.length} fields: ${line}`);
    const [dept, name, kindCode, at, variantsCode, flagsText] = f as [string, string, string, string, string, string];
    const certField = f.length === 8 ? f[6]! : '';
    const extrasField = f.length === 8 ? f[7]! : f[6]!;
    if (certField.includes(',')) throw new Error(`subject line ${index}: certificate field lists materials: ${line}`);
    const kind = KINDS[kindCode];
    if (!kind || !['c', 'x', 'b'].includes(at)) throw new Error(`subject line ${index}: bad kind/level: ${line}`);
    const variants =
      VARIANT_SETS[variantsCode] ?? variantsCode.split('/').map<Variant>((suffix, i) => ({ suffix, role: i === 0 ? 'new' : 'other' }));
    return {
      index,
      dept,
      name,
      kind,
      at: at as Subject['at'],
      variants,
      flags: new Set(flagsText.split(',').filter(Boolean)),
      cert: certField.replace(/^\+/, '') || null,
      certAlways: certField.startsWith('+'),
      extras: extrasField.split(',').filter(Boolean),
      reg: variantsCode === 'reg',
    };
  });
}

// ---------------------------------------------------------------- expansion

interface Draft {
  readonly subject: Subject;
  readonly variant: Variant;
  readonly variantNo: number;
  readonly scope: 'city' | 'county';
  readonly departmentCode: string;
  readonly regionCode: string;
  readonly name: string;
  levels: Level[];
  certFree: boolean;
  materials: Material[];
  statutoryDays: number;
  promisedDays: number;
  weight: number;
  itemCode: string;
}

const COUNTIES = ZIBO_DIVISION_ROWS.filter((r) => r.level === 3);
/** Approximate relative population of each district/county (demo weights, rounded, not official figures). */
export const COUNTY_WEIGHTS: Readonly<Record<string, number>> = {
  '370302000000': 0.155,
  '370303000000': 0.225,
  '370304000000': 0.09,
  '370305000000': 0.135,
  '370306000000': 0.08,
  '370321000000': 0.105,
  '370322000000': 0.08,
  '370323000000': 0.11,
};

function expand(subjects: readonly Subject[]): Draft[] {
  const drafts: Draft[] = [];
  const make = (
    subject: Subject,
    variant: Variant,
    variantNo: number,
    scope: 'city' | 'county',
    departmentCode: string,
    regionCode: string,
  ): Draft => ({
    subject,
    variant,
    variantNo,
    scope,
    departmentCode,
    regionCode,
    name: subject.name + variant.suffix,
    levels: [scope],
    certFree: true,
    materials: [],
    statutoryDays: 0,
    promisedDays: 0,
    weight: 0,
    itemCode: '',
  });
  for (const s of subjects) {
    s.variants.forEach((v, vi) => {
      if (s.dept === 'CNTY') {
        for (const c of COUNTIES) drafts.push(make(s, v, vi, 'county', countyApprovalCode(c.code12), c.code12));
        return;
      }
      const dept = cityDepartmentCode(s.dept);
      if (s.at !== 'x') drafts.push(make(s, v, vi, 'city', dept, CITY_CODE12));
      if (s.at !== 'c') drafts.push(make(s, v, vi, 'county', dept, CITY_CODE12));
    });
  }
  return drafts;
}

// ---------------------------------------------------------------- limits, materials, volume

function limits(rng: Rng, kind: ItemKind, role: Role): { statutoryDays: number; promisedDays: number } {
  const statutory =
    kind === 'administrative_license'
      ? rng.weighted([20, 10, 15, 30, 45, 60], [55, 10, 12, 12, 5, 6])
      : kind === 'public_service'
        ? rng.weighted([0, 5, 10, 15, 20, 30], [45, 10, 15, 10, 12, 8])
        : kind === 'administrative_confirmation'
          ? rng.weighted([20, 30, 15, 10, 60], [45, 20, 15, 12, 8])
          : kind === 'administrative_payment'
            ? rng.weighted([30, 20, 15, 60, 10], [35, 25, 15, 10, 15])
            : rng.weighted([0, 10, 20, 5], [50, 20, 15, 15]);
  const baseImmediate = {
    administrative_license: 0.04,
    public_service: 0.3,
    administrative_confirmation: 0.12,
    administrative_payment: 0.06,
    other: 0.25,
  }[kind];
  const roleImmediate = { new: 0, change: 0.08, renew: 0, cancel: 0.3, reissue: 0.45, other: 0.05 }[role];
  if (rng.chance(baseImmediate + roleImmediate)) return { statutoryDays: statutory, promisedDays: 0 };
  if (statutory === 0) return { statutoryDays: 0, promisedDays: rng.weighted([1, 2, 3, 5, 7, 10, 15], [10, 15, 20, 25, 12, 12, 6]) };
  return { statutoryDays: statutory, promisedDays: Math.max(1, Math.round(statutory * rng.float(0.38, 0.66))) };
}

const ROLE_FORM: Record<Role, string> = {
  new: '申请表',
  change: '变更申请书',
  renew: '延续申请表',
  cancel: '注销申请书',
  reissue: '补办申请表',
  other: '申请表',
};

function materialNames(d: Draft): string[] {
  const s = d.subject;
  const names: string[] = [];
  const applicant = s.flags.has('e') ? 'enterprise' : s.flags.has('m') ? 'mixed' : 'person';
  const issuesBusinessLicence = s.cert === '营业执照' && d.variant.role === 'new' && !s.certAlways;
  if (applicant !== 'enterprise' || issuesBusinessLicence) names.push('居民身份证');
  if (applicant !== 'person' && !issuesBusinessLicence) names.push('营业执照');
  if (applicant !== 'person') names.push('法定代表人身份证明书');
  names.push(s.reg && d.variant.role === 'new' ? '登记表' : ROLE_FORM[d.variant.role]);
  names.push('授权委托书'); // 委托他人办理的 — listed on every item, as the published lists do
  if (s.kind === 'administrative_payment') names.push('银行账户信息');
  const cert = s.cert;
  switch (d.variant.role) {
    case 'new':
      names.push(...s.extras);
      break;
    case 'change':
      if (cert) names.push(cert);
      names.push('变更事项证明', ...s.extras.slice(0, 1));
      break;
    case 'renew':
      if (cert) names.push(cert);
      names.push(...s.extras.slice(0, 2));
      break;
    case 'cancel':
      if (cert) names.push(cert);
      break;
    case 'reissue':
      names.push('遗失声明');
      break;
    case 'other':
      if (cert) names.push(cert);
      names.push(...s.extras);
      break;
  }
  if (cert && s.certAlways && d.variant.role !== 'reissue') names.push(cert);
  // A proof replaced by a promise (告知承诺) is replaced by a signed 告知承诺书.
  if (names.some((n) => MATERIAL_LIBRARY[n]?.exemption === 'commitment')) names.push('告知承诺书');
  return [...new Set(names)];
}

const KIND_VOLUME: Record<ItemKind, number> = {
  public_service: 3,
  administrative_payment: 2.5,
  administrative_confirmation: 2,
  administrative_license: 0.8,
  other: 0.7,
};
const ROLE_VOLUME: Record<Role, number> = { new: 1, change: 0.6, renew: 0.35, cancel: 0.3, reissue: 0.25, other: 0.6 };

// ---------------------------------------------------------------- codes

const KIND_LETTER: Record<ItemKind, string> = {
  administrative_license: 'A',
  administrative_payment: 'G',
  administrative_confirmation: 'Q',
  public_service: 'F',
  other: 'Z',
};

/** A fictitious 18-character 统一社会信用代码 for a department (11 = 机关, region, 9-char body code, check digit). */
function creditCode(departmentCode: string, region12: string): string {
  let h = 7;
  for (let i = 0; i < departmentCode.length; i++) h = (h * 31 + departmentCode.charCodeAt(i)) % 1_000_000;
  const body = `004${String(h).padStart(6, '0')}`;
  const digits = `11${region12.slice(0, 6)}${body}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (i % 2 ? 3 : 1);
  return `${digits}${sum % 10}`;
}

/** Item code shaped like Shandong's (基本编码-区划-000-信用代码-层级-00), ≤ 64 chars of [A-Za-z0-9-]. */
function itemCodeOf(d: Draft, deptNo: number): string {
  const base = `370${KIND_LETTER[d.subject.kind]}${String(deptNo).padStart(2, '0')}${String(d.subject.index).padStart(3, '0')}${String(d.variantNo).padStart(2, '0')}000`;
  return `${base}-${d.regionCode}-000-${creditCode(d.departmentCode, d.regionCode)}-${d.scope === 'city' ? 1 : 2}-00`;
}

// ---------------------------------------------------------------- predicates

/** 免证办事项: the domain's one definition (shared/figures/catalog-figures.ts), re-exported for the demo's users. */
export { isCertificateFree } from '../../shared/figures/catalog-figures.js';

/** The version of an item in force on a date (versions ascending by effectiveFrom), if any. */
export function versionInForce(item: Pick<DemoItem, 'versions'>, date: IsoDate): CatalogItem | undefined {
  let found: CatalogItem | undefined;
  for (const v of item.versions) {
    if (v.effectiveFrom <= date) found = v;
    else break;
  }
  return found;
}

// ---------------------------------------------------------------- the catalog

function take<T>(rng: Rng, pool: readonly T[], n: number, what: string): T[] {
  if (pool.length < n) throw new Error(`generateCatalog: need ${n} ${what}, the templates give ${pool.length}`);
  return rng.shuffle(pool).slice(0, n);
}

/** Trims or checks a list's size to exactly n, dropping later variants of license subjects first. */
function trimTo(rng: Rng, drafts: Draft[], n: number, what: string): Draft[] {
  if (drafts.length < n) throw new Error(`generateCatalog: the templates give ${drafts.length} ${what} items, need ${n}`);
  const keepFlags = ['t', 'r', 'u', 'v', 'y', 'N', 'S'];
  const droppable = rng.shuffle(
    drafts.filter(
      (d) =>
        (d.variant.role === 'renew' || d.variant.role === 'reissue' || d.variant.role === 'other') &&
        !keepFlags.some((f) => d.subject.flags.has(f)),
    ),
  );
  const drop = new Set(droppable.slice(0, drafts.length - n));
  if (drop.size < drafts.length - n) throw new Error(`generateCatalog: cannot trim ${what} items to ${n}`);
  return drafts.filter((d) => !drop.has(d));
}

export function generateCatalog(options: GenerateCatalogOptions): DemoCatalog {
  const year = options.year ?? DEMO_YEAR;
  const root = createRng(options.seed).fork('catalog');
  const subjects = parseSubjects();
  const all = expand(subjects);
  const city = trimTo(
    root.fork('trim-city'),
    all.filter((d) => d.scope === 'city'),
    CATALOG_TARGETS.cityItems,
    'city',
  );
  const county = trimTo(
    root.fork('trim-county'),
    all.filter((d) => d.scope === 'county'),
    CATALOG_TARGETS.countyItems,
    'county',
  );
  const drafts = [...city, ...county];

  // Delegation (事项下沉): exact counts of items handleable at town, street, village, community.
  const del = root.fork('delegation');
  const split = CATALOG_TARGETS.delegatedSplit;
  const both = take(
    del,
    county.filter((d) => d.subject.flags.has('t')),
    split.both,
    "items flagged 't'",
  );
  const townOnly = take(
    del,
    county.filter((d) => d.subject.flags.has('r')),
    split.townOnly,
    "items flagged 'r'",
  );
  const streetOnly = take(
    del,
    county.filter((d) => d.subject.flags.has('u')),
    split.streetOnly,
    "items flagged 'u'",
  );
  for (const d of both) d.levels = ['county', 'town', 'street'];
  for (const d of townOnly) d.levels = ['county', 'town'];
  for (const d of streetOnly) d.levels = ['county', 'street'];
  const villageItems = take(
    del,
    [...both, ...townOnly].filter((d) => d.subject.flags.has('v')),
    CATALOG_TARGETS.delegated.village,
    "town items flagged 'v'",
  );
  const communityItems = take(
    del,
    [...both, ...streetOnly].filter((d) => d.subject.flags.has('y')),
    CATALOG_TARGETS.delegated.community,
    "street items flagged 'y'",
  );
  for (const d of villageItems) d.levels.push('village');
  for (const d of communityItems) d.levels.push('community');

  // Limits, volume and codes.
  const deptNos = new Map<string, number>();
  for (const d of drafts) {
    const rng = root.fork(`item:${d.departmentCode}:${d.subject.index}:${d.variantNo}:${d.scope}:${d.regionCode}`);
    Object.assign(d, limits(rng, d.subject.kind, d.variant.role));
    const f = d.subject.flags;
    const countyShare = d.subject.dept === 'CNTY' ? (COUNTY_WEIGHTS[d.regionCode] ?? 0.125) : 1;
    d.weight =
      rng.lognormal(0, 0.9) *
      KIND_VOLUME[d.subject.kind] *
      ROLE_VOLUME[d.variant.role] *
      (f.has('h') ? 8 : 1) *
      (d.scope === 'county' ? 2.2 : 1) *
      countyShare *
      (f.has('S') ? 0.02 : 1);
    if (!deptNos.has(d.departmentCode)) deptNos.set(d.departmentCode, deptNos.size + 1);
    d.itemCode = itemCodeOf(d, deptNos.get(d.departmentCode)!);
  }

  // Materials, and exactly 969 / 903 certificate-free items: the others keep a proof not yet exempt.
  const certificates = new Set<string>([...E_LICENSE_CERTIFICATES, ...subjects.flatMap((s) => (s.cert ? [s.cert] : []))]);
  const names = new Map(drafts.map((d) => [d, materialNames(d)]));
  const hasHardProof = (d: Draft) =>
    names.get(d)!.some((n) => {
      const s = materialSpec(n, certificates);
      return s.kind === 'proof' && s.exemption === 'none';
    });
  const free = root.fork('certificate-free');
  for (const [list, target, what] of [
    [city, CATALOG_TARGETS.certificateFree.city, 'city'],
    [county, CATALOG_TARGETS.certificateFree.county, 'county'],
  ] as const) {
    const need = list.length - target;
    const forced = list.filter((d) => d.subject.flags.has('N'));
    const optional = free.shuffle(list.filter((d) => !d.subject.flags.has('N') && hasHardProof(d)));
    const notFree = [...forced, ...optional].slice(0, need);
    if (notFree.length < need || forced.length > need)
      throw new Error(`generateCatalog: cannot make exactly ${target} ${what} items certificate-free`);
    for (const d of notFree) d.certFree = false;
  }
  for (const d of drafts) {
    d.materials = names.get(d)!.map((name, i) => {
      const spec = materialSpec(name, certificates);
      const exemption: ExemptionCode =
        spec.exemption === 'none' && spec.kind === 'proof' && d.certFree ? (spec.whenFree ?? 'commitment') : spec.exemption;
      return { code: `M${String(i + 1).padStart(2, '0')}`, name, kind: spec.kind as MaterialKindCode, exemption };
    });
  }

  // Exactly 106 e-licence types: the most common keep e_license, the rest are shared as data.
  const priority = [...E_LICENSE_CERTIFICATES, ...subjects.flatMap((s) => (s.cert ? [s.cert] : []))];
  const used = new Set(drafts.flatMap((d) => d.materials.filter((m) => m.exemption === 'e_license').map((m) => m.name)));
  const ranked = [...new Set(priority)].filter((n) => used.has(n));
  if (ranked.length < CATALOG_TARGETS.eLicenseTypes)
    throw new Error(`generateCatalog: only ${ranked.length} e-licence types in the templates`);
  const eLicenseTypes = ranked.slice(0, CATALOG_TARGETS.eLicenseTypes);
  const keep = new Set(eLicenseTypes);
  for (const d of drafts)
    d.materials = d.materials.map((m) => (m.exemption === 'e_license' && !keep.has(m.name) ? { ...m, exemption: 'data_sharing' } : m));
  // Each e-licence material names its licence type (电子证照类型) of the demo's e-licence catalog.
  const licences = demoLicenceTypes(eLicenseTypes);
  const licenceOf = new Map(licences.map((t) => [t.name, t.code]));
  for (const d of drafts)
    d.materials = d.materials.map((m) => (m.exemption === 'e_license' ? { ...m, licenceCode: licenceOf.get(m.name)! } : m));

  // Versions: first versions start before the demo year; a handful get a second one during it.
  const dates = root.fork('dates');
  const firstFrom = toDayNumber(`${year - 3}-01-01`);
  const firstTo = toDayNumber(`${year - 1}-12-01`);
  const items: DemoItem[] = [];
  const byDraft = new Map<Draft, CatalogItem[]>();
  for (const d of drafts) {
    const v1: CatalogItem = {
      itemCode: d.itemCode,
      name: d.name,
      departmentCode: d.departmentCode,
      kind: d.subject.kind,
      statutoryDays: d.statutoryDays,
      promisedDays: d.promisedDays,
      levels: d.levels,
      materials: d.materials,
      effectiveFrom: fromDayNumber(dates.int(firstFrom, firstTo)),
    };
    byDraft.set(d, [v1]);
  }
  const changed = secondVersionTargets(root.fork('versions'), drafts);
  for (const [d, index, exemption] of changed) {
    const versions = byDraft.get(d)!;
    const v1 = versions[0]!;
    const materials = v1.materials.map((m, i) => (i === index ? { ...m, exemption } : m)); // never an e-licence material (none → …)
    const from = fromDayNumber(dates.int(toDayNumber(`${year}-03-01`), toDayNumber(`${year}-09-30`)));
    versions.push({ ...v1, materials, effectiveFrom: from });
  }
  for (const d of drafts) {
    const f = d.subject.flags;
    items.push({
      itemCode: d.itemCode,
      departmentCode: d.departmentCode,
      scope: d.scope,
      regionCode: d.regionCode,
      versions: byDraft.get(d)!,
      profile: {
        weight: d.weight,
        applicant: f.has('e') ? 'enterprise' : f.has('m') ? 'mixed' : 'person',
        elderly: f.has('o'),
        windowOnly: f.has('w'),
        special: f.has('S'),
        subject: d.subject.name,
      },
    });
  }
  items.sort((a, b) => (a.itemCode < b.itemCode ? -1 : a.itemCode > b.itemCode ? 1 : 0));
  const versions = items
    .flatMap((i) => i.versions)
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : a.itemCode < b.itemCode ? -1 : 1));
  return { year, items, versions, eLicenseTypes, licences };
}

/**
 * Second versions (新版本) that exempt one more material without changing whether the item is
 * certificate-free: the councillor's case (房屋所有权注销登记: 仲裁证明 → 告知承诺, the item keeps
 * its 房屋灭失证明 on paper), and busy items whose application form becomes pre-filled from
 * shared data (免填单) or whose extra paper is cancelled (取消).
 */
function secondVersionTargets(rng: Rng, drafts: readonly Draft[]): Array<[Draft, number, ExemptionCode]> {
  const out: Array<[Draft, number, ExemptionCode]> = [];
  const arbitration = drafts.find((d) => d.materials.some((m) => m.name === '仲裁机构出具的仲裁证明' && m.exemption === 'none'));
  if (arbitration) out.push([arbitration, arbitration.materials.findIndex((m) => m.name === '仲裁机构出具的仲裁证明'), 'commitment']);
  const busy = [...drafts]
    .filter((d) => d !== arbitration && !d.subject.flags.has('S'))
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 120);
  for (const d of rng.shuffle(busy)) {
    if (out.length >= CATALOG_TARGETS.secondVersions) break;
    const form = d.materials.findIndex((m) => m.kind === 'form' && m.exemption === 'none');
    const other = d.materials.findIndex((m) => m.kind === 'other' && m.exemption === 'none');
    if (other >= 0 && rng.chance(0.5)) out.push([d, other, 'cancelled']);
    else if (form >= 0) out.push([d, form, 'data_sharing']);
  }
  return out;
}
