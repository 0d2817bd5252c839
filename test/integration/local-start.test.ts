// `npm start`'s process for real: data survives a restart, an answered record survives the
// process being killed right after answering, and stopping leaves no Java process behind.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, pidFileIn } from '../../functions/local/dynamo-local.js';
import { STAGE } from '../../functions/local/demo-stage.js';
import { rec } from '../support/builders.js';
import { call, exited, jvmAlive, localProcesses } from '../support/local-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'sp-start-'));
const demoDir = mkdtempSync(join(tmpdir(), 'sp-start-demo-'));
const killedDir = mkdtempSync(join(tmpdir(), 'sp-start-killed-'));
const processes = localProcesses();
/** The stage folders of demo first loads in memory (functions/local/demo-stage.ts). */
const stageFolders = () =>
  existsSync(STAGE.memoryDir)
    ? readdirSync(STAGE.memoryDir)
        .filter((f) => f.startsWith(STAGE.prefix))
        .sort()
    : [];
const start = (port: number, extra: string[] = [], dir = dataDir) => processes.start(port, dir, extra);

afterAll(async () => {
  await processes.stopAll([dataDir, demoDir, killedDir]);
});

describe('npm start', () => {
  it('keeps what it answered accepted through a kill -9 and a restart, and stops cleanly on Ctrl-C', async () => {
    const port = await freePort();
    const first = await start(port);
    expect(first.output()).toMatch(/管理员令牌 Administrator token/);
    const admin = readFileSync(join(dataDir, 'admin-token.txt'), 'utf8').trim();
    expect(
      (await call(first.url, 'POST', '/v1/admin/departments', admin, { code: 'D-X', name: '测试局', regionCode: '370300000000' })).status,
    ).toBe(201);
    const key = (await call(first.url, 'POST', '/v1/admin/departments/D-X/keys', admin, {})).body.key;
    const records = Array.from({ length: 200 }, (_, i) => rec.withdrawn(`k-${i}`, `case-${i}`));
    const answer = await call(first.url, 'POST', '/v1/events', key, { records });
    first.child.kill('SIGKILL'); // the moment after answering
    expect(answer.body.results.every((r: any) => r.status === 'accepted')).toBe(true);
    await exited(first.child);

    const second = await start(port); // reaps the orphaned JVM, opens the same data
    expect(second.output()).not.toMatch(/Administrator token \(saved/); // token reused, not regenerated
    const again = await call(second.url, 'POST', '/v1/events', key, { records });
    expect(again.body.results.map((r: any) => r.status)).toEqual(records.map(() => 'duplicate'));
    expect((await call(second.url, 'GET', '/v1/records/D-X/k-199', key)).status).toBe(200);
    // A mistyped API path answers in the API's own shape, not with the dashboard's static 404.
    const typo = await call(second.url, 'GET', '/v1/record/D-X/k-199', key);
    expect(typo.status).toBe(404);
    expect(typo.body.error).toMatchObject({ code: 'not_found', messageZh: expect.stringContaining('接口不存在') });

    const jvmPid = Number(readFileSync(pidFileIn(join(dataDir, 'dynamodb')), 'utf8'));
    expect(jvmAlive(jvmPid)).toBe(true);
    second.child.kill('SIGINT');
    await exited(second.child);
    await new Promise((r) => setTimeout(r, 300));
    expect(jvmAlive(jvmPid)).toBe(false);
    expect(existsSync(pidFileIn(join(dataDir, 'dynamodb')))).toBe(false);

    // --demo never loads into (or clears) a folder that holds someone's data.
    await expect(start(port, ['--demo'])).rejects.toThrow(/exited 1:[\s\S]*already holds data that is not the demo city/);
    const third = await start(port);
    expect((await call(third.url, 'GET', '/v1/records/D-X/k-199', key)).status).toBe(200);
    third.child.kill('SIGINT');
    await exited(third.child);
  }, 240_000);

  it('--demo loads the demo city on the first start only, opens on it, and counts what is posted afterwards', async () => {
    const port = await freePort();
    const stagesBefore = stageFolders();
    const first = await start(port, ['--demo', '--demo-cases', '60'], demoDir);
    // It opens once the last two months are counted; older months load after, and writes wait meanwhile.
    expect(first.output()).toMatch(/最近两个月已载入 the last two months loaded in \d+ s: \d+ records, 43 departments, 1935 items/);
    expect(first.output()).toMatch(/supervisor \/ demo-supervisor/);
    // Where memory-backed room exists (Linux's /dev/shm), the first load was built there and moved
    // to the data folder before the server opened; nothing of it stays in memory.
    if (/moved to the data folder on disk/.test(first.output())) expect(stageFolders()).toEqual(stagesBefore);
    const token = (await call(first.url, 'POST', '/v1/auth/login', undefined, { username: 'supervisor', password: 'demo-supervisor' })).body
      .token;
    const seen: Array<{ monthsDone: number; monthsTotal: number }> = [];
    for (let i = 0; i < 600; i++) {
      const status = (await call(first.url, 'GET', '/v1/pipeline', token)).body;
      if (!status.history) break;
      seen.push(status.history);
      const refused = await call(
        first.url,
        'POST',
        '/v1/admin/departments',
        readFileSync(join(demoDir, 'admin-token.txt'), 'utf8').trim(),
        { code: 'D-Y', name: '等待局', regionCode: '370300000000' },
      );
      if ((await call(first.url, 'GET', '/v1/pipeline', token)).body.history) expect(refused.status).toBe(503);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await call(first.url, 'GET', '/v1/pipeline', token)).body.history).toBeUndefined();
    for (const h of seen) expect(h.monthsDone).toBeLessThanOrEqual(h.monthsTotal);
    expect(first.output()).toMatch(/演示城市已全部载入 the whole demo city loaded in \d+ s/);
    const lastYear = new Date().getUTCFullYear() - 1;
    const year = `from=${lastYear}-01-01&to=${lastYear}-12-31`;
    const loaded = (await call(first.url, 'GET', `/v1/figures?${year}`, token)).body.cases.accepted;
    expect(loaded).toBeGreaterThan(30);

    // The stream is on after the load: a record posted now shows in the figures.
    const admin = readFileSync(join(demoDir, 'admin-token.txt'), 'utf8').trim();
    expect(
      (await call(first.url, 'POST', '/v1/admin/departments', admin, { code: 'D-X', name: '测试局', regionCode: '370300000000' })).status,
    ).toBe(201);
    const key = (await call(first.url, 'POST', '/v1/admin/departments/D-X/keys', admin, {})).body.key;
    expect((await call(first.url, 'POST', '/v1/events', key, { records: [rec.accepted('x-1', 'X-1')] })).body.results[0].status).toBe(
      'accepted',
    );
    const counted = async (url: string) =>
      (await call(url, 'GET', '/v1/figures?from=2024-03-01&to=2024-03-01&department=D-X', token)).body.cases.accepted;
    for (let i = 0; i < 150 && (await counted(first.url)) !== 1; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await counted(first.url)).toBe(1);
    first.child.kill('SIGINT');
    await exited(first.child);

    // The second start opens the same city without loading it again.
    const second = await start(port, ['--demo', '--demo-cases', '60'], demoDir);
    expect(second.output()).not.toMatch(/Loading the demo city/);
    const token2 = (await call(second.url, 'POST', '/v1/auth/login', undefined, { username: 'supervisor', password: 'demo-supervisor' }))
      .body.token;
    expect((await call(second.url, 'GET', `/v1/figures?${year}`, token2)).body.cases.accepted).toBe(loaded);
    expect(await counted(second.url)).toBe(1);
    second.child.kill('SIGINT');
    await exited(second.child);
  }, 600_000);

  it('a demo first start killed while loading leaves nothing behind: the next start clears it and loads anew', async () => {
    const port = await freePort();
    const first = await processes.start(port, killedDir, ['--demo', '--demo-cases', '60'], /departments 部门 \d+/);
    const loading = JSON.parse(readFileSync(join(killedDir, 'demo-loading.json'), 'utf8')) as { stage?: string };
    const jvm = Number(readFileSync(pidFileIn(join(killedDir, 'dynamodb')), 'utf8'));
    first.child.kill('SIGKILL'); // in the middle of the first load (the city set-up takes seconds)
    await exited(first.child);
    expect(jvmAlive(jvm)).toBe(true); // its DynamoDB Local is orphaned…
    if (loading.stage) expect(existsSync(loading.stage)).toBe(true); // …with the load it was building in memory

    const second = await start(port, ['--demo', '--demo-cases', '60'], killedDir);
    expect(second.output()).toMatch(/The last demo load did not finish: starting it over/);
    expect(jvmAlive(jvm)).toBe(false);
    if (loading.stage) expect(existsSync(loading.stage)).toBe(false);
    expect(second.output()).toMatch(/最近两个月已载入 the last two months loaded in \d+ s: \d+ records, 43 departments, 1935 items/);
    const login = await call(second.url, 'POST', '/v1/auth/login', undefined, { username: 'supervisor', password: 'demo-supervisor' });
    expect(login.status).toBe(200);
    second.child.kill('SIGINT');
    await exited(second.child);
  }, 600_000);
});
