// Sign-in and bodies that cannot take the server down: body limits on every route, throttling
// with backoff per username and per client, a lockout an administrator lifts (audited), the same
// answer for unknown users, and sessions that end when the password changes or the user is disabled.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { item } from '../support/builders.js';

let clock = new Date('2024-06-03T02:00:00Z');
let h: Harness;
const login = (username: string, password: string, client = '198.51.100.1') =>
  h.call('POST', '/v1/auth/login', undefined, { username, password }, { 'x-forwarded-for': client });
const mkUser = (username: string, password = `${username}-password`) =>
  h.call('POST', '/v1/admin/users', ADMIN_TOKEN, { username, displayName: username, role: 'supervisor', scope: { kind: 'all' }, password });
const advance = (s: number) => {
  clock = new Date(clock.getTime() + s * 1000);
};

beforeAll(async () => {
  h = await createHarness({ now: () => clock });
}, 60_000);
afterAll(async () => {
  await h.stopStream();
});

describe('body limits', () => {
  it('refuses oversized bodies on every route, before reading them, with 413', async () => {
    const d = await h.department('D-BL');
    const big = (n: number) => JSON.stringify({ pad: 'x'.repeat(n) });
    expect((await h.call('POST', '/v1/auth/login', undefined, big(5 * 1024))).status).toBe(413);
    expect(
      (await h.call('PUT', '/v1/catalog/items/I-BIG', d.key, { ...item('D-BL', { itemCode: 'I-BIG' }), name: 'x'.repeat(300 * 1024) }))
        .status,
    ).toBe(413);
    expect((await h.call('POST', '/v1/admin/departments', ADMIN_TOKEN, big(100 * 1024))).status).toBe(413);
    expect((await h.call('PATCH', '/v1/admin/users/nobody', ADMIN_TOKEN, big(100 * 1024))).status).toBe(413);
    expect((await h.call('POST', '/v1/reports', ADMIN_TOKEN, big(100 * 1024))).status).toBe(413);
    expect((await h.call('POST', '/v1/events', d.key, big(1024 * 1024 + 10))).status).toBe(413);
    const r = await h.call('POST', '/v1/auth/login', undefined, big(5 * 1024));
    expect(r.body.error).toMatchObject({ code: 'payload_too_large' });
    expect(r.body.error.messageZh).toContain('4 KB');
    // Within the limits, the same routes work.
    expect((await h.call('PUT', '/v1/catalog/items/I-OK', d.key, item('D-BL', { itemCode: 'I-OK' }))).status).toBe(200);
  });
});

describe('aborted uploads', () => {
  it('an upload the client aborts is answered quietly: no stack trace, no 500', async () => {
    const d = await h.department('D-AB');
    const abort = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(ctrl) {
        ctrl.enqueue(new TextEncoder().encode('itemCode,name\nA,'));
      },
      pull(ctrl) {
        abort.abort();
        ctrl.error(new Error('socket hang up'));
      },
    });
    const errors = vi.spyOn(console, 'error');
    const warns = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const res = await h.app.request('/v1/catalog/import', {
        method: 'POST',
        body,
        duplex: 'half',
        signal: abort.signal,
        headers: { authorization: `Bearer ${d.key}`, 'content-type': 'text/csv' },
      } as RequestInit);
      expect(res.status).toBe(400);
      expect(errors).not.toHaveBeenCalled();
      expect(warns).toHaveBeenCalledWith('request aborted by the client: POST /v1/catalog/import');
    } finally {
      errors.mockRestore();
      warns.mockRestore();
    }
  });
});

describe('sign-in throttling and lockout', () => {
  it('answers an unknown user exactly like a wrong password', async () => {
    await mkUser('known');
    const a = await login('known', 'wrong-password', '203.0.113.9');
    const b = await login('nobody-at-all', 'wrong-password', '203.0.113.9');
    expect(a.status).toBe(401);
    expect(b).toEqual(a);
  });

  it('slows a username down after 3 failures, doubling the wait, and locks it after 10 until an administrator unlocks it', async () => {
    await mkUser('target');
    for (let i = 0; i < 3; i++) expect((await login('target', 'nope-nope')).status).toBe(401);
    const slowed = await login('target', 'target-password');
    expect(slowed.status).toBe(429); // even the right password waits
    expect(slowed.body.error.code).toBe('too_many_requests');
    let wait = 1;
    for (let i = 3; i < 10; i++) {
      advance(wait);
      expect((await login('target', 'nope-nope')).status, `failure ${i + 1}`).toBe(401);
      wait *= 2;
    }
    advance(wait);
    const locked = await login('target', 'target-password');
    expect(locked.status).toBe(423);
    expect(locked.body.error.code).toBe('locked');
    advance(3600);
    expect((await login('target', 'target-password')).status).toBe(423); // waiting does not lift it
    const users = (await h.call('GET', '/v1/admin/users', ADMIN_TOKEN)).body.users;
    expect(users.find((u: any) => u.username === 'target')).toMatchObject({ locked: true });
    const unlocked = await h.call('POST', '/v1/admin/users/target/unlock', ADMIN_TOKEN);
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.locked).toBe(false);
    expect((await login('target', 'target-password')).status).toBe(200);
    const audit = (await h.call('GET', '/v1/admin/audit?month=2024-06', ADMIN_TOKEN)).body.entries.map(
      (e: any) => `${e.action} ${e.target}`,
    );
    expect(audit).toEqual(expect.arrayContaining(['user.lock target', 'user.unlock target']));
    expect((await h.call('POST', '/v1/admin/users/target/unlock', (await login('target', 'target-password')).body.token)).status).toBe(403);
  });

  it('slows a client down after 20 failures over any usernames', async () => {
    const client = '192.0.2.77';
    for (let i = 0; i < 20; i++) expect((await login(`probe-${i}`, 'nope-nope', client)).status).toBe(401);
    expect((await login('probe-new', 'nope-nope', client)).status).toBe(429);
    await mkUser('bystander');
    expect((await login('bystander', 'bystander-password', '192.0.2.78')).status).toBe(200); // another client is not slowed
  });
});

describe('sessions', () => {
  it('a password change ends the sessions made before it', async () => {
    await mkUser('changer');
    const old = (await login('changer', 'changer-password', '10.0.0.1')).body.token;
    expect((await h.call('GET', '/v1/me', old)).status).toBe(200);
    expect((await h.call('PATCH', '/v1/admin/users/changer', ADMIN_TOKEN, { password: 'a-new-password' })).status).toBe(200);
    expect((await h.call('GET', '/v1/me', old)).status).toBe(401);
    const fresh = (await login('changer', 'a-new-password', '10.0.0.1')).body.token;
    expect((await h.call('GET', '/v1/me', fresh)).status).toBe(200);
  });

  it('disabling a user ends its sessions for good, also after it is enabled again', async () => {
    await mkUser('leaver');
    const old = (await login('leaver', 'leaver-password', '10.0.0.2')).body.token;
    await h.call('PATCH', '/v1/admin/users/leaver', ADMIN_TOKEN, { disabled: true });
    await h.call('PATCH', '/v1/admin/users/leaver', ADMIN_TOKEN, { disabled: false });
    expect((await h.call('GET', '/v1/me', old)).status).toBe(401);
    expect((await login('leaver', 'leaver-password', '10.0.0.2')).status).toBe(200);
  });
});
