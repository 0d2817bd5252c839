// End to end in Chromium: the 材料/免证 page ranks the e-licence types (电子证照类型) with the
// numbers of GET /v1/figures/licences, in Chinese and English, and its CSV is that table. A small
// city (one department, three cases) posted through the real API of `npm start`'s server, so the
// check stays quick; the full dashboard scenario checks the same card in dashboard.test.ts.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../web/src/format/csv';

const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ADMIN_TOKEN = `e2e-admin-${randomUUID()}`;
const YEAR = new Date().getUTCFullYear();

type Local = Awaited<ReturnType<typeof import('../../functions/local/start.js').startLocal>>;
let local: Local;
let browser: Browser;
let dataDir: string;

async function api(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(local.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

describe('材料/免证 page: e-licence types (Chromium)', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
      { cwd: ROOT, stdio: 'inherit' },
    );
    dataDir = mkdtempSync(join(tmpdir(), 'sp-lic-e2e-'));
    process.env.ADMIN_TOKEN = ADMIN_TOKEN; // this file runs in its own fork
    const { startLocal } = await import('../../functions/local/start.js');
    local = await startLocal(['--port', '0', '--data-dir', dataDir]);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });

    expect(
      (
        await api('POST', '/v1/admin/licences', ADMIN_TOKEN, {
          licences: [
            { code: 'DZZZ001', name: '居民身份证' },
            { code: 'DZZZ002', name: '户口簿' },
            { code: 'DZZZ006', name: '不动产权证书' },
          ],
        })
      ).status,
    ).toBe(200);
    expect(
      (await api('POST', '/v1/admin/departments', ADMIN_TOKEN, { code: 'D-GAJ', name: '淄博市公安局', regionCode: '370300000000' })).status,
    ).toBe(201);
    const key = (await api('POST', '/v1/admin/departments/D-GAJ/keys', ADMIN_TOKEN, {})).body.key;
    const item = {
      name: '户口迁移',
      departmentCode: 'D-GAJ',
      kind: 'public_service',
      statutoryDays: 20,
      promisedDays: 5,
      levels: ['city', 'county'],
      effectiveFrom: `${YEAR}-01-01`,
      materials: [
        { code: 'M1', name: '居民身份证', kind: 'certificate', exemption: 'e_license', licenceCode: 'DZZZ001' },
        { code: 'M2', name: '户口簿', kind: 'certificate', exemption: 'e_license', licenceCode: 'DZZZ002' },
        { code: 'M3', name: '不动产权证书', kind: 'certificate', exemption: 'e_license', licenceCode: 'DZZZ006' },
      ],
    };
    expect((await api('PUT', '/v1/catalog/items/GA-001', key, item)).status).toBe(200);
    const accepted = (id: string, vias: string[]) => ({
      id,
      type: 'case.accepted',
      at: `${YEAR}-01-05T09:30:00+08:00`,
      caseId: id,
      itemCode: 'GA-001',
      regionCode: '370303001000',
      channel: 'window',
      assisted: 'none',
      greenChannel: false,
      applicant: { type: 'person', ageBand: 'under_60' },
      materials: ['M1', 'M2', 'M3'].map((code, i) => ({ code, via: vias[i] })),
    });
    const r = await api('POST', '/v1/events', key, {
      records: [
        accepted('c1', ['e_license', 'e_license', 'paper']),
        accepted('c2', ['e_license', 'paper', 'paper']),
        accepted('c3', ['e_license', 'e_license', 'upload']),
      ],
    });
    expect(r.body.results.map((x: any) => x.status)).toEqual(['accepted', 'accepted', 'accepted']);
    // Counted by the server's own stream consumer within a few seconds (minutes on a loaded machine).
    for (let i = 0; i < 240; i++) {
      if ((await api('GET', `/v1/figures/licences?from=${YEAR}-01-01&to=${YEAR}-12-31`, ADMIN_TOKEN)).body.rows?.[0]?.cases === 3) break;
      await new Promise((res) => setTimeout(res, 1000));
    }
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await local?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('ranks the licence types by cases, in Chinese and English, and downloads the table as CSV', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${local.url}/`);
    await page.getByRole('radio', { name: '管理员令牌' }).check();
    await page.getByLabel('令牌', { exact: true }).fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '系统管理' }).waitFor();
    await page.goto(`${local.url}/#/certificate-free?period=thisYear`);
    const card = page.locator('[data-chart="licence-ranking"]');
    await card.getByText('电子证照类型排名').waitFor();
    await expect.poll(() => card.innerText(), { timeout: 60_000 }).toContain('证照目录共 3 类，事项目录已关联 3 类，本期使用 2 类');
    // Hand-worked: 居民身份证 3 cases, 户口簿 2, 不动产权证书 named but never used.
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: '下载 CSV' }).click()]);
    const csv = parseCsv(readFileSync(await download.path(), 'utf8'));
    expect(csv).toEqual([
      ['排名', '证照类型', '证照类型编码', '免提交办件数', '免提交材料份数', '关联事项数'],
      ['1', '居民身份证', 'DZZZ001', '3', '3', '1'],
      ['2', '户口簿', 'DZZZ002', '2', '2', '1'],
      ['3', '不动产权证书', 'DZZZ006', '0', '0', '1'],
    ]);
    // The card fits its container at 1440 px.
    expect(await card.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await expect.poll(() => card.innerText(), { timeout: 30_000 }).toContain('E-licence types');
    expect(await card.innerText()).toContain('The e-licence catalog has 3 types, the item catalog names 3, 2 were used in the period');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
