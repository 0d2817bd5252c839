// Authentication (认证): API keys for departments, sessions for dashboard users, and the
// administrator bootstrap token. Also issues, rotates and revokes department keys.
import { timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.js';
import { AppError, errors } from '../errors.js';
import type { Stores } from '../store/index.js';
import type { ApiKeyRecord } from '../store/api-keys-store.js';
import { shanghaiDate } from '../../shared/calendar/index.js';
import { maskPersonalData } from '../../shared/contract/pii.js';
import { ADMIN_TOKEN_USER, actorName, type Principal } from './principal.js';
import { dummyPasswordHash, hashPassword, PasswordHashingBusy, randomSecret, sha256, verifyPasswordAsync } from './hashing.js';
import { createLoginThrottle, LOCK_AFTER_FAILURES } from './login-throttle.js';
import type { PublicUser, UserRecordView } from './views.js';
import { publicKey, publicUser } from './views.js';

const KEY_PREFIX = 'spk_'; // department keys
const SESSION_PREFIX = 'sps_'; // user sessions

export function createAuthService(stores: Stores, config: Config, now: () => Date) {
  const throttle = createLoginThrottle();
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
        if ((s.generation ?? 0) !== (u.sessionGeneration ?? 0)) throw errors.unauthorized(); // password changed or user disabled since
        return { kind: 'user', username: u.username, role: u.role, scope: u.scope };
      }
      throw errors.unauthorized();
    },

    /**
     * Sign-in (登录). Unknown usernames cost the same scrypt work as real ones and answer the same;
     * failures slow the username and the client down (login-throttle.ts), and LOCK_AFTER_FAILURES
     * consecutive failures lock the user until an administrator unlocks it.
     */
    async login(username: string, password: string, client = 'unknown'): Promise<{ token: string; expiresAt: string; user: PublicUser }> {
      const nowMs = now().getTime();
      const wait = throttle.retryAfterMs(username, client, nowMs);
      if (wait > 0) {
        const s = Math.ceil(wait / 1000);
        throw new AppError(
          429,
          'too_many_requests',
          `too many failed sign-ins: try again in ${s} s`,
          `登录失败次数过多，请 ${s} 秒后再试`,
          undefined,
          s,
        );
      }
      const u = await stores.users.get(username);
      let ok: boolean;
      try {
        ok = await verifyPasswordAsync(password, u?.passwordHash ?? (await dummyPasswordHash()));
      } catch (e) {
        if (e instanceof PasswordHashingBusy)
          throw new AppError(
            429,
            'too_many_requests',
            'too many sign-ins at once: try again in a few seconds',
            '同时登录的请求过多，请稍后再试',
            undefined,
            5,
          );
        throw e;
      }
      const locked = () =>
        new AppError(
          423,
          'locked',
          'this account is locked after too many failed sign-ins: ask an administrator to unlock it',
          '登录失败次数过多，账号已锁定，请联系管理员解锁',
        );
      if (u?.lockedAt || throttle.failures(username) >= LOCK_AFTER_FAILURES) throw locked();
      if (!u || u.disabledAt || !ok) {
        const n = throttle.failed(username, client, nowMs);
        if (u && !u.disabledAt) {
          const lock = n >= LOCK_AFTER_FAILURES;
          await stores.users.update(username, { failedLogins: n, ...(lock ? { lockedAt: new Date(nowMs).toISOString() } : {}) });
          if (lock)
            await stores.audit.append({
              at: new Date(nowMs).toISOString(),
              actor: 'system',
              action: 'user.lock',
              target: username,
              details: { failedLogins: n },
            });
        }
        // Same answer for unknown user and wrong password, so names cannot be probed.
        throw new AppError(401, 'unauthorized', 'wrong username or password', '用户名或密码错误');
      }
      throttle.succeeded(username);
      if (u.failedLogins) await stores.users.update(username, { failedLogins: 0 });
      const token = SESSION_PREFIX + randomSecret(32);
      const expires = new Date(now().getTime() + config.sessionHours * 3600_000);
      await stores.sessions.create(sha256(token), {
        username,
        createdAt: now().toISOString(),
        expiresAt: Math.floor(expires.getTime() / 1000),
        ...(u.sessionGeneration ? { generation: u.sessionGeneration } : {}),
      });
      return { token, expiresAt: expires.toISOString(), user: publicUser(u as UserRecordView) };
    },

    /** An administrator lifts a lockout (audited). */
    async unlock(actor: Principal, username: string) {
      const u = await stores.users.get(username);
      if (!u) throw errors.notFound(`user ${username} does not exist`, `用户 ${username} 不存在`);
      throttle.clear(username);
      await stores.users.update(username, { failedLogins: 0, lockedAt: '' });
      await audit(actor, 'user.unlock', username, { wasLocked: Boolean(u.lockedAt), failedLogins: u.failedLogins ?? 0 });
      return publicUser({ ...u, failedLogins: 0, lockedAt: '' });
    },

    async logout(token: string): Promise<void> {
      await stores.sessions.delete(sha256(token));
    },

    async createKey(actor: Principal, departmentCode: string, rawLabel?: string) {
      const label = rawLabel === undefined ? undefined : maskPersonalData(rawLabel);
      if (!(await stores.departments.get(departmentCode)))
        throw errors.notFound(`department ${departmentCode} does not exist`, `部门 ${departmentCode} 不存在`);
      const key = KEY_PREFIX + randomSecret(30);
      const rec: ApiKeyRecord = {
        keyId: `k_${randomSecret(6)}`,
        hash: sha256(key),
        departmentCode,
        prefix: key.slice(0, 10),
        createdAt: now().toISOString(),
        createdBy: actorName(actor),
        ...(label ? { label } : {}),
      };
      await stores.apiKeys.create(rec);
      await audit(actor, 'key.create', `${departmentCode}/${rec.keyId}`, label ? { label } : undefined);
      return { ...publicKey(rec, now()), key };
    },

    async listKeys(departmentCode: string) {
      const at = now();
      return (await stores.apiKeys.listDepartment(departmentCode))
        .map((k) => publicKey(k, at))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },

    async findKey(departmentCode: string, keyId: string): Promise<ApiKeyRecord> {
      const k = (await stores.apiKeys.listDepartment(departmentCode)).find((x) => x.keyId === keyId);
      if (!k)
        throw errors.notFound(`key ${keyId} of department ${departmentCode} does not exist`, `部门 ${departmentCode} 没有密钥 ${keyId}`);
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
