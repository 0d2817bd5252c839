// The whole catalog (every version of every item), cached in memory until the next catalog
// write bumps the generation: catalog figures and case judgments read it many times.
import type { Stores } from '../store/index.js';
import type { StoredItemVersion } from '../store/catalog-store.js';
import type { Department } from '../store/departments-store.js';
import { SETTINGS } from '../store/settings.js';

export interface CatalogSnapshot {
  generation: number;
  departments: Department[];
  versions: StoredItemVersion[];
}

/** @param maxAgeMs how old a read of the catalog generation may be (0: read it every time) */
export function createCatalogSnapshot(stores: Stores, maxAgeMs = 0) {
  let cached: CatalogSnapshot | undefined;
  let loading: Promise<CatalogSnapshot> | undefined;
  return async function snapshot(): Promise<CatalogSnapshot> {
    const generation =
      (await (maxAgeMs ? stores.settings.recent(SETTINGS.catalogGeneration, maxAgeMs) : stores.settings.get(SETTINGS.catalogGeneration))) ??
      0;
    if (cached && cached.generation === generation) return cached;
    loading ??= (async () => {
      const departments = await stores.departments.list();
      const lists = await Promise.all(departments.map((d) => stores.catalog.listDepartment(d.code)));
      cached = { generation, departments, versions: lists.flat() };
      return cached;
    })().finally(() => {
      loading = undefined;
    });
    return loading;
  };
}
export type CatalogSnapshotLoader = ReturnType<typeof createCatalogSnapshot>;
