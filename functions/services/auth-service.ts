// Authentication (认证): API keys for departments, sessions for dashboard users, and the
// administrator bootstrap token. Also issues, rotates and revokes department keys.
import { timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.js';
import { AppError, errors } from '../errors.js';
import type { Stores } from '../store/index.js';
import type { ApiKeyRecord } from '../store/api-keys-store.js';
import { shanghaiDate } from '../../shared/calendar/index.js';
import { ADMIN_TOKEN_USER, actorName, type Principal } from './principal.js';
import { hashPassword, randomSecret, sha256, verifyPassword } from './hashing.js';
import type { PublicUser, UserRecordView } from './views.js';
import { publicKey, publicUser } from './views.js';

const KEY_PREFIX = 'spk_'; // department keys
const SESSION_PREFIX = 'sps_'; // user sessions

export function createAuthService(stores: Stores, config: Config, now: () => Date) {
  const adminHash = config.adminToken ? Buffer.from(sha256(config.adminToken), 'hex') : undefined;

  async function audit(actor: Principal, action: string, target: string, details?: Record<string, unknown>) {
    await stores.audit.append({ at: now().toISOString(), actor: actorName(actor), action, target, ...(details ? { details } : {}) });
  }

  function keyUsable(k: ApiKeyRecord, at: Date): boolean {
    if (k.revokedAt) return false;
    if (k.validUntil && Date.parse(k.validUntil) <= at.getTime()) return false;
    return true;
  }

  return {
    /** Resolves a bearer credential, or throws 401. */
    async authenticate(bearer: string | undefined): Promise<Principal> {
      if (!bearer) throw errors.unauthorized();
      const hash = sha256(bearer);
      if (adminHash && timingSafeEqual(adminHash, Buffer.from(hash, 'hex'))) {
        return { kind: 'user', username: ADMIN_TOKEN_USER, role: 'administrator', scope: { kind: 'all' } };
      }
      if (bearer.startsWith(KEY_PREFIX)) {
        const k = await stores.apiKeys.byHash(hash);
        const at = now();
        if (!k || !keyUsable(k, at)) throw errors.unauthorized();
        const day = shanghaiDate(at);
        if (k.lastUsedDay !== day) await stores.apiKeys.touch(hash, day);
        return { kind: 'department', departmentCode: k.departmentCode, keyId: k.keyId };
      }
      if (bearer.startsWith(SESSION_PREFIX)) {
        const s = await stores.sessions.get(hash);
        if (!s || s.expiresAt * 1000 <= now().getTime()) throw errors.unauthorized();
        const u = await stores.users.get(s.username);
        if (!u || u.disabledAt) throw errors.unauthorized();
        return { kind: 'user', username: u.username, role: u.role, scope: u.scope };
      }
      throw errors.unauthorized();
    },

    async login(username: string, password: string): Promise<{ token: string; expiresAt: string; user: PublicUser }> {
      const u = await stores.users.get(username);
      // Same answer for unknown user and wrong password, so names cannot be probed.
      if (!u || u.disabledAt || !verifyPassword(password, u.passwordHash)) {
        throw new AppError(401, 'unauthorized', 'wrong username or password', '用户名或密码错误');
      }
      const token = SESSION_PREFIX + randomSecret(32);
      const expires = new Date(now().getTime() + config.sessionHours * 3600_000);
      await stores.sessions.create(sha256(token), { username, createdAt: now().toISOString(), expiresAt: Math.floor(expires.getTime() / 1000) });
      return { token, expiresAt: expires.toISOString(), user: publicUser(u as UserRecordView) };
    },

    async logout(token: string): Promise<void> {
      await stores.sessions.delete(sha256(token));
    },

    async createKey(actor: Principal, departmentCode: string, label?: string) {
      if (!(await stores.departments.get(departmentCode))) throw errors.notFound(`department ${departmentCode} does not exist`, `部门 ${departmentCode} 不存在`);
      const key = KEY_PREFIX + randomSecret(30);
      const rec: ApiKeyRecord = {
        keyId: `k_${randomSecret(6)}`, hash: sha256(key), departmentCode, prefix: key.slice(0, 10),
        createdAt: now().toISOString(), createdBy: actorName(actor), ...(label ? { label } : {}),
      };
      await stores.apiKeys.create(rec);
      await audit(actor, 'key.create', `${departmentCode}/${rec.keyId}`, label ? { label } : undefined);
      return { ...publicKey(rec, now()), key };
    },

    async listKeys(departmentCode: string) {
      const at = now();
      return (await stores.apiKeys.listDepartment(departmentCode)).map((k) => publicKey(k, at)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },

    async findKey(departmentCode: string, keyId: string): Promise<ApiKeyRecord> {
      const k = (await stores.apiKeys.listDepartment(departmentCode)).find((x) => x.keyId === keyId);
      if (!k) throw errors.notFound(`key ${keyId} of department ${departmentCode} does not exist`, `部门 ${departmentCode} 没有密钥 ${keyId}`);
      return k;
    },

    /** A new key; the old one keeps working for the overlap, then stops (密钥轮换). */
    async rotateKey(actor: Principal, departmentCode: string, keyId: string, overlapHours?: number, label?: string) {
      const old = await this.findKey(departmentCode, keyId);
      if (old.revokedAt) throw errors.conflict(`key ${keyId} is revoked; create a new key instead`, `密钥 ${keyId} 已吊销，请新建密钥`);
      const hours = overlapHours ?? config.keyRotationOverlapHours;
      const until = new Date(now().getTime() + hours * 3600_000).toISOString();
      const fresh = await this.createKey(actor, departmentCode, label ?? old.label);
      if (!old.validUntil || old.validUntil > until) await stores.apiKeys.setValidUntil(old.hash, until);
      await audit(actor, 'key.rotate', `${departmentCode}/${keyId}`, { newKeyId: fresh.keyId, oldValidUntil: until });
      return { ...fresh, replaces: keyId, oldKeyValidUntil: until };
    },

    async revokeKey(actor: Principal, departmentCode: string, keyId: string) {
      const k = await this.findKey(departmentCode, keyId);
      await stores.apiKeys.revoke(k.hash, now().toISOString());
      await audit(actor, 'key.revoke', `${departmentCode}/${keyId}`);
      return publicKey({ ...k, revokedAt: k.revokedAt ?? now().toISOString() }, now());
    },

    hashPassword,
    audit,
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
