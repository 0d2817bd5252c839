// Through `npm start`, with a real receiver on 127.0.0.1: a case long past its deadline reaches a
// 企业微信-format robot exactly once; after a restart of the process the next run sends nothing
// again, and the delivery log still shows the one delivery.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../functions/local/dynamo-local.js';
import { call, eventually, exited, localProcesses } from '../support/local-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'sp-alerts-'));
const processes = localProcesses();
const received: any[] = [];
const receiver = createServer((req, res) => {
  let raw = '';
  req.on('data', (c) => {
    raw += c;
  });
  req.on('end', () => {
    received.push(JSON.parse(raw));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"errcode":0,"errmsg":"ok"}');
  });
});
afterAll(async () => {
  await processes.stopAll([dataDir]);
  await new Promise<void>((r) => receiver.close(() => r()));
});

describe('alerts through npm start', () => {
  it('sends a red card to the robot once, and not again after a restart', async () => {
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const sink = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cgi-bin/webhook/send?key=robot-key-123`;
    const port = await freePort();
    const first = await processes.start(port, dataDir);
    const T = readFileSync(join(dataDir, 'admin-token.txt'), 'utf8').trim();
    const U = first.url;

    expect(
      (await call(U, 'POST', '/v1/admin/departments', T, { code: 'D-JYJ', name: '淄博市教育局', regionCode: '370300000000' })).status,
    ).toBe(201);
    const KEY = (await call(U, 'POST', '/v1/admin/departments/D-JYJ/keys', T, {})).body.key as string;
    const item = {
      name: '适龄儿童入学审批',
      departmentCode: 'D-JYJ',
      kind: 'administrative_license',
      statutoryDays: 20,
      promisedDays: 5,
      levels: ['city'],
      effectiveFrom: '2024-01-01',
      materials: [{ code: 'M01', name: '居民身份证', kind: 'certificate', exemption: 'e_license' }],
    };
    expect((await call(U, 'PUT', '/v1/catalog/items/ITEM-001', KEY, item)).status).toBe(200);
    // Accepted in March 2024 and never completed: red for a long time already.
    const posted = await call(U, 'POST', '/v1/events', KEY, {
      records: [
        {
          id: 'e-1',
          type: 'case.accepted',
          at: '2024-03-01T09:30:00+08:00',
          caseId: 'C1',
          itemCode: 'ITEM-001',
          regionCode: '370303001000',
          channel: 'window',
          assisted: 'proxy',
          greenChannel: false,
          applicant: { type: 'person', ageBand: '70_79' },
          materials: [{ code: 'M01', via: 'e_license' }],
        },
      ],
    });
    expect(posted.body.results[0].status).toBe('accepted');
    const red = await eventually(
      () => call(U, 'GET', '/v1/warnings?level=red', T).then((r) => r.body.cases),
      (c: any[]) => c.length === 1,
    );
    expect(red.map((c: any) => c.caseId)).toEqual(['C1']);

    const ch = await call(U, 'POST', '/v1/alerts/channels', T, { kind: 'wecom', name: '督查群', url: sink });
    expect(ch.status).toBe(201);
    expect((await call(U, 'PATCH', '/v1/alerts/rules/city-warning-cards', T, { channelIds: [ch.body.id] })).status).toBe(200);
    expect((await call(U, 'POST', '/v1/alerts/run', T)).status).toBe(200);
    // (The scheduler's own pass may be the one that sends it: either way, once.)
    await eventually(
      async () => received.length,
      (n) => n >= 1,
    );
    expect(received).toHaveLength(1);
    expect(received[0]).toEqual({ msgtype: 'markdown', markdown: { content: expect.stringContaining('淄博市教育局') } });
    expect(received[0].markdown.content).toContain('C1');

    first.child.kill('SIGTERM');
    await exited(first.child);
    const second = await processes.start(port, dataDir);
    const again = await call(second.url, 'POST', '/v1/alerts/run', T);
    expect(again.body).toMatchObject({ noticesCreated: [], sent: 0 });
    expect(received).toHaveLength(1);
    const log = (await call(second.url, 'GET', '/v1/alerts/deliveries', T)).body.deliveries;
    expect(log).toEqual([expect.objectContaining({ channelId: ch.body.id, status: 'sent', attempts: 1, lastStatusCode: 200 })]);
    expect(JSON.stringify(log)).not.toContain('robot-key-123');
    const inbox = (await call(second.url, 'GET', '/v1/notices', KEY)).body;
    expect(inbox.notices.filter((n: any) => n.kind === 'warning_cards')).toHaveLength(1);
  }, 600_000);
});
