// The service-item catalog (事项目录): validated versions, written by the owning department.
import { CatalogItem, type ItemResult } from '../../shared/contract/catalog.js';
import { fieldError, zodErrors } from '../../shared/contract/field-errors.js';
import type { Stores } from '../store/index.js';
import type { StoredItemVersion } from '../store/catalog-store.js';
import { canonicalJson, sha256 } from './hashing.js';
import { actorName, type Principal } from './principal.js';
import { maskPersonalData } from '../../shared/contract/pii.js';
import { errors } from '../errors.js';
import { assertDepartmentVisible } from './scope.js';
import { SETTINGS } from '../store/settings.js';

/** The version of an item in force on a date (kept in catalog-versions.ts, free of zod, for the aggregator). */
export { versionOn } from './catalog-versions.js';

/** Distinct items of one catalog call written at the same time (one item's rows stay in order). */
const WRITE_CONCURRENCY = 8;

interface CallContext {
  departmentExists(code: string): Promise<boolean>;
  /** The codes of the e-licence catalog (电子证照目录), read once per call when a material names one. */
  licenceCodes(): Promise<ReadonlySet<string>>;
  wrote: boolean;
}

export function createCatalogService(stores: Stores, now: () => Date) {
  /**
   * Validates and writes one version. `call` is shared by the rows of one call: the department
   * lookups (a list names the same department hundreds of times) and whether anything was written.
   */
  async function putOne(principal: Principal, raw: unknown, call: CallContext): Promise<ItemResult> {
    const rawObj = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const base = {
      itemCode: typeof rawObj.itemCode === 'string' ? rawObj.itemCode : null,
      effectiveFrom: typeof rawObj.effectiveFrom === 'string' ? rawObj.effectiveFrom : null,
    };
    const parsed = CatalogItem.safeParse(raw);
    if (!parsed.success) return { ...base, status: 'rejected', errors: zodErrors(parsed.error, raw) };
    // Names are free text where a person's name or number could appear: masked like records' free text.
    const item = {
      ...parsed.data,
      name: maskPersonalData(parsed.data.name),
      materials: parsed.data.materials.map((m) => ({ ...m, name: maskPersonalData(m.name) })),
    };

    const own = principal.kind === 'department' ? principal.departmentCode : undefined;
    if (principal.kind === 'department' && item.departmentCode !== own) {
      return {
        ...base,
        status: 'forbidden',
        errors: [
          fieldError(
            'departmentCode',
            'other_department',
            `your key belongs to department ${own}; it can write only that department's items`,
            `您的密钥属于部门 ${own}，只能写入本部门的事项`,
          ),
        ],
      };
    }
    if (!(await call.departmentExists(item.departmentCode))) {
      return {
        ...base,
        status: 'rejected',
        errors: [
          fieldError(
            'departmentCode',
            'unknown_department',
            `department ${item.departmentCode} does not exist; an administrator must create it first`,
            `部门 ${item.departmentCode} 不存在，请管理员先创建`,
          ),
        ],
      };
    }
    const named = item.materials.flatMap((m, i) => (m.licenceCode ? [{ i, code: m.licenceCode }] : []));
    if (named.length) {
      const known = await call.licenceCodes();
      const unknown = named.filter((n) => !known.has(n.code));
      // Refused like an unknown department: the figures per licence type need a name for every code.
      if (unknown.length) {
        return {
          ...base,
          status: 'rejected',
          errors: unknown.map((n) =>
            fieldError(
              `materials[${n.i}].licenceCode`,
              'unknown_licence',
              `licence type ${n.code} is not in the e-licence catalog (电子证照目录); use a code listed at GET /v1/licences, or ask an administrator to add it (系统管理 → 电子证照), or leave licenceCode empty`,
              `电子证照类型 ${n.code} 不在电子证照目录中：请使用 GET /v1/licences 列出的编码，或请管理员先在“系统管理 → 电子证照”中添加，或不填写证照类型编码`,
            ),
          ),
        };
      }
    }
    let versions = await stores.catalog.versions(item.itemCode);
    const owner = versions[0]?.departmentCode;
    if (owner && owner !== item.departmentCode) {
      return {
        ...base,
        status: 'forbidden',
        errors: [
          fieldError(
            'itemCode',
            'item_of_other_department',
            `item ${item.itemCode} belongs to department ${owner}`,
            `事项 ${item.itemCode} 属于部门 ${owner}`,
          ),
        ],
      };
    }

    const hash = sha256(canonicalJson(item));
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) versions = await stores.catalog.versions(item.itemCode); // someone wrote it meanwhile
      const current = versions.find((v) => v.effectiveFrom === item.effectiveFrom);
      if (current?.hash === hash) return { ...base, status: 'duplicate' };
      const version: StoredItemVersion = { ...item, hash, revision: (current?.revision ?? 0) + 1, updatedAt: now().toISOString() };
      if (await stores.catalog.putVersion(version, current?.revision ?? 0)) {
        call.wrote = true;
        if (principal.kind === 'user') {
          await stores.audit.append({
            at: now().toISOString(),
            actor: actorName(principal),
            action: 'catalog.put',
            target: `${item.itemCode}@${item.effectiveFrom}`,
            details: { departmentCode: item.departmentCode, revision: version.revision },
          });
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
      const known = new Map<string, Promise<boolean>>();
      let licences: Promise<ReadonlySet<string>> | undefined;
      const call: CallContext = {
        wrote: false,
        licenceCodes: () => (licences ??= stores.licences.list().then((ts) => new Set(ts.map((t) => t.code)))),
        departmentExists: (code) => {
          let p = known.get(code);
          if (!p) {
            p = stores.departments.get(code).then(Boolean);
            known.set(code, p);
          }
          return p;
        },
      };
      // Rows of the same item in order (a later row may replace an earlier one); items side by side.
      const byItem = new Map<unknown, number[]>();
      raws.forEach((raw, i) => {
        const code = raw && typeof raw === 'object' ? (raw as { itemCode?: unknown }).itemCode : undefined;
        const k = typeof code === 'string' ? code : Symbol('unnamed');
        const rows = byItem.get(k);
        if (rows) rows.push(i);
        else byItem.set(k, [i]);
      });
      const out: ItemResult[] = new Array(raws.length);
      const queue = [...byItem.values()];
      try {
        await Promise.all(
          Array.from({ length: Math.min(WRITE_CONCURRENCY, queue.length) }, async () => {
            for (let rows = queue.shift(); rows; rows = queue.shift()) {
              for (const i of rows) out[i] = await putOne(principal, raws[i], call);
            }
          }),
        );
      } finally {
        // One generation bump for the call (also when it failed part-way): cached catalog
        // snapshots reload on their next read.
        if (call.wrote) await stores.settings.bump(SETTINGS.catalogGeneration);
      }
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
