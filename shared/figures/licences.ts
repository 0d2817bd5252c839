// E-licence figures (电子证照指标): which licence types carry the exemptions. A case accepted with a
// material provided via e_license adds, on its acceptance day and in its ordinary rollup rows
// (every grain), one to the materials counter of the licence type its catalog material names, and
// one to the cases counter of each distinct type — so every filter of the figures answers them.
// A licence type is named by the catalog (CatalogMaterial.licenceCode), not by the record.

/** Cases exempted by a licence type (a case counts once per type however many of its materials). */
export const licenceCasesCounter = (code: string) => `lc:${code}`;
/** Materials exempted by a licence type. */
export const licenceMaterialsCounter = (code: string) => `lm:${code}`;
/** The licence counter's kind and type code, or undefined for any other counter. */
export function parseLicenceCounter(counter: string): { kind: 'cases' | 'materials'; code: string } | undefined {
  if (counter.startsWith('lc:')) return { kind: 'cases', code: counter.slice(3) };
  if (counter.startsWith('lm:')) return { kind: 'materials', code: counter.slice(3) };
  return undefined;
}
export const isLicenceCounter = (counter: string) => parseLicenceCounter(counter) !== undefined;

/** The counters one accepted case adds for its e-licence exemptions (none without a catalog version). */
export function licenceCounters(
  materials: ReadonlyArray<{ code: string; via: string }>,
  version: { materials: ReadonlyArray<{ code: string; licenceCode?: string }> } | undefined,
): Record<string, number> {
  const out: Record<string, number> = {};
  if (!version) return out;
  const typeOf = new Map(version.materials.flatMap((m) => (m.licenceCode ? [[m.code, m.licenceCode] as const] : [])));
  for (const m of materials) {
    const code = m.via === 'e_license' ? typeOf.get(m.code) : undefined;
    if (code === undefined) continue;
    out[licenceMaterialsCounter(code)] = (out[licenceMaterialsCounter(code)] ?? 0) + 1;
    out[licenceCasesCounter(code)] = 1;
  }
  return out;
}

export interface LicenceRow {
  code: string;
  name: string | null; // null: the code is no longer in the e-licence catalog (never deleted, so not expected)
  cases: number;
  materials: number;
  /** Items in force (in scope) with a material naming this type. */
  items: number;
  rank: number;
}

export interface LicenceFigures {
  /** 证照类型总数: types in the e-licence catalog. */
  typesInCatalog: number;
  /** 已关联证照类型: types named by at least one material of an item in force (in scope). */
  typesInUse: number;
  /** 已用证照类型: types that exempted at least one material in the period. */
  typesUsed: number;
  /** Materials provided via e_license in the period (mEL), and how many of them had no type named. */
  eLicenceMaterials: number;
  unnamedMaterials: number;
  rows: LicenceRow[];
}

/**
 * Ranks licence types by cases (then materials, then code): every type in use in the catalog or
 * used in the period appears, a type used by no case with 0. Ties share a rank (1, 2, 2, 4).
 */
export function licenceFigures(
  sums: Readonly<Record<string, number>>,
  eLicenceMaterials: number,
  catalogTypes: ReadonlyArray<{ code: string; name: string }>,
  itemsInForce: ReadonlyArray<{ materials: ReadonlyArray<{ licenceCode?: string }> }>,
): LicenceFigures {
  const cases = new Map<string, number>();
  const mats = new Map<string, number>();
  for (const [k, n] of Object.entries(sums)) {
    const p = parseLicenceCounter(k);
    if (!p || !n) continue;
    (p.kind === 'cases' ? cases : mats).set(p.code, ((p.kind === 'cases' ? cases : mats).get(p.code) ?? 0) + n);
  }
  const items = new Map<string, number>();
  for (const it of itemsInForce)
    for (const code of new Set(it.materials.flatMap((m) => (m.licenceCode ? [m.licenceCode] : []))))
      items.set(code, (items.get(code) ?? 0) + 1);
  const names = new Map(catalogTypes.map((t) => [t.code, t.name]));
  const codes = new Set([...items.keys(), ...cases.keys(), ...mats.keys()]);
  const sorted = [...codes]
    .map((code) => ({
      code,
      name: names.get(code) ?? null,
      cases: cases.get(code) ?? 0,
      materials: mats.get(code) ?? 0,
      items: items.get(code) ?? 0,
    }))
    .sort((a, b) => b.cases - a.cases || b.materials - a.materials || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const rows: LicenceRow[] = sorted.map((r) => ({ ...r, rank: 0 }));
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    r.rank = prev && prev.cases === r.cases && prev.materials === r.materials ? prev.rank : i + 1;
  });
  const named = [...mats.values()].reduce((s, n) => s + n, 0);
  return {
    typesInCatalog: catalogTypes.length,
    typesInUse: items.size,
    typesUsed: [...mats.values()].filter((n) => n > 0).length,
    eLicenceMaterials,
    unnamedMaterials: Math.max(0, eLicenceMaterials - named),
    rows,
  };
}
