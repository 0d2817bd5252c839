// Catalog figures (事项目录指标): certificate-free items, exemption coverage, limit compression
// and delegated items, over the item versions in force on a date (domain.md).
import { LEVELS, type Level } from '../enums.js';
import { rate, type MetricValue } from './metrics.js';

export interface CatalogItemLite {
  itemCode: string;
  departmentCode: string;
  effectiveFrom: string;
  statutoryDays: number;
  promisedDays: number;
  levels: readonly string[];
  materials: ReadonlyArray<{ code: string; kind: string; exemption: string; licenceCode?: string }>;
}

/** Every certificate and proof material has an exemption other than none (none to exempt counts too). */
export function isCertificateFree(item: CatalogItemLite): boolean {
  return item.materials.every((m) => (m.kind !== 'certificate' && m.kind !== 'proof') || m.exemption !== 'none');
}

/** The version of each item in force on `day` (the latest effectiveFrom ≤ day). */
export function versionsInForce<T extends CatalogItemLite>(versions: Iterable<T>, day: string): T[] {
  const best = new Map<string, T>();
  for (const v of versions) {
    if (v.effectiveFrom > day) continue;
    const cur = best.get(v.itemCode);
    if (!cur || cur.effectiveFrom < v.effectiveFrom) best.set(v.itemCode, v);
  }
  return [...best.values()];
}

export interface CatalogFigures {
  items: number;
  certificateFreeItems: number;
  coverage: number | null;
  coverageParts: { numerator: number; denominator: number };
  limitCompression: number | null;
  limitCompressionParts: { promisedSum: number; statutorySum: number; items: number };
  immediateItems: number;
  /** 下沉事项: items handleable at each level. */
  delegated: Record<Level, number>;
}

export function catalogFigures(items: readonly CatalogItemLite[]): CatalogFigures {
  const free = items.filter(isCertificateFree).length;
  const withStatutory = items.filter((i) => i.statutoryDays > 0);
  const promisedSum = withStatutory.reduce((s, i) => s + i.promisedDays, 0);
  const statutorySum = withStatutory.reduce((s, i) => s + i.statutoryDays, 0);
  const cov: MetricValue = rate(free, items.length);
  const delegated = Object.fromEntries(LEVELS.map((l) => [l, items.filter((i) => i.levels.includes(l)).length])) as Record<Level, number>;
  return {
    items: items.length,
    certificateFreeItems: free,
    coverage: cov.value,
    coverageParts: { numerator: free, denominator: items.length },
    // 承诺时限压缩比 = 1 − Σ promised ÷ Σ statutory over items with a statutory limit
    limitCompression: statutorySum === 0 ? null : 1 - promisedSum / statutorySum,
    limitCompressionParts: { promisedSum, statutorySum, items: withStatutory.length },
    immediateItems: items.filter((i) => i.promisedDays === 0).length,
    delegated,
  };
}
