// Through `npm start`, as a newcomer would: the README's API walkthrough, then the odd records a
// department integration sends — a completion dated before its acceptance (refused on arrival,
// naming the acceptance), a resumption with no suspension (stored: the case cannot be judged and
// is listed), a valid case with 20 materials, 12 on paper, completed late (it needed over 100 rollup updates before paper rows were kept per item; the chunked path for deltas larger than a transaction is tested in pipeline-isolation) — and ordinary records posted afterwards
// are counted within seconds, also after a restart; the pipeline status says all is well. Then
// DynamoDB Local dies under the running server: the status line would say "behind", and Ctrl-C
// still ends the process at once instead of retrying forever.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, pidFileIn } from '../../functions/local/dynamo-local.js';
import { call, eventually, exited, localProcesses } from '../support/local-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'sp-pipeline-'));
const processes = localProcesses();
afterAll(async () => {
  await processes.stopAll([dataDir]);
});

const MANY = Array.from({ length: 20 }, (_, i) => ({
  code: `B${String(i).padStart(2, '0')}`,
  name: `材料${i}`,
  kind: i % 2 ? 'form' : 'certificate',
  exemption: 'none',
}));
const accepted = (id: string, caseId: string, at: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'case.accepted',
  at,
  caseId,
  itemCode: 'ITEM-001',
  regionCode: '370303001000',
  channel: 'window',
  assisted: 'proxy',
  greenChannel: false,
  applicant: { type: 'person', ageBand: '70_79' },
  materials: [{ code: 'M01', via: 'e_license' }],
  ...extra,
});
const completed = (id: string, caseId: string, at: string) => ({ id, type: 'case.completed', at, caseId, outcome: 'approved', visits: 0 });

describe('npm start keeps counting whatever a department sends', () => {
  it('refuses or lists the odd records, counts the ordinary ones within seconds, also after a restart, and stops at once', async () => {
    const port = await freePort();
    const first = await processes.start(port, dataDir);
    const T = readFileSync(join(dataDir, 'admin-token.txt'), 'utf8').trim();
    const U = first.url;

    // The README's walkthrough.
    expect(
      (await call(U, 'POST', '/v1/admin/departments', T, { code: 'D-JYJ', name: '淄博市教育局', regionCode: '370300000000' })).status,
    ).toBe(201);
    const KEY = (await call(U, 'POST', '/v1/admin/departments/D-JYJ/keys', T, {})).body.key as string;
    const item = {
      name: '适龄儿童、少年因身体状况需要延缓入学或者休学审批',
      departmentCode: 'D-JYJ',
      kind: 'administrative_license',
      statutoryDays: 20,
      promisedDays: 5,
      levels: ['city', 'county'],
      effectiveFrom: '2024-01-01',
      materials: [{ code: 'M01', name: '居民身份证', kind: 'certificate', exemption: 'e_license' }],
    };
    expect((await call(U, 'PUT', '/v1/catalog/items/ITEM-001', KEY, item)).status).toBe(200);
    expect(
      (await call(U, 'PUT', '/v1/catalog/items/BIG', KEY, { ...item, name: '材料很多的事项', promisedDays: 3, materials: MANY })).status,
    ).toBe(200);
    const walk = await call(U, 'POST', '/v1/events', KEY, {
      records: [accepted('e-1', 'C1', '2024-03-01T09:30:00+08:00'), completed('e-2', 'C1', '2024-03-06T16:00:00+08:00')],
    });
    expect(walk.body.results.map((r: any) => r.status)).toEqual(['accepted', 'accepted']);

    // The odd ones.
    const odd = await call(U, 'POST', '/v1/events', KEY, {
      records: [
        accepted('x-a', 'X1', '2024-03-04T09:30:00+08:00'),
        completed('x-c', 'X1', '2024-03-02T16:00:00+08:00'), // completion two days before its acceptance
        accepted('y-a', 'Y1', '2024-03-04T09:30:00+08:00'),
        { id: 'y-r', type: 'case.resumed', at: '2024-03-05T10:00:00+08:00', caseId: 'Y1' }, // resumed, never suspended
        accepted('z-a', 'Z1', '2024-03-04T09:30:00+08:00', {
          itemCode: 'BIG',
          materials: MANY.map((m, i) => ({ code: m.code, via: i < 12 ? 'paper' : 'upload' })),
        }),
        completed('z-c', 'Z1', '2024-04-19T16:00:00+08:00'), // 20 materials, 12 on paper, late (once over 100 rollup updates)
      ],
    });
    expect(odd.body.results.map((r: any) => r.status)).toEqual(['accepted', 'rejected', 'accepted', 'accepted', 'accepted', 'accepted']);
    expect(odd.body.results[1].errors[0]).toMatchObject({ path: 'at', code: 'before_acceptance' });
    expect(odd.body.results[1].errors[0].messageZh).toContain('x-a');

    // Ordinary records after them are counted within seconds.
    expect(
      (
        await call(U, 'POST', '/v1/events', KEY, {
          records: [accepted('n-1', 'N1', '2024-03-07T09:30:00+08:00'), completed('n-2', 'N1', '2024-03-08T10:00:00+08:00')],
        })
      ).status,
    ).toBe(200);
    const march = () => call(U, 'GET', '/v1/figures?from=2024-03-01&to=2024-04-30', T).then((r) => r.body.cases);
    const counted = await eventually(march, (c) => c.accepted === 5 && c.completed === 3);
    expect(counted).toMatchObject({ accepted: 5, completed: 3, cannotJudge: 1 });
    const list = await call(U, 'GET', '/v1/pipeline/quality/D-JYJ', KEY);
    expect(list.body.problems).toEqual([
      expect.objectContaining({
        id: 'Y1',
        reason: 'resumed_without_suspension',
        recordIds: ['y-r', 'y-a'],
        actionZh: expect.stringContaining('暂停'),
      }),
    ]);
    const health = (await call(U, 'GET', '/v1/pipeline', T)).body;
    expect(health).toMatchObject({ state: 'ok', behind: false, errorsLastHour: 0 });

    // The department corrects it: the stray resumption voided, the case is judged and counted.
    await call(U, 'POST', '/v1/events', KEY, {
      records: [{ id: 'y-v', type: 'void', at: '2024-03-08T12:00:00+08:00', target: 'y-r', reason: '误发' }],
    });
    expect((await eventually(march, (c) => c.cannotJudge === 0)).cannotJudge).toBe(0);

    // Restart: still counting.
    first.child.kill('SIGINT');
    await exited(first.child);
    const second = await processes.start(port, dataDir);
    expect(
      (await call(second.url, 'POST', '/v1/events', KEY, { records: [accepted('m-1', 'M1', '2024-03-11T09:30:00+08:00')] })).body.results[0]
        .status,
    ).toBe('accepted');
    expect(
      (
        await eventually(
          () => call(second.url, 'GET', '/v1/figures?from=2024-03-01&to=2024-04-30', T).then((r) => r.body.cases),
          (c) => c.accepted === 6,
        )
      ).accepted,
    ).toBe(6);

    // DynamoDB Local dies under the running server; Ctrl-C still ends it promptly (it used to
    // keep retrying for over a minute).
    const jvm = Number(readFileSync(pidFileIn(join(dataDir, 'dynamodb')), 'utf8'));
    process.kill(jvm, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 2_500)); // the poller is now failing and retrying
    const asked = Date.now();
    second.child.kill('SIGINT');
    await exited(second.child);
    expect(Date.now() - asked).toBeLessThan(10_000);
  }, 400_000);
});
