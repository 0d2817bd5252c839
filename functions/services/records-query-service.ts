// Reading stored records back: one record, or the timeline of one case, within the caller's scope.
import { errors } from '../errors.js';
import type { Stores } from '../store/index.js';
import type { StoredRecord } from '../store/records-store.js';
import type { StoredRecordView } from '../../shared/contract/feedback.js';
import type { RecordType } from '../../shared/contract/records.js';
import type { Principal } from './principal.js';
import { assertDepartmentVisible, assertRegionVisible } from './scope.js';

/** A stored record as the API shows it (its type was checked when it was accepted). */
export function publicRecord(r: StoredRecord): StoredRecordView {
  return {
    ...r.body,
    id: r.id,
    type: r.type as RecordType,
    at: r.at,
    receivedAt: r.receivedAt,
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
