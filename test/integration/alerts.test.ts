// Alerts and subscriptions (预警与订阅), as a department and a supervisor notice them: cases cross
// their deadline as the test moves the clock (no sleeping for days) → one 钉钉 robot message and
// one signed JSON message per department and rule, and one inbox notice; evaluating again, or
// after a restart, sends nothing twice; a receiver answering 500 is retried on a later run and
// the delivery log shows both attempts; each department sees only its own notices; webhook
// addresses and secrets never come back from the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../functions/config.js';
import { createServices } from '../../functions/runtime/services.js';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { item, rec } from '../support/builders.js';

interface Received {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  raw: string;
  body: any;
}

/** A real HTTP receiver on 127.0.0.1: records every request; `failing` paths answer 500. */
async function startReceiver() {
  const received: Received[] = [];
  const failing = new Set<string>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      received.push({ path: url.pathname, query: url.searchParams, headers: req.headers, raw, body: JSON.parse(raw) });
      if (failing.has(url.pathname)) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('receiver down');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(url.pathname === '/ding' ? '{"errcode":0,"errmsg":"ok"}' : '{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    received,
    failing,
    at: (path: string) => received.filter((r) => r.path === path),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const DING_TOKEN = 'dingtoken0123456789abcdef';
const DING_SECRET = 'SECding-secret-for-tests-0001';
const HOOK_SECRET = 'hook-secret-for-tests-0002';

let h: Harness;
let rx: Awaited<ReturnType<typeof startReceiver>>;
// Monday 4 March 2024, 10:00 in Shanghai; cases accepted on Friday 1 March with a 5-working-day
// limit are due on Friday 8 March and red from Saturday 9 March.
let clock = new Date('2024-03-04T02:00:00Z');
let a: { code: string; key: string };
let b: { code: string; key: string };
let dingId: string;
let hookId: string;

async function post(key: string, records: unknown[]) {
  const r = await h.call('POST', '/v1/events', key, { records });
  expect(r.body.results.filter((x: any) => x.status !== 'accepted')).toEqual([]);
}
async function signIn(username: string, password: string) {
  const r = await h.call('POST', '/v1/auth/login', undefined, { username, password });
  expect(r.status).toBe(200);
  return r.body.token as string;
}
const warningNotices = (body: any) => body.notices.filter((n: any) => n.kind === 'warning_cards');

beforeAll(async () => {
  rx = await startReceiver();
  h = await createHarness({ now: () => clock, aggregate: true });
  a = await h.department('D-A', '淄博市甲局', '370300000000');
  b = await h.department('D-B', '淄川区乙局', '370302000000');
  expect(
    (await h.call('PUT', '/v1/catalog/items/ITEM-A', a.key, item(a.code, { itemCode: 'ITEM-A', effectiveFrom: '2023-01-01' }))).status,
  ).toBe(200);
  expect(
    (await h.call('PUT', '/v1/catalog/items/ITEM-B', b.key, item(b.code, { itemCode: 'ITEM-B', effectiveFrom: '2023-01-01' }))).status,
  ).toBe(200);
  const acc = { at: '2024-03-01T09:30:00+08:00' };
  await post(a.key, [
    rec.accepted('a1', 'A1', { ...acc, itemCode: 'ITEM-A' }),
    rec.accepted('a2', 'A2', { ...acc, itemCode: 'ITEM-A' }),
    rec.accepted('a3', 'A3', { ...acc, itemCode: 'ITEM-A' }),
    rec.completed('a3c', 'A3', { at: '2024-03-04T09:00:00+08:00' }), // completed on time: never red
  ]);
  await post(b.key, [rec.accepted('b1', 'B1', { ...acc, itemCode: 'ITEM-B', regionCode: '370302001000' })]);
  await h.settle();
  const user = await h.call('POST', '/v1/admin/users', ADMIN_TOKEN, {
    username: 'b.viewer',
    displayName: '乙局',
    role: 'supervisor',
    scope: { kind: 'department', departmentCode: 'D-B' },
    password: 'correct horse battery',
  });
  expect(user.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await h?.stopStream();
  await rx?.close();
});

describe('channels keep their secrets', () => {
  it('stores robot addresses and signing secrets encrypted and answers only secretSet and a masked address', async () => {
    const ding = await h.call('POST', '/v1/alerts/channels', ADMIN_TOKEN, {
      kind: 'dingtalk',
      name: '督查群机器人',
      url: `${rx.base}/ding?access_token=${DING_TOKEN}`,
      secret: DING_SECRET,
    });
    expect(ding.status).toBe(201);
    expect(ding.body).toMatchObject({ kind: 'dingtalk', secretSet: true, urlMasked: `${rx.base}/ding?***` });
    const hook = await h.call('POST', '/v1/alerts/channels', ADMIN_TOKEN, {
      kind: 'webhook',
      name: '工单系统',
      url: `${rx.base}/hook`,
      secret: HOOK_SECRET,
    });
    expect(hook.status).toBe(201);
    dingId = ding.body.id;
    hookId = hook.body.id;

    const list = await h.call('GET', '/v1/alerts/channels', ADMIN_TOKEN);
    expect(list.body.channels.map((c: any) => c.id).sort()).toEqual([dingId, hookId].sort());
    const month = clock.toISOString().slice(0, 7);
    const audit = await h.call('GET', `/v1/admin/audit?month=${month}`, ADMIN_TOKEN);
    expect(audit.body.entries.map((e: any) => e.action)).toContain('alert.channel.create');
    // Neither the API, nor the audit log, nor the stored item holds them in clear.
    const stored = await h.services.stores.alerts.channel(dingId);
    for (const text of [JSON.stringify(list.body), JSON.stringify(audit.body), JSON.stringify(ding.body), JSON.stringify(stored)]) {
      expect(text).not.toContain(DING_TOKEN);
      expect(text).not.toContain(DING_SECRET);
      expect(text).not.toContain(HOOK_SECRET);
    }
  });

  it("lets a department's own user subscribe its robot to its own department's notices, and no other", async () => {
    const bUser = await signIn('b.viewer', 'correct horse battery');
    const other = await h.call('POST', '/v1/alerts/channels', bUser, {
      kind: 'wecom',
      name: '甲局群',
      url: `${rx.base}/wecom-a?key=x`,
      departmentCode: 'D-A',
      subscribe: ['warning_cards'],
    });
    expect(other.status).toBe(403);
    // Only the robot's own host (or this machine): not any address the server can reach.
    expect(
      (
        await h.call('POST', '/v1/alerts/channels', bUser, {
          kind: 'wecom',
          name: 'x',
          url: 'https://10.0.0.8/cgi-bin/webhook/send?key=x',
          subscribe: ['warning_cards'],
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await h.call('POST', '/v1/alerts/channels', bUser, {
          kind: 'webhook',
          name: 'x',
          url: 'https://example.com/hook',
          subscribe: ['warning_cards'],
        })
      ).status,
    ).toBe(403);
    const own = await h.call('POST', '/v1/alerts/channels', bUser, {
      kind: 'wecom',
      name: '乙局工作群',
      url: `${rx.base}/wecom-b?key=${DING_TOKEN}`,
      subscribe: ['warning_cards'],
    });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({
      kind: 'wecom',
      departmentCode: 'D-B',
      subscribe: ['warning_cards'],
      secretSet: false,
      urlMasked: `${rx.base}/wecom-b?***`,
    });
    // It sees its own channel only; the administrator's are not its business.
    expect((await h.call('GET', '/v1/alerts/channels', bUser)).body.channels.map((c: any) => c.id)).toEqual([own.body.id]);
    expect((await h.call('PATCH', `/v1/alerts/channels/${dingId}`, bUser, { enabled: false })).status).toBe(404);
  });

  it('is for administrators: a department key can neither add nor list channels', async () => {
    expect(
      (
        await h.call('POST', '/v1/alerts/channels', a.key, {
          kind: 'wecom',
          name: 'x',
          url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
        })
      ).status,
    ).toBe(403);
    expect((await h.call('GET', '/v1/alerts/channels', a.key)).status).toBe(403);
    expect((await h.call('GET', '/v1/alerts/deliveries', a.key)).status).toBe(403);
  });
});

describe('red cards reach each department once', () => {
  it('has city defaults an administrator points at the channels (audited)', async () => {
    const rules = await h.call('GET', '/v1/alerts/rules', ADMIN_TOKEN);
    expect(rules.body.rules.map((r: any) => r.id).sort()).toEqual([
      'city-complaints-late',
      'city-feed-rejects',
      'city-feed-silent',
      'city-pipeline',
      'city-report-published',
      'city-warning-cards',
    ]);
    const r = await h.call('PATCH', '/v1/alerts/rules/city-warning-cards', ADMIN_TOKEN, { channelIds: [dingId, hookId] });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'warning_cards', enabled: true, channelIds: [dingId, hookId] });
    const unknown = await h.call('PATCH', '/v1/alerts/rules/city-warning-cards', ADMIN_TOKEN, { channelIds: ['ch-nope'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]).toMatchObject({ path: 'channelIds', code: 'unknown_channel' });
  });

  it('sends nothing while no case is late', async () => {
    const r = await h.services.alerts.run();
    expect(r.noticesCreated.filter((k) => k.startsWith('warning_cards'))).toEqual([]);
    expect(rx.received).toEqual([]);
  });

  it('once the clock passes the deadlines: one signed robot message and one JSON message per department, and one inbox notice', async () => {
    clock = new Date('2024-03-11T01:00:00Z'); // Monday 11 March, 09:00 in Shanghai
    const r = await h.services.alerts.run();
    expect(r.noticesCreated.filter((k) => k.startsWith('warning_cards')).sort()).toEqual([
      'warning_cards:city-warning-cards:D-A:2024-03-11',
      'warning_cards:city-warning-cards:D-B:2024-03-11',
    ]);
    expect(r).toMatchObject({ sent: 5, failed: 0, retrying: 0 }); // 钉钉 ×2, JSON ×2, D-B's own robot ×1

    const ding = rx.at('/ding');
    expect(ding).toHaveLength(2);
    for (const m of ding) {
      expect(m.query.get('access_token')).toBe(DING_TOKEN);
      const ts = m.query.get('timestamp')!;
      expect(m.query.get('sign')).toBe(createHmac('sha256', DING_SECRET).update(`${ts}\n${DING_SECRET}`).digest('base64'));
      expect(m.body).toMatchObject({
        msgtype: 'markdown',
        markdown: { title: expect.stringContaining('红黄牌预警'), text: expect.any(String) },
      });
    }
    const dingA = ding.find((m) => m.body.markdown.title.includes('淄博市甲局'))!;
    expect(dingA.body.markdown.text).toContain('新增红牌 2 件');
    expect(dingA.body.markdown.text).toMatch(/A1[\s\S]*A2/);
    expect(dingA.body.markdown.text).not.toContain('A3');

    const hook = rx.at('/hook');
    expect(hook).toHaveLength(2);
    for (const m of hook) {
      expect(m.headers['x-servicepulse-signature']).toBe(`sha256=${createHmac('sha256', HOOK_SECRET).update(m.raw).digest('hex')}`);
    }
    expect(hook.map((m) => m.body.dedupeKey).sort()).toEqual([
      'warning_cards:city-warning-cards:D-A:2024-03-11',
      'warning_cards:city-warning-cards:D-B:2024-03-11',
    ]);
    expect(hook.find((m) => m.body.department === 'D-B')!.body).toMatchObject({
      kind: 'warning_cards',
      link: '#/timeliness?caseDept=D-B&caseId=B1',
    });

    // D-B's own robot got D-B's notice, in 企业微信's markdown format, and nothing about D-A.
    const wecom = rx.at('/wecom-b');
    expect(wecom).toHaveLength(1);
    expect(wecom[0]!.body).toEqual({ msgtype: 'markdown', markdown: { content: expect.stringContaining('淄川区乙局') } });
    expect(wecom[0]!.body.markdown.content).toContain('B1');
    expect(rx.at('/wecom-a')).toEqual([]);

    const inbox = await h.call('GET', '/v1/notices', a.key);
    expect(inbox.status).toBe(200);
    expect(warningNotices(inbox.body)).toHaveLength(1);
    expect(warningNotices(inbox.body)[0]).toMatchObject({ department: 'D-A', read: false, link: '#/timeliness?department=D-A' });
  });

  it('evaluating again, or after a restart, sends nothing twice', async () => {
    const again = await h.services.alerts.run();
    expect(again).toMatchObject({ noticesCreated: [], sent: 0, retrying: 0, failed: 0, digests: 0 });
    // A restart: a fresh process (new services) over the same table, the same clock.
    const restarted = createServices(h.db, loadConfig({ ADMIN_TOKEN, TABLE_NAME: h.db.tableName, AWS_REGION: 'local' }), () => clock);
    expect(await restarted.alerts.run()).toMatchObject({ noticesCreated: [], sent: 0, retrying: 0, failed: 0, digests: 0 });
    // Later the same day, still nothing.
    clock = new Date('2024-03-11T07:00:00Z');
    expect((await h.services.alerts.run()).noticesCreated).toEqual([]);
    expect(rx.at('/ding')).toHaveLength(2);
    expect(rx.at('/hook')).toHaveLength(2);
    expect(rx.at('/wecom-b')).toHaveLength(1);
  });

  it('tells a supervisor about a silent feed (inbox only: that rule has no channel)', async () => {
    const inbox = await h.call('GET', '/v1/notices', ADMIN_TOKEN);
    const silent = inbox.body.notices.filter((n: any) => n.kind === 'feed_silent');
    expect(silent.map((n: any) => n.department).sort()).toEqual(['D-A', 'D-B']);
    expect(silent[0].title).toContain('数据断供');
  });
});

describe('each sees its own', () => {
  it('a department key and a department user see only their department; the city sees all; read marks are per reader', async () => {
    const bUser = await signIn('b.viewer', 'correct horse battery');

    const forB = await h.call('GET', '/v1/notices', bUser);
    expect(forB.body.notices.length).toBeGreaterThan(0);
    expect(new Set(forB.body.notices.map((n: any) => n.department))).toEqual(new Set(['D-B']));
    const forA = await h.call('GET', '/v1/notices', a.key);
    expect(new Set(forA.body.notices.map((n: any) => n.department))).toEqual(new Set(['D-A']));
    const city = await h.call('GET', '/v1/notices', ADMIN_TOKEN);
    expect(
      warningNotices(city.body)
        .map((n: any) => n.department)
        .sort(),
    ).toEqual(['D-A', 'D-B']);

    // D-A cannot read (or even learn of) D-B's notice.
    const bNotice = warningNotices(forB.body)[0];
    expect((await h.call('POST', `/v1/notices/${bNotice.id}/read`, a.key)).status).toBe(404);
    const unreadBefore = forB.body.unread;
    expect((await h.call('POST', `/v1/notices/${bNotice.id}/read`, bUser)).body).toEqual({ id: bNotice.id, read: true });
    const after = await h.call('GET', '/v1/notices', bUser);
    expect(after.body.unread).toBe(unreadBefore - 1);
    expect(warningNotices(after.body)[0].read).toBe(true);
    // Another reader's mark is their own.
    expect(warningNotices((await h.call('GET', '/v1/notices', ADMIN_TOKEN)).body).find((n: any) => n.id === bNotice.id).read).toBe(false);
    expect((await h.call('GET', '/v1/notices?unread=true', bUser)).body.notices.map((n: any) => n.id)).not.toContain(bNotice.id);
  });
});

describe('a receiver that fails', () => {
  it('is retried on a later run, and the delivery log shows the failure and the success', async () => {
    // A case accepted on Monday 4 March is due on Monday 11 March and red on Tuesday 12 March.
    await post(a.key, [rec.accepted('a4', 'A4', { at: '2024-03-04T09:30:00+08:00', itemCode: 'ITEM-A' })]);
    await h.settle();
    rx.failing.add('/hook');
    clock = new Date('2024-03-12T01:00:00Z');
    const first = await h.services.alerts.run();
    expect(first.noticesCreated.filter((k) => k.startsWith('warning_cards'))).toEqual(['warning_cards:city-warning-cards:D-A:2024-03-12']);
    expect(first).toMatchObject({ sent: 1, retrying: 1, failed: 0 });
    const today = rx.at('/ding').at(-1)!;
    expect(today.body.markdown.text).toContain('新增红牌 1 件');
    expect(today.body.markdown.text).toContain('A4');
    expect(today.body.markdown.text).not.toContain('A1'); // reported yesterday

    const log = await h.call('GET', '/v1/alerts/deliveries', ADMIN_TOKEN);
    const failed = log.body.deliveries.find(
      (d: any) => d.dedupeKey === 'warning_cards:city-warning-cards:D-A:2024-03-12' && d.channelId === hookId,
    );
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: expect.stringContaining('HTTP 500') });

    // Not yet due: the same minute does not hammer the receiver.
    const hookCalls = rx.at('/hook').length;
    expect(await h.services.alerts.run()).toMatchObject({ sent: 0, retrying: 0 });
    expect(rx.at('/hook')).toHaveLength(hookCalls);

    rx.failing.delete('/hook');
    clock = new Date('2024-03-12T01:02:00Z');
    expect(await h.services.alerts.run()).toMatchObject({ noticesCreated: [], sent: 1, retrying: 0, failed: 0 });
    expect(rx.at('/hook')).toHaveLength(hookCalls + 1);
    expect(rx.at('/hook').at(-1)!.body.dedupeKey).toBe('warning_cards:city-warning-cards:D-A:2024-03-12');

    const after = (await h.call('GET', '/v1/alerts/deliveries', ADMIN_TOKEN)).body.deliveries.find((d: any) => d.id === failed.id);
    expect(after).toMatchObject({ status: 'sent', attempts: 2, lastStatusCode: 200, lastError: null });
    expect(after.log.map((x: any) => [x.ok, x.statusCode])).toEqual([
      [false, 500],
      [true, 200],
    ]);
    expect(JSON.stringify(log.body)).not.toContain(HOOK_SECRET);
    // The 钉钉 message of that notice was sent once, not again with the retry.
    expect(rx.at('/ding').filter((m) => m.body.markdown.title.includes('2024-03-12'))).toHaveLength(1);
  });
});

describe('the OpenAPI document', () => {
  it('documents the alerts endpoints with their operation ids', async () => {
    const doc = (await h.call('GET', '/v1/openapi.json', undefined)).body;
    const ops = Object.fromEntries(
      Object.entries(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap(([path, m]) =>
        Object.entries(m).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op.operationId]),
      ),
    );
    expect(ops).toMatchObject({
      'GET /v1/alerts/rules': 'listAlertRules',
      'POST /v1/alerts/rules': 'createAlertRule',
      'PATCH /v1/alerts/rules/{id}': 'updateAlertRule',
      'DELETE /v1/alerts/rules/{id}': 'deleteAlertRule',
      'GET /v1/alerts/channels': 'listAlertChannels',
      'POST /v1/alerts/channels': 'createAlertChannel',
      'PATCH /v1/alerts/channels/{id}': 'updateAlertChannel',
      'DELETE /v1/alerts/channels/{id}': 'deleteAlertChannel',
      'GET /v1/alerts/deliveries': 'listAlertDeliveries',
      'POST /v1/alerts/run': 'runAlerts',
      'GET /v1/notices': 'listNotices',
      'POST /v1/notices/{id}/read': 'markNoticeRead',
    });
    // The channel schema has no field that could carry the address or the secret back.
    expect(Object.keys(doc.components.schemas.AlertChannel.properties).sort()).toEqual([
      'createdAt',
      'departmentCode',
      'digestHour',
      'enabled',
      'id',
      'kind',
      'name',
      'recipients',
      'secretSet',
      'subscribe',
      'updatedAt',
      'urlMasked',
    ]);
  });
});

describe('monthly reports', () => {
  it('announces the reports of the month just closed to their own scopes, and a rate below target', async () => {
    // A1 completed late in March: D-A's on-time rate of March is 1 of 2.
    await post(a.key, [rec.completed('a1c', 'A1', { at: '2024-03-12T09:00:00+08:00' })]);
    await h.settle();
    const rule = await h.call('POST', '/v1/alerts/rules', ADMIN_TOKEN, {
      kind: 'rate_below',
      name: '按期办结率低于 95%',
      scope: { kind: 'city' },
      params: { metric: 'onTimeRate', target: 0.95, minCount: 1, reportScopes: ['department'] },
    });
    expect(rule.status).toBe(201);
    clock = new Date('2024-04-01T01:00:00Z'); // 1 April, 09:00 in Shanghai: March has closed
    expect((await h.services.reports.generateMissing()).failed).toEqual([]);

    const r = await h.services.alerts.run();
    expect(r.noticesCreated.filter((k) => k.startsWith('report_published')).sort()).toEqual([
      'report_published:city-report-published:2024-03~city:v1',
      'report_published:city-report-published:2024-03~county~370302:v1',
      'report_published:city-report-published:2024-03~county~370303:v1',
      'report_published:city-report-published:2024-03~department~D-A:v1',
      'report_published:city-report-published:2024-03~department~D-B:v1',
    ]);
    expect(r.noticesCreated.filter((k) => k.startsWith('rate_below'))).toEqual([
      `rate_below:${rule.body.id}:2024-03~department~D-A:onTimeRate`,
    ]);
    expect((await h.services.alerts.run()).noticesCreated).toEqual([]);

    // Each reader sees the reports of its scope: D-B its own; 淄川区 its county and its departments; the city all.
    const bUser = await signIn('b.viewer', 'correct horse battery');
    const forB = (await h.call('GET', '/v1/notices', bUser)).body.notices.filter((n: any) => n.kind === 'report_published');
    expect(forB.map((n: any) => n.link)).toEqual(['#/reports/2024-03~department~D-B']);
    expect(
      (
        await h.call('POST', '/v1/admin/users', ADMIN_TOKEN, {
          username: 'zichuan',
          displayName: '淄川区督查',
          role: 'supervisor',
          scope: { kind: 'region', regionCode: '370302000000' },
          password: 'correct horse battery',
        })
      ).status,
    ).toBe(201);
    const zc = await signIn('zichuan', 'correct horse battery');
    const forZc = (await h.call('GET', '/v1/notices', zc)).body.notices.filter((n: any) => n.kind === 'report_published');
    expect(forZc.map((n: any) => n.link).sort()).toEqual(['#/reports/2024-03~county~370302', '#/reports/2024-03~department~D-B']);
    const forA = (await h.call('GET', '/v1/notices', a.key)).body.notices;
    expect(forA.find((n: any) => n.kind === 'rate_below')).toMatchObject({
      department: 'D-A',
      title: expect.stringContaining('按期办结率 50.0%'),
    });
  });
});
