// E-mail, daily digests, complaints late to respond, and evaluation driven by the aggregator's
// output — as a supervisor and a department notice them. A real SMTP server (smtp-server) on
// 127.0.0.1 receives the mail; the test moves its own clock (no sleeping for days):
//   - the SMTP password is stored encrypted and never answered;
//   - a red card and a complaint not answered in time each arrive once, in Chinese, by e-mail;
//   - a refused recipient is retried on a later run and the delivery log shows both attempts;
//   - a digest channel gets the day's notices in one message at its hour, once, also after a restart;
//   - after the day's first run, a run evaluates only the departments whose records were counted;
//   - a default rule added by a release reaches an existing city once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../../functions/config.js';
import { createServices } from '../../functions/runtime/services.js';
import { ADMIN_TOKEN, createHarness, type Harness } from '../support/app-harness.js';
import { item, rec } from '../support/builders.js';
import { SETTINGS } from '../../functions/store/settings.js';

const SMTP_USER = 'alerts@zibo.gov.cn';
const SMTP_PASSWORD = 'smtp-password-for-tests-0003';

interface Mail {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=) of a header. */
function decodeWords(v: string): string {
  return v.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}
function decodeBody(body: string, encoding: string | undefined): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable')
    return Buffer.from(
      body.replace(/=\r?\n/g, '').replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  return body;
}
function headersOf(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}
/** The subject and the text/plain part of a message as the receiver got it. */
function parseMail(raw: string): { subject: string; text: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const h = headersOf(head!);
  const body = rest.join('\n\n');
  const boundary = /boundary="?([^";]+)"?/.exec(h['content-type'] ?? '')?.[1];
  let text = decodeBody(body, h['content-transfer-encoding']);
  if (boundary) {
    for (const part of body.split(`--${boundary}`)) {
      const [ph, ...pb] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
      const parts = headersOf(ph ?? '');
      if ((parts['content-type'] ?? '').startsWith('text/plain')) text = decodeBody(pb.join('\n\n'), parts['content-transfer-encoding']);
    }
  }
  return { subject: decodeWords(h.subject ?? ''), text };
}

/** A real SMTP server on 127.0.0.1 that requires the user and password; `refusing` recipients get 450. */
async function startSmtp() {
  const mails: Mail[] = [];
  const refusing = new Set<string>();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'], // plain on this machine, so the test needs no certificate
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      if (refusing.has(address.address)) cb(Object.assign(new Error('mailbox busy, try later'), { responseCode: 450 }));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const m = parseMail(Buffer.concat(chunks).toString('utf8'));
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          ...m,
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    refusing,
    to: (addr: string) => mails.filter((m) => m.to.includes(addr)),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const DUBAN = 'duban@zibo.gov.cn';
const LEADER = 'leader@zibo.gov.cn';

let h: Harness;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
// Monday 4 March 2024, 10:00 in Shanghai. Cases accepted on Friday 1 March with a limit of 5
// working days are red from Saturday 9 March; a complaint received on Monday 4 March must be
// answered within 1 working day (by Tuesday 5 March) and is late from Wednesday 6 March.
let clock = new Date('2024-03-04T02:00:00Z');
let a: { code: string; key: string };
let b: { code: string; key: string };
let mailNow: string;
let mailDigest: string;

async function post(key: string, records: unknown[]) {
  const r = await h.call('POST', '/v1/events', key, { records });
  expect(r.body.results.filter((x: any) => x.status !== 'accepted')).toEqual([]);
}

beforeAll(async () => {
  smtp = await startSmtp();
  h = await createHarness({ now: () => clock, aggregate: true });
  a = await h.department('D-A', '淄博市甲局', '370300000000');
  b = await h.department('D-B', '淄川区乙局', '370302000000');
  expect(
    (await h.call('PUT', '/v1/catalog/items/ITEM-A', a.key, item(a.code, { itemCode: 'ITEM-A', effectiveFrom: '2023-01-01' }))).status,
  ).toBe(200);
  expect(
    (await h.call('PUT', '/v1/catalog/items/ITEM-B', b.key, item(b.code, { itemCode: 'ITEM-B', effectiveFrom: '2023-01-01' }))).status,
  ).toBe(200);
  await post(a.key, [
    rec.accepted('a1', 'A1', { itemCode: 'ITEM-A' }),
    rec.accepted('a2', 'A2', { itemCode: 'ITEM-A' }),
    rec.complaint('k1', 'K1', { at: '2024-03-04T09:00:00+08:00', summary: '要求提供无犯罪证明' }),
    rec.complaint('k2', 'K2', { at: '2024-03-04T09:00:00+08:00' }),
    { ...rec.responded('k2r', 'K2'), at: '2024-03-04T09:30:00+08:00' }, // answered the same morning: never late
  ]);
  await h.settle();
}, 120_000);

afterAll(async () => {
  await h?.stopStream();
  await smtp?.close();
});

describe('the SMTP setting', () => {
  it('keeps the password encrypted and never answers it', async () => {
    const before = await h.call('GET', '/v1/alerts/smtp', ADMIN_TOKEN);
    expect(before.body).toMatchObject({ configured: false, passwordSet: false });
    const put = await h.call('PUT', '/v1/alerts/smtp', ADMIN_TOKEN, {
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      user: SMTP_USER,
      password: SMTP_PASSWORD,
      from: 'ServicePulse 预警 <alerts@zibo.gov.cn>',
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      configured: true,
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      user: SMTP_USER,
      passwordSet: true,
    });
    // A department key may neither read nor set it.
    expect((await h.call('GET', '/v1/alerts/smtp', a.key)).status).toBe(403);
    expect((await h.call('PUT', '/v1/alerts/smtp', a.key, { host: 'x', from: 'a@b.c' })).status).toBe(403);
    const audit = await h.call('GET', `/v1/admin/audit?month=${clock.toISOString().slice(0, 7)}`, ADMIN_TOKEN);
    expect(audit.body.entries.map((e: any) => e.action)).toContain('alert.smtp.update');
    const stored = await h.services.stores.settings.get(SETTINGS.alertSmtp);
    for (const text of [
      JSON.stringify(put.body),
      JSON.stringify((await h.call('GET', '/v1/alerts/smtp', ADMIN_TOKEN)).body),
      JSON.stringify(audit.body),
      JSON.stringify(stored),
    ]) {
      expect(text).not.toContain(SMTP_PASSWORD);
    }
  });

  it('adds e-mail channels with recipients (one at once, one as a daily digest at 08:00) and refuses an e-mail channel without them', async () => {
    const bad = await h.call('POST', '/v1/alerts/channels', ADMIN_TOKEN, { kind: 'email', name: '督办邮箱' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('recipients');
    const now = await h.call('POST', '/v1/alerts/channels', ADMIN_TOKEN, { kind: 'email', name: '督办邮箱', recipients: [DUBAN] });
    expect(now.status).toBe(201);
    expect(now.body).toMatchObject({ kind: 'email', recipients: [DUBAN], digestHour: null, secretSet: false });
    const digest = await h.call('POST', '/v1/alerts/channels', ADMIN_TOKEN, {
      kind: 'email',
      name: '领导每日摘要',
      recipients: [LEADER],
      digestHour: 8,
    });
    expect(digest.body).toMatchObject({ kind: 'email', recipients: [LEADER], digestHour: 8 });
    mailNow = now.body.id;
    mailDigest = digest.body.id;
    for (const id of ['city-warning-cards', 'city-complaints-late']) {
      expect((await h.call('PATCH', `/v1/alerts/rules/${id}`, ADMIN_TOKEN, { channelIds: [mailNow, mailDigest] })).status).toBe(200);
    }
  });
});

describe('evaluation follows the aggregator', () => {
  it("looks at every department on the day's first run, then only at what changed", async () => {
    const first = await h.services.alerts.run();
    expect(first.evaluated.full).toBe(true);
    expect(first.noticesCreated.filter((k) => !k.startsWith('feed_'))).toEqual([]); // nothing late yet
    const second = await h.services.alerts.run();
    expect(second.evaluated).toEqual({ full: false, departments: [] });
    expect(smtp.mails).toEqual([]);
  });
});

describe('e-mail', () => {
  it('sends a red card and a complaint not answered in time once each, in Chinese', async () => {
    clock = new Date('2024-03-11T01:00:00Z'); // Monday 11 March, 09:00 in Shanghai
    const r = await h.services.alerts.run();
    expect(r.evaluated.full).toBe(true);
    expect(r.noticesCreated.filter((k) => !k.startsWith('feed_')).sort()).toEqual([
      'complaints_late:city-complaints-late:D-A:2024-03-11',
      'warning_cards:city-warning-cards:D-A:2024-03-11',
    ]);
    expect(r).toMatchObject({ sent: 2, failed: 0, retrying: 0, digests: 0 });
    const mails = smtp.to(DUBAN);
    expect(mails).toHaveLength(2);
    expect(mails.every((m) => m.from === 'alerts@zibo.gov.cn')).toBe(true);
    const card = mails.find((m) => m.subject.startsWith('【红黄牌预警】'))!;
    expect(card.subject).toBe('【红黄牌预警】淄博市甲局 2024-03-11');
    expect(card.text).toContain('新增红牌 2 件');
    expect(card.text).toMatch(/A1[\s\S]*A2/);
    const late = mails.find((m) => m.subject.startsWith('【投诉超时未响应】'))!;
    expect(late.subject).toBe('【投诉超时未响应】淄博市甲局 2024-03-11');
    expect(late.text).toContain('K1');
    expect(late.text).toContain('应于 2024-03-05 前响应');
    expect(late.text).not.toContain('K2');
    // The digest channel waits for its hour (today's digest covered the empty day before).
    expect(smtp.to(LEADER)).toEqual([]);

    // Again, and after a restart: nothing twice.
    expect((await h.services.alerts.run()).noticesCreated).toEqual([]);
    const restarted = createServices(h.db, loadConfig({ ADMIN_TOKEN, TABLE_NAME: h.db.tableName, AWS_REGION: 'local' }), () => clock);
    expect(await restarted.alerts.run()).toMatchObject({ noticesCreated: [], sent: 0, digests: 0 });
    expect(smtp.to(DUBAN)).toHaveLength(2);
    // The department sees the complaint notice in its inbox, linked to its late complaints.
    const inbox = await h.call('GET', '/v1/notices', a.key);
    expect(inbox.body.notices.find((n: any) => n.kind === 'complaints_late')).toMatchObject({
      department: 'D-A',
      link: '#/complaints?fbDept=D-A&complaintId=K1',
    });
  });

  it('evaluates a department whose records were just counted, retries a refused recipient, and logs both attempts', async () => {
    clock = new Date('2024-03-11T02:00:00Z'); // the same day, 10:00
    await post(b.key, [rec.accepted('b1', 'B1', { itemCode: 'ITEM-B', regionCode: '370302001000' })]); // accepted 1 March: red already
    await h.settle();
    smtp.refusing.add(DUBAN);
    const r = await h.services.alerts.run();
    expect(r.evaluated).toEqual({ full: false, departments: ['D-B'] });
    expect(r.noticesCreated).toEqual(['warning_cards:city-warning-cards:D-B:2024-03-11']);
    expect(r).toMatchObject({ sent: 0, retrying: 1, failed: 0 });
    const log = (await h.call('GET', '/v1/alerts/deliveries', ADMIN_TOKEN)).body.deliveries;
    const pending = log.find((d: any) => d.dedupeKey === 'warning_cards:city-warning-cards:D-B:2024-03-11' && d.channelId === mailNow);
    expect(pending).toMatchObject({
      channelKind: 'email',
      status: 'pending',
      attempts: 1,
      lastStatusCode: 450,
      lastError: expect.stringContaining('mailbox busy'),
    });
    // Nothing else was looked at again: the next run has no department to evaluate.
    expect((await h.services.alerts.run()).evaluated).toEqual({ full: false, departments: [] });

    smtp.refusing.delete(DUBAN);
    clock = new Date('2024-03-11T02:02:00Z');
    expect(await h.services.alerts.run()).toMatchObject({ noticesCreated: [], sent: 1, retrying: 0, failed: 0 });
    const forB = smtp.to(DUBAN).filter((m) => m.subject.includes('淄川区乙局'));
    expect(forB).toHaveLength(1);
    expect(forB[0]!.text).toContain('B1');
    const after = (await h.call('GET', '/v1/alerts/deliveries', ADMIN_TOKEN)).body.deliveries.find((d: any) => d.id === pending.id);
    expect(after).toMatchObject({ status: 'sent', attempts: 2, lastStatusCode: 250, lastError: null });
    expect(after.log.map((x: any) => [x.ok, x.statusCode])).toEqual([
      [false, 450],
      [true, 250],
    ]);
    expect(JSON.stringify(log)).not.toContain(SMTP_PASSWORD);
  });
});

describe('the daily digest', () => {
  it("gathers the day's notices into one message at its hour, once", async () => {
    clock = new Date('2024-03-11T23:59:00Z'); // Tuesday 12 March, 07:59 in Shanghai: not yet
    expect(await h.services.alerts.run()).toMatchObject({ digests: 0 });
    expect(smtp.to(LEADER)).toEqual([]);

    clock = new Date('2024-03-12T00:00:00Z'); // 08:00
    const r = await h.services.alerts.run();
    expect(r).toMatchObject({ digests: 1, sent: 1, failed: 0 });
    const digest = smtp.to(LEADER);
    expect(digest).toHaveLength(1);
    expect(digest[0]!.subject).toBe('【每日摘要】2024-03-12 共 3 条消息');
    for (const title of [
      '【红黄牌预警】淄博市甲局 2024-03-11',
      '【投诉超时未响应】淄博市甲局 2024-03-11',
      '【红黄牌预警】淄川区乙局 2024-03-11',
    ])
      expect(digest[0]!.text).toContain(title);
    const log = (await h.call('GET', '/v1/alerts/deliveries', ADMIN_TOKEN)).body.deliveries;
    expect(log.find((d: any) => d.channelId === mailDigest)).toMatchObject({
      dedupeKey: `digest:${mailDigest}:2024-03-12`,
      status: 'sent',
      digestOf: expect.arrayContaining([expect.any(String)]),
    });

    // Later the same day, and after a restart: no second digest.
    clock = new Date('2024-03-12T03:00:00Z');
    expect(await h.services.alerts.run()).toMatchObject({ digests: 0 });
    const restarted = createServices(h.db, loadConfig({ ADMIN_TOKEN, TABLE_NAME: h.db.tableName, AWS_REGION: 'local' }), () => clock);
    expect(await restarted.alerts.run()).toMatchObject({ digests: 0, sent: 0 });
    expect(smtp.to(LEADER)).toHaveLength(1);
  });
});

describe('a default rule added by a release', () => {
  it('reaches a city set up by the release before once, and stays deleted once an administrator deletes it', async () => {
    expect((await h.call('DELETE', '/v1/alerts/rules/city-complaints-late', ADMIN_TOKEN)).status).toBe(204);
    const ids = async () => (await h.call('GET', '/v1/alerts/rules', ADMIN_TOKEN)).body.rules.map((r: any) => r.id);
    expect(await ids()).not.toContain('city-complaints-late');
    // The marker as the first release left it (1: its five defaults made).
    await h.services.stores.settings.put(SETTINGS.alertDefaults, 1, 'test', clock.toISOString());
    expect(await ids()).toContain('city-complaints-late');
    expect((await h.call('DELETE', '/v1/alerts/rules/city-complaints-late', ADMIN_TOKEN)).status).toBe(204);
    expect(await ids()).not.toContain('city-complaints-late');
  });
});

describe('the OpenAPI document', () => {
  it("documents the SMTP setting without a password field, and the e-mail channel's fields", async () => {
    const doc = (await h.call('GET', '/v1/openapi.json', undefined)).body;
    expect(doc.paths['/v1/alerts/smtp'].get.operationId).toBe('getAlertSmtp');
    expect(doc.paths['/v1/alerts/smtp'].put.operationId).toBe('putAlertSmtp');
    expect(Object.keys(doc.components.schemas.AlertSmtp.properties)).not.toContain('password');
    expect(Object.keys(doc.components.schemas.AlertChannel.properties)).toEqual(expect.arrayContaining(['recipients', 'digestHour']));
  });
});
