// Administration through the API: departments, keys (shown once, hashed, rotated, revoked),
// users with role and scope, sign-in, and the audit log.
import { beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { item, rec } from '../support/builders.js';

let clock = new Date('2024-06-01T00:00:00Z');
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ now: () => clock });
});

describe('departments and keys', () => {
  it('creates a department once and refuses a second one with 409', async () => {
    const body = { code: 'D-SPJ', name: '淄博市行政审批服务局', regionCode: '370300000000' };
    expect((await h.call('POST', '/v1/admin/departments', ADMIN_TOKEN, body)).status).toBe(201);
    const again = await h.call('POST', '/v1/admin/departments', ADMIN_TOKEN, body);
    expect(again.status).toBe(409);
    expect(again.body.error.messageZh).toContain('已存在');
    const list = await h.call('GET', '/v1/admin/departments', ADMIN_TOKEN);
    expect(list.body.departments.map((x: any) => x.code)).toContain('D-SPJ');
  });

  it('validates department input with field paths', async () => {
    const r = await h.call('POST', '/v1/admin/departments', ADMIN_TOKEN, { code: 'bad code!', name: '', regionCode: '37', extra: 1 });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((e: any) => e.path).sort()).toEqual(['code', 'extra', 'name', 'regionCode']);
  });

  it('shows a key once and stores only its hash', async () => {
    const k = await h.call('POST', '/v1/admin/departments/D-SPJ/keys', ADMIN_TOKEN, { label: '审批系统' });
    expect(k.status).toBe(201);
    expect(k.body.key).toMatch(/^spk_/);
    const listed = await h.call('GET', '/v1/admin/departments/D-SPJ/keys', ADMIN_TOKEN);
    expect(JSON.stringify(listed.body)).not.toContain(k.body.key);
    expect(listed.body.keys[0]).toMatchObject({ keyId: k.body.keyId, status: 'active', label: '审批系统' });
    const scan = await h.db.doc.send(new ScanCommand({ TableName: h.db.tableName }));
    expect(JSON.stringify(scan.Items)).not.toContain(k.body.key);
  });

  it('rotates with an overlap: both keys work until the overlap ends, then only the new one', async () => {
    const old = await h.call('POST', '/v1/admin/departments/D-SPJ/keys', ADMIN_TOKEN, {});
    const rot = await h.call('POST', `/v1/admin/departments/D-SPJ/keys/${old.body.keyId}/rotate`, ADMIN_TOKEN, { overlapHours: 2 });
    expect(rot.status).toBe(201);
    expect(rot.body.replaces).toBe(old.body.keyId);
    const post = (key: string) => h.call('POST', '/v1/events', key, { records: [] });
    expect((await post(old.body.key)).status).toBe(200);
    expect((await post(rot.body.key)).status).toBe(200);
    clock = new Date(clock.getTime() + 2 * 3600_000 + 1000);
    expect((await post(old.body.key)).status).toBe(401);
    expect((await post(rot.body.key)).status).toBe(200);
    const keys = (await h.call('GET', '/v1/admin/departments/D-SPJ/keys', ADMIN_TOKEN)).body.keys;
    expect(keys.find((x: any) => x.keyId === old.body.keyId).status).toBe('expired');
  });

  it("a key writes only its own department: another department's catalog item gets 403", async () => {
    const a = await h.department('D-A');
    const b = await h.department('D-B');
    expect((await h.call('PUT', '/v1/catalog/items/ITEM-A', a.key, item('D-A', { itemCode: 'ITEM-A' }))).status).toBe(200);
    const foreignBody = await h.call('PUT', '/v1/catalog/items/ITEM-X', a.key, item('D-B', { itemCode: 'ITEM-X' }));
    expect(foreignBody.status).toBe(403);
    const takeover = await h.call(
      'PUT',
      '/v1/catalog/items/ITEM-A',
      b.key,
      item('D-B', { itemCode: 'ITEM-A', effectiveFrom: '2025-01-01' }),
    );
    expect(takeover.status).toBe(403);
    expect(takeover.body.error.details[0].path).toBe('itemCode');
  });

  it('refuses admin actions to a department key and to a non-administrator', async () => {
    const a = await h.department('D-C');
    expect((await h.call('POST', '/v1/admin/departments', a.key, { code: 'X', name: 'x', regionCode: '370300000000' })).status).toBe(403);
  });
});

describe('users, sign-in and scope', () => {
  it('creates users, signs them in, and keeps a department user inside its department', async () => {
    await h.department('D-GAJ', '淄博市公安局');
    await h.department('D-MZJ', '淄博市民政局');
    const mk = await h.call('POST', '/v1/admin/users', ADMIN_TOKEN, {
      username: 'gaj.viewer',
      displayName: '公安督查',
      role: 'supervisor',
      scope: { kind: 'department', departmentCode: 'D-GAJ' },
      password: 'correct horse battery',
    });
    expect(mk.status).toBe(201);
    expect(JSON.stringify(mk.body)).not.toContain('correct horse');
    const bad = await h.call('POST', '/v1/auth/login', undefined, { username: 'gaj.viewer', password: 'wrong password!' });
    expect(bad.status).toBe(401);
    const login = await h.call('POST', '/v1/auth/login', undefined, { username: 'gaj.viewer', password: 'correct horse battery' });
    expect(login.status).toBe(200);
    const token = login.body.token;
    const me = await h.call('GET', '/v1/me', token);
    expect(me.body).toMatchObject({ kind: 'user', role: 'supervisor', scope: { kind: 'department', departmentCode: 'D-GAJ' } });
    const depts = await h.call('GET', '/v1/admin/departments', token);
    expect(depts.body.departments.map((x: any) => x.code)).toEqual(['D-GAJ']);
    expect((await h.call('GET', '/v1/catalog/items?department=D-MZJ', token)).status).toBe(403);
    expect((await h.call('GET', '/v1/catalog/items?department=D-GAJ', token)).status).toBe(200);
    expect(
      (
        await h.call('POST', '/v1/admin/users', token, {
          username: 'x1',
          displayName: 'x',
          role: 'administrator',
          scope: { kind: 'all' },
          password: '0123456789',
        })
      ).status,
    ).toBe(403);
    await h.call('POST', '/v1/auth/logout', token);
    expect((await h.call('GET', '/v1/me', token)).status).toBe(401);
  });

  it('a disabled user can no longer sign in or use a session', async () => {
    await h.call('POST', '/v1/admin/users', ADMIN_TOKEN, {
      username: 'leader',
      displayName: '局长',
      role: 'leadership',
      scope: { kind: 'all' },
      password: 'leadership-pass',
    });
    const login = await h.call('POST', '/v1/auth/login', undefined, { username: 'leader', password: 'leadership-pass' });
    expect((await h.call('GET', '/v1/me', login.body.token)).status).toBe(200);
    expect((await h.call('PATCH', '/v1/admin/users/leader', ADMIN_TOKEN, { disabled: true })).body.disabled).toBe(true);
    expect((await h.call('GET', '/v1/me', login.body.token)).status).toBe(401);
    expect((await h.call('POST', '/v1/auth/login', undefined, { username: 'leader', password: 'leadership-pass' })).status).toBe(401);
  });

  it("a department user cannot read another department's records", async () => {
    const g = await h.department('D-GA2');
    await h.call('POST', '/v1/events', g.key, { records: [rec.withdrawn('w-1', 'c-1')] });
    await h.call('POST', '/v1/admin/users', ADMIN_TOKEN, {
      username: 'other',
      displayName: '其他',
      role: 'supervisor',
      scope: { kind: 'department', departmentCode: 'D-GAJ' },
      password: 'other-password',
    });
    const token = (await h.call('POST', '/v1/auth/login', undefined, { username: 'other', password: 'other-password' })).body.token;
    expect((await h.call('GET', '/v1/records/D-GA2/w-1', token)).status).toBe(403);
    expect((await h.call('GET', '/v1/records/D-GA2/w-1', ADMIN_TOKEN)).status).toBe(200);
    expect((await h.call('GET', '/v1/records/D-GA2/w-1', g.key)).status).toBe(200);
  });
});

describe('audit log', () => {
  it('records who did what and when for every admin action', async () => {
    const month = clock.toISOString().slice(0, 7);
    const log = await h.call('GET', `/v1/admin/audit?month=${month}`, ADMIN_TOKEN);
    expect(log.status).toBe(200);
    const actions = new Set(log.body.entries.map((e: any) => e.action));
    for (const a of ['department.create', 'key.create', 'key.rotate', 'user.create', 'user.update']) {
      expect(actions).toContain(a);
    }
    const entry = log.body.entries.find((e: any) => e.action === 'user.create');
    expect(entry).toMatchObject({ actor: 'admin-token', target: expect.any(String), at: expect.stringMatching(/^\d{4}-/) });
    expect(JSON.stringify(log.body)).not.toMatch(/password"\s*:\s*"/);
  });
});
