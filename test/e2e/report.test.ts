// End to end in Chromium: `npm start`'s server (built web app, real API, DynamoDB Local, the
// stream aggregator and the report scheduler). Records for the last two closed months are posted
// by department keys; the scheduler generates the missing reports; a leader signs in, filters the
// 月度报告 archive, opens the city report, downloads Excel and PDF; an administrator regenerates
// it and sees the version history. The printed page is saved at A4 to test-artifacts/.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, screenshotTo, startE2eApp, type E2eApp } from '../support/e2e-app.js';
import { defaultCalendar, shanghaiDate } from '../../shared/calendar/index.js';
import { addMonths, monthLabel, monthRange } from '../../shared/reports/month.js';
import { item, rec } from '../support/builders.js';

const ADMIN_TOKEN = `e2e-admin-${randomUUID()}`;
const PASSWORD = 'report-reader-2026';

type Local = Awaited<ReturnType<typeof import('../../functions/local/start.js').startLocal>>;
let local: Local;
let browser: Browser;
let app: E2eApp;

/** The last closed month (Shanghai) and the one before: the scheduler's first catch-up. */
const M = addMonths(shanghaiDate(new Date()).slice(0, 7), -1);
const P = addMonths(M, -1);

/** The n-th working day (1-based) of a month. */
function workingDay(month: string, n: number): string {
  let d = monthRange(month).from;
  for (let seen = 0; ; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
    if (defaultCalendar.isWorkingDay(d) && ++seen === n) return d;
  }
}

const api = (method: string, path: string, token: string, body?: unknown) => app.api(method, path, token, body);

async function signIn(page: Page, username: string) {
  await page.goto(`${local.url}/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

describe('monthly reports in the web app (Chromium)', () => {
  beforeAll(async () => {
    app = await startE2eApp({ adminToken: ADMIN_TOKEN, dataDirPrefix: 'sp-e2e-report-' });
    local = app.local;
    browser = app.browser;

    // Two departments, their items, and cases of the last two closed months.
    const keys: Record<string, string> = {};
    for (const [code, name, region] of [
      ['D-SJJ', '淄博市市场监督管理局', '370300000000'],
      ['D-370303-XZSPJ', '张店区行政审批服务局', '370303000000'],
    ] as const) {
      expect((await api('POST', '/v1/admin/departments', ADMIN_TOKEN, { code, name, regionCode: region })).status).toBe(201);
      keys[code] = (await api('POST', `/v1/admin/departments/${code}/keys`, ADMIN_TOKEN, {})).body.key;
      expect(
        (
          await api(
            'PUT',
            `/v1/catalog/items/ITEM-${code}`,
            keys[code]!,
            item(code, { itemCode: `ITEM-${code}`, effectiveFrom: '2024-01-01' }),
          )
        ).status,
      ).toBe(200);
    }
    for (const [code, n] of [
      ['D-SJJ', 40],
      ['D-370303-XZSPJ', 12],
    ] as const) {
      const records: unknown[] = [];
      for (const month of [P, M]) {
        for (let i = 0; i < n; i++) {
          const id = `${month}-${i}`;
          records.push(
            rec.accepted(`${id}-a`, id, {
              itemCode: `ITEM-${code}`,
              at: `${workingDay(month, 1)}T09:00:00+08:00`,
              regionCode: i % 2 ? '370303001000' : '370302001000',
            }),
          );
          records.push(rec.completed(`${id}-c`, id, { at: `${workingDay(month, i % 10 === 0 ? 12 : 3)}T16:00:00+08:00` }));
          if (i % 3 === 0)
            records.push(
              rec.evaluation(`${id}-e`, `E${id}`, {
                itemCode: `ITEM-${code}`,
                score: i % 9 === 0 ? 2 : 5,
                at: `${workingDay(month, 4)}T10:00:00+08:00`,
              }),
            );
        }
        records.push(rec.complaint(`${month}-k`, `K${month}`, { itemCode: `ITEM-${code}`, at: `${workingDay(month, 5)}T10:00:00+08:00` }));
      }
      const r = await api('POST', '/v1/events', keys[code]!, { records });
      expect(r.body.results.filter((x: any) => x.status !== 'accepted')).toEqual([]);
    }
    for (const [username, role, scope] of [
      ['leader', 'leadership', { kind: 'all' }],
      ['zhangdian', 'supervisor', { kind: 'region', regionCode: '370303000000' }],
    ] as const) {
      expect(
        (
          await api('POST', '/v1/admin/users', ADMIN_TOKEN, {
            username,
            displayName: username === 'leader' ? '王局长' : '张店区督查',
            role,
            scope,
            password: PASSWORD,
          })
        ).status,
      ).toBe(201);
    }
  }, 240_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('the scheduler inside npm start generates the missing reports of closed months', async () => {
    await local.stream.idle();
    const r = await local.reportScheduler.runNow();
    expect(r?.months).toEqual([P, M]);
    expect(r?.generated).toEqual(
      expect.arrayContaining([
        `${P}~city`,
        `${M}~city`,
        `${M}~county~370302`,
        `${M}~county~370303`,
        `${M}~department~D-SJJ`,
        `${M}~department~D-370303-XZSPJ`,
      ]),
    );
    expect(r?.failed).toEqual([]);
    expect((await local.reportScheduler.runNow())?.generated).toEqual([]); // idempotent
  }, 120_000);

  it('a leader filters the archive, opens, downloads and prints the city report', async ({ onTestFailed }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The report page renders the report's own HTML (a <style> block, style attributes) under the server's CSP.
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) errors.push(`CSP: ${m.text()}`);
    });
    onTestFailed(async () => {
      await screenshotTo(page, 'report-e2e-failure.png');
    });
    await signIn(page, 'leader');
    // A leader lands on the newest city report (its summary first), not on the supervisors' filters.
    const landing = page.locator('.sp-report');
    await landing.getByRole('heading', { level: 1 }).waitFor();
    expect(await landing.getByRole('heading', { level: 1 }).innerText()).toBe(`淄博市 ${monthLabel(M, 'zh-CN')} 政务服务效能月度报告`);
    expect(page.url()).toContain('latest=1');
    // One page, one title: the report's own heading (a second, hidden one once made two pages' titles match at once).
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '月度报告' }).click();
    await page.getByRole('heading', { level: 1, name: '月度报告', exact: true }).waitFor();
    const rows = page.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBeGreaterThan(6);
    // Leadership has no generate form; filters narrow the list and go into the address.
    expect(await page.getByRole('heading', { name: '生成报告' }).count()).toBe(0);
    await page.getByLabel('月份', { exact: true }).fill(M);
    await page.getByLabel('范围', { exact: true }).selectOption('city');
    await expect.poll(() => page.url()).toContain(`scope=city`);
    await expect.poll(() => rows.count()).toBe(2);
    const mzh = monthLabel(M, 'zh-CN');
    await page.getByRole('link', { name: `查看报告：淄博市 ${mzh}` }).click();

    const paper = page.locator('.sp-report');
    await paper.getByRole('heading', { level: 1 }).waitFor();
    expect(await paper.getByRole('heading', { level: 1 }).innerText()).toBe(`淄博市 ${mzh} 政务服务效能月度报告`);
    expect(page.url()).toContain(`#/reports/${encodeURIComponent(`${M}~city`)}`);
    const text = await paper.innerText();
    for (const s of [
      '一、综述',
      '按期办结率',
      '三、排名',
      '淄博市市场监督管理局',
      '四、超期与长期等待事项',
      '五、投诉热点',
      '七、数据质量说明',
    ])
      expect(text).toContain(s);
    // The page is the API's own rendering of the archived document.
    const json = await api('GET', `/v1/reports/${M}~city`, ADMIN_TOKEN);
    expect(text).toContain(json.body.report.narrative.zh.slice(0, 20));

    const xlsx = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载 Excel' }).click();
    expect((await xlsx).suggestedFilename()).toBe(`servicepulse-report-${M}~city-v1.xlsx`);
    const pdf = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载 PDF' }).click();
    const pdfFile = join(ARTIFACTS, 'report-e2e-download.pdf');
    mkdirSync(ARTIFACTS, { recursive: true });
    await (await pdf).saveAs(pdfFile);
    expect(readFileSync(pdfFile).subarray(0, 5).toString()).toBe('%PDF-');
    expect(execFileSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' })).toContain('按期办结率');

    // Printed from the browser: A4, only the report (no app header or navigation).
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-nav').isVisible()).toBe(false);
    expect(await page.getByRole('toolbar').isVisible()).toBe(false);
    const printed = join(ARTIFACTS, 'report-print-a4.pdf');
    await page.pdf({ path: printed, format: 'A4', printBackground: true, preferCSSPageSize: true });
    execFileSync('pdftoppm', ['-png', '-r', '90', '-f', '1', '-l', '3', printed, join(ARTIFACTS, 'report-print-a4')]);
    const info = execFileSync('pdfinfo', [printed], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)/);
    expect(execFileSync('pdftotext', ['-f', '1', '-l', '1', printed, '-'], { encoding: 'utf8' })).not.toContain('主导航');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1000, height: 1400 });
    await page.screenshot({ path: join(ARTIFACTS, 'report-screen.png') });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('a district user sees only its district and departments', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, 'zhangdian');
    await page.goto(`${local.url}/#/monthly-report?month=${M}`);
    await page.getByRole('heading', { level: 1, name: '月度报告', exact: true }).waitFor();
    const names = page.getByRole('table').getByRole('rowheader');
    await expect.poll(() => names.allInnerTexts()).toEqual(['张店区', '张店区行政审批服务局']);
    await page.goto(`${local.url}/#/reports/${M}~city`);
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('超出您的权限范围');
    await context.close();
  }, 60_000);

  it('an administrator regenerates a report and sees which version is current and what changed', async ({ onTestFailed }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    onTestFailed(async () => {
      await screenshotTo(page, 'report-e2e-admin-failure.png');
    });
    await page.goto(`${local.url}/`);
    await page.getByRole('radio', { name: '管理员令牌' }).check();
    await page.getByLabel('令牌', { exact: true }).fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
    await page.goto(`${local.url}/#/reports/${M}~city`);
    await page.locator('.sp-report').waitFor();
    await page.getByRole('button', { name: '重新生成（新版本）' }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('version=2');
    const history = page.locator('details', { hasText: '版本记录' });
    await expect.poll(() => history.innerText()).toContain('第 2 版 · 当前版本 · 正在查看');
    expect(await history.innerText()).toContain('与上一版相比指标无变化');
    await history.getByRole('link', { name: '查看第 1 版' }).click();
    await expect.poll(() => page.locator('.notice-warning').innerText()).toContain('您正在查看第 1 版，当前版本为第 2 版');
    expect(await page.locator('.sp-report .sp-notice').innerText()).toContain('不是当前版本');
    await context.close();
  }, 60_000);
});
