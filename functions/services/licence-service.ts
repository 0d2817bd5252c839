// The e-licence catalog (电子证照目录): licence types kept by the administrator (put or imported,
// each change audited), readable by every signed-in caller and department key — it is reference
// data, like the division table; the figures about it are scoped like every figure.
import { LicenceType, MAX_LICENCES_PER_BATCH, type LicenceResult } from '../../shared/contract/licences.js';
import { fieldError, zodErrors } from '../../shared/contract/field-errors.js';
import { maskPersonalData } from '../../shared/contract/pii.js';
import { errors } from '../errors.js';
import type { Stores } from '../store/index.js';
import type { StoredLicenceType } from '../store/licences-store.js';
import { assertAdministrator } from './access-policy.js';
import { actorName, type Principal } from './principal.js';

export function createLicenceService(stores: Stores, now: () => Date) {
  return {
    /** Every licence type, by code. */
    async list(): Promise<StoredLicenceType[]> {
      return (await stores.licences.list()).sort((a, b) => a.code.localeCompare(b.code));
    },

    /** Validates and stores licence types in order (a later row of the same code wins); one result each. */
    async put(principal: Principal, raws: unknown[]): Promise<LicenceResult[]> {
      assertAdministrator(principal);
      if (raws.length > MAX_LICENCES_PER_BATCH)
        throw errors.badRequest(
          `at most ${MAX_LICENCES_PER_BATCH} licence types per call`,
          `每次最多 ${MAX_LICENCES_PER_BATCH} 个证照类型`,
        );
      let stored = new Map((await stores.licences.list()).map((t) => [t.code, t]));
      const seen = new Map<string, number>();
      const out: LicenceResult[] = new Array(raws.length);
      const toWrite: Array<{ i: number; t: LicenceType }> = [];
      for (const [i, raw] of raws.entries()) {
        const code =
          raw && typeof raw === 'object' && typeof (raw as { code?: unknown }).code === 'string' ? (raw as { code: string }).code : null;
        const parsed = LicenceType.safeParse(raw);
        if (!parsed.success) {
          out[i] = { code, status: 'rejected', errors: zodErrors(parsed.error, raw) };
          continue;
        }
        const t = { ...parsed.data, name: maskPersonalData(parsed.data.name) };
        const twice = seen.get(t.code);
        if (twice !== undefined) {
          out[i] = {
            code,
            status: 'rejected',
            errors: [
              fieldError(
                'code',
                'licence_twice',
                `licence type ${t.code} is also on entry ${twice + 1} of this list; keep one`,
                `证照类型编码 ${t.code} 与本次第 ${twice + 1} 条重复，请只保留一条`,
              ),
            ],
          };
          continue;
        }
        seen.set(t.code, i);
        toWrite.push({ i, t });
      }
      // Distinct codes, so written side by side (a few at a time); each one conditional on its revision.
      const writeOne = async ({ i, t }: { i: number; t: LicenceType }) => {
        for (let attempt = 0; attempt < 3; attempt++) {
          if (attempt > 0) stored = new Map((await stores.licences.list()).map((x) => [x.code, x]));
          const cur = stored.get(t.code);
          if (cur && cur.name === t.name && cur.issuer === t.issuer) {
            out[i] = { code: t.code, status: 'duplicate' };
            return;
          }
          const next: StoredLicenceType = { ...t, revision: (cur?.revision ?? 0) + 1, updatedAt: now().toISOString() };
          if (await stores.licences.put(next, cur?.revision ?? 0)) {
            await stores.audit.append({
              at: now().toISOString(),
              actor: actorName(principal),
              action: 'licence.put',
              target: t.code,
              details: { name: t.name, revision: next.revision, ...(cur ? { previousName: cur.name } : {}) },
            });
            out[i] = { code: t.code, status: cur ? 'updated' : 'accepted' };
            return;
          }
        }
        throw new Error(`licence type ${t.code} kept changing under concurrent writes`);
      };
      const queue = [...toWrite];
      await Promise.all(
        Array.from({ length: Math.min(8, queue.length) }, async () => {
          for (let w = queue.shift(); w; w = queue.shift()) await writeOne(w);
        }),
      );
      return out;
    },
  };
}
export type LicenceService = ReturnType<typeof createLicenceService>;
