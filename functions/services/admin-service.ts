// Administration (管理): departments and dashboard users. Every change is written to the audit log.
import type { DepartmentInput, UserInput, UserPatch } from '../../shared/contract/admin.js';
import { maskPersonalData } from '../../shared/contract/pii.js';
import { errors } from '../errors.js';
import type { Stores } from '../store/index.js';
import type { AuthService } from './auth-service.js';
import { hashPasswordAsync } from './hashing.js';
import type { Principal } from './principal.js';
import { publicUser } from './views.js';
import { assertAdministrator } from './access-policy.js';
import { BUILT_IN_REGIONS, type Region } from '../../shared/built-in-regions.js';

export { assertAdministrator } from './access-policy.js';

export function createAdminService(
  stores: Stores,
  auth: AuthService,
  now: () => Date,
  regions: () => Promise<readonly Region[]> = async () => BUILT_IN_REGIONS,
) {
  /** A department's region or a user's region scope must be a division (or zone) of the city. */
  async function assertKnownRegion(code: string, path: string) {
    if (!(await regions()).some((r) => r.code === code)) {
      throw errors.badRequest(`${code} is not a district, township or zone of the city`, `${code} 不是本市的区县、乡镇街道或功能区`, [
        {
          path,
          code: 'unknown_region',
          message: 'not a division of the city (see GET /v1/regions)',
          messageZh: '不是本市行政区划（见 GET /v1/regions）',
        },
      ]);
    }
  }
  return {
    async createDepartment(actor: Principal, input: DepartmentInput) {
      assertAdministrator(actor);
      await assertKnownRegion(input.regionCode, 'regionCode');
      const dept = { ...input, name: maskPersonalData(input.name), createdAt: now().toISOString() };
      if (!(await stores.departments.create(dept))) {
        throw errors.conflict(`department ${input.code} already exists`, `部门 ${input.code} 已存在`);
      }
      await auth.audit(actor, 'department.create', input.code, { name: input.name, regionCode: input.regionCode });
      return dept;
    },

    async updateDepartment(actor: Principal, code: string, input: Omit<DepartmentInput, 'code'>) {
      assertAdministrator(actor);
      const old = await stores.departments.get(code);
      if (!old) throw errors.notFound(`department ${code} does not exist`, `部门 ${code} 不存在`);
      if (input.regionCode !== old.regionCode) await assertKnownRegion(input.regionCode, 'regionCode');
      const dept = { ...old, ...input, name: maskPersonalData(input.name), code };
      await stores.departments.update(dept);
      await auth.audit(actor, 'department.update', code, {
        before: { name: old.name, regionCode: old.regionCode },
        after: { name: dept.name, regionCode: dept.regionCode },
      });
      return dept;
    },

    async listDepartments(actor: Principal) {
      if (actor.kind !== 'user') throw errors.forbidden('department keys cannot list departments', '部门密钥无权查看部门列表');
      const all = await stores.departments.list();
      if (actor.scope.kind === 'department') {
        const code = actor.scope.departmentCode;
        return all.filter((d) => d.code === code);
      }
      return all;
    },

    async createUser(actor: Principal, input: UserInput) {
      assertAdministrator(actor);
      if (input.scope.kind === 'region') await assertKnownRegion(input.scope.regionCode, 'scope.regionCode');
      if (input.scope.kind === 'department' && !(await stores.departments.get(input.scope.departmentCode))) {
        throw errors.badRequest(
          `scope names department ${input.scope.departmentCode}, which does not exist`,
          `权限范围中的部门 ${input.scope.departmentCode} 不存在`,
          [
            {
              path: 'scope.departmentCode',
              code: 'unknown_department',
              message: 'no such department; create it first',
              messageZh: '部门不存在，请先创建',
            },
          ],
        );
      }
      const rec = {
        username: input.username,
        displayName: maskPersonalData(input.displayName),
        role: input.role,
        scope: input.scope,
        passwordHash: await hashPasswordAsync(input.password),
        createdAt: now().toISOString(),
      };
      if (!(await stores.users.create(rec)))
        throw errors.conflict(`user ${input.username} already exists`, `用户 ${input.username} 已存在`);
      await auth.audit(actor, 'user.create', input.username, { role: input.role, scope: input.scope });
      return publicUser(rec);
    },

    async updateUser(actor: Principal, username: string, patch: UserPatch) {
      assertAdministrator(actor);
      const old = await stores.users.get(username);
      if (!old) throw errors.notFound(`user ${username} does not exist`, `用户 ${username} 不存在`);
      if (patch.scope?.kind === 'region') await assertKnownRegion(patch.scope.regionCode, 'scope.regionCode');
      await stores.users.update(username, {
        ...(patch.displayName ? { displayName: maskPersonalData(patch.displayName) } : {}),
        ...(patch.role ? { role: patch.role } : {}),
        ...(patch.scope ? { scope: patch.scope } : {}),
        ...(patch.password ? { passwordHash: await hashPasswordAsync(patch.password) } : {}),
        ...(patch.disabled === true ? { disabledAt: now().toISOString() } : {}),
        // A new password or a disabled user ends every session made before.
        ...(patch.password || patch.disabled === true ? { sessionGeneration: (old.sessionGeneration ?? 0) + 1 } : {}),
      });
      if (patch.disabled === false && old.disabledAt) await stores.users.update(username, { disabledAt: '' });
      const { password: _p, ...visible } = patch;
      await auth.audit(actor, 'user.update', username, { ...visible, ...(patch.password ? { passwordChanged: true } : {}) });
      const u = await stores.users.get(username);
      return publicUser({ ...u!, ...(u!.disabledAt === '' ? { disabledAt: undefined } : {}) });
    },

    async unlockUser(actor: Principal, username: string) {
      assertAdministrator(actor);
      return auth.unlock(actor, username);
    },

    async listUsers(actor: Principal) {
      assertAdministrator(actor);
      return (await stores.users.list()).map(publicUser);
    },

    async auditLog(actor: Principal, month: string) {
      assertAdministrator(actor);
      return stores.audit.month(month);
    },
  };
}
export type AdminService = ReturnType<typeof createAdminService>;
