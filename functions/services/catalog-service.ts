// The service-item catalog (事项目录): validated versions, written by the owning department.
import { CatalogItem, type ItemResult } from '../../shared/contract/catalog.js';
import { fieldError, zodErrors } from '../../shared/contract/field-errors.js';
import type { Stores } from '../store/index.js';
import type { StoredItemVersion } from '../store/catalog-store.js';
import { canonicalJson, sha256 } from './hashing.js';
import { actorName, type Principal } from './principal.js';
import { errors } from '../errors.js';
import { assertDepartmentVisible } from './scope.js';

/** Bumped on every catalog write, so cached catalog snapshots know when to reload. */
export const CATALOG_GENERATION = 'CATALOG_GEN';

/** The version of an item in force on a date (versions sorted by effectiveFrom), if any. */
export function versionOn<T extends { effectiveFrom: string }>(versions: T[], day: string): T | undefined {
  let found: T | undefined;
  for (const v of versions) if (v.effectiveFrom <= day) found = v;
  return found;
}

export function createCatalogService(stores: Stores, now: () => Date) {
  async function putOne(principal: Principal, raw: unknown): Promise<ItemResult> {
    const rawObj = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const base = {
      itemCode: typeof rawObj.itemCode === 'string' ? rawObj.itemCode : null,
      effectiveFrom: typeof rawObj.effectiveFrom === 'string' ? rawObj.effectiveFrom : null,
    };
    const parsed = CatalogItem.safeParse(raw);
    if (!parsed.success) return { ...base, status: 'rejected', errors: zodErrors(parsed.error, raw) };
    const item = parsed.data;

    const own = principal.kind === 'department' ? principal.departmentCode : undefined;
    if (principal.kind === 'department' && item.departmentCode !== own) {
      return { ...base, status: 'forbidden', errors: [fieldError('departmentCode', 'other_department', `your key belongs to department ${own}; it can write only that department's items`, `您的密钥属于部门 ${own}，只能写入本部门的事项`)] };
    }
    if (!(await stores.departments.get(item.departmentCode))) {
      return { ...base, status: 'rejected', errors: [fieldError('departmentCode', 'unknown_department', `department ${item.departmentCode} does not exist; an administrator must create it first`, `部门 ${item.departmentCode} 不存在，请管理员先创建`)] };
    }
    const versions = await stores.catalog.versions(item.itemCode);
    const owner = versions[0]?.departmentCode;
    if (owner && owner !== item.departmentCode) {
      return { ...base, status: 'forbidden', errors: [fieldError('itemCode', 'item_of_other_department', `item ${item.itemCode} belongs to department ${owner}`, `事项 ${item.itemCode} 属于部门 ${owner}`)] };
    }

    const hash = sha256(canonicalJson(item));
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await stores.catalog.getVersion(item.itemCode, item.effectiveFrom);
      if (current?.hash === hash) return { ...base, status: 'duplicate' };
      const version: StoredItemVersion = { ...item, hash, revision: (current?.revision ?? 0) + 1, updatedAt: now().toISOString() };
      if (await stores.catalog.putVersion(version, current?.revision ?? 0)) {
        await stores.settings.bump(CATALOG_GENERATION);
        if (principal.kind === 'user') {
          await stores.audit.append({ at: now().toISOString(), actor: actorName(principal), action: 'catalog.put', target: `${item.itemCode}@${item.effectiveFrom}`, details: { departmentCode: item.departmentCode, revision: version.revision } });
        }
        return { ...base, status: current ? 'updated' : 'accepted' };
      }
    }
    throw new Error(`catalog item ${item.itemCode} kept changing under concurrent writes`);
  }

  return {
    async putItems(principal: Principal, raws: unknown[]): Promise<ItemResult[]> {
      if (principal.kind === 'user' && principal.role !== 'administrator') {
        throw errors.forbidden('only department keys and administrators write the catalog', '只有部门密钥和管理员可以写入事项目录');
      }
      const out: ItemResult[] = [];
      for (const raw of raws) out.push(await putOne(principal, raw)); // in order: later rows may replace earlier ones
      return out;
    },

    /** Every version of one item, oldest first, when the caller may see its department. */
    async itemVersions(principal: Principal, itemCode: string): Promise<StoredItemVersion[]> {
      const versions = await stores.catalog.versions(itemCode);
      const owner = versions[0]?.departmentCode;
      if (!owner) throw errors.notFound(`no item ${itemCode} in the catalog`, `目录中没有事项 ${itemCode}`);
      assertDepartmentVisible(principal, owner);
      return versions;
    },

    async listDepartment(principal: Principal, departmentCode: string) {
      assertDepartmentVisible(principal, departmentCode);
      return stores.catalog.listDepartment(departmentCode);
    },
  };
}
export type CatalogService = ReturnType<typeof createCatalogService>;
