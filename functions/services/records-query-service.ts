// Reading stored records back: one record, or the timeline of one case, within the caller's scope.
import { errors } from '../errors.js';
import type { Stores } from '../store/index.js';
import type { StoredRecord } from '../store/records-store.js';
import type { Principal } from './principal.js';
import { assertDepartmentVisible, assertRegionVisible } from './scope.js';

export function publicRecord(r: StoredRecord) {
  return {
    id: r.id, type: r.type, at: r.at, ...r.body, receivedAt: r.receivedAt,
    ...(r.unknownItem ? { unknownItem: true as const } : {}),
    ...(r.voidedBy ? { voidedBy: r.voidedBy, voidedAt: r.voidedAt } : {}),
  };
}

export function createRecordsQueryService(stores: Stores) {
  return {
    async record(p: Principal, dept: string, id: string) {
      assertDepartmentVisible(p, dept);
      const r = await stores.records.get(dept, id);
      if (!r) throw errors.notFound(`no record ${id} of department ${dept}`, `部门 ${dept} 没有记录 ${id}`);
      assertRegionVisible(p, r.body.regionCode as string | undefined);
      return publicRecord(r);
    },
  };
}
