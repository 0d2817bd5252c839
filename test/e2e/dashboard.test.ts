// End to end in Chromium: the supervisors' dashboard (issue 5), built from the current sources and
// served in front of `npm start`'s server (startLocal: API, DynamoDB Local, aggregator) with a
// seeded city posted through the real API with department keys.
// A city supervisor signs in, opens every page (axe-core: no serious or critical violations; a
// screenshot of each in test-artifacts/), changes filters and sees the URL and the numbers change,
// drills from a red warning to its case and reads why it is red, downloads CSVs equal to the
// figures API, switches to English and to 长辈模式, and uses the keyboard; a district supervisor
// cannot see another district, in the page or through the API. (Render time is measured by
// `npm run bench:web`, not here.) Needs Chromium (/usr/bin/chromium, or CHROMIUM_PATH).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../web/src/format/csv';
import { seedDashboardScenario, type ScenarioFacts, type ScenarioUser } from '../support/dashboard-scenario';
import { serveBuild } from '../support/dashboard-static';

const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');
const ADMIN_TOKEN = `e2e-admin-${randomUUID()}`;
const PAGES = [
  ['overview', '总览'],
  ['timeliness', '办件时效'],
  ['certificate-free', '免证办与材料精简'],
  ['elderly-nearby', '适老化与就近办'],
  ['complaints', '投诉与好差评'],
  ['data-feed', '数据接入'],
] as const;

type Local = Awaited<ReturnType<typeof import('../../functions/local/start.js').startLocal>>;
let local: Local;
/** The app (a private build) in front of the local server; API calls pass through to it. */
let app: { url: string; close: () => Promise<void> };
let webDir: string;
let browser: Browser;
let dataDir: string;
let facts: ScenarioFacts;
const timings: { seedMs?: number; overview?: Array<{ run: string; figures: number; chart: number }> } = {};

/**
 * Builds the web app from the current sources into a folder of its own (web/dist is shared with
 * other test files that rebuild it while we browse; see test/support/dashboard-static.ts).
 */
async function buildWeb(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'sp-web-'));
  await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'warn',
      '--outDir',
      out,
      '--emptyOutDir',
    ],
    { cwd: ROOT },
  );
  return out;
}

async function api(path: string, token: string) {
  const res = await fetch(local.url + path, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

/** Every axe violation by page (none may be serious or critical), printed after the suite. */
const axeSummary: Record<string, string[]> = {};

/** The page of the running test, photographed if the test fails. */
let current: Page | undefined;

function watch(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => {
    errors.push(e.message);
    console.error('pageerror', e.message);
  });
  // A page that fails to render is caught by the shell's error boundary, which logs the cause.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) {
      errors.push(m.text());
      console.error('console', m.text());
    }
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url().includes('/v1/')) console.error('response', r.status(), r.url());
  });
  return errors;
}

/**
 * Waits until every chart card of the page has its data and every chart is drawn (no loading
 * placeholder left). A chart is drawn when it comes near the screen, so the page is scrolled to
 * each chart still waiting, as a reader would, and back to the top.
 */
async function loaded(page: Page) {
  await page.locator('.chart-card').first().waitFor();
  await page
    .waitForFunction(
      () => {
        const waiting = document.querySelectorAll('.chart-loading, .chart-placeholder, [aria-busy="true"]');
        const placeholder = document.querySelector('.chart-placeholder');
        if (placeholder) placeholder.scrollIntoView({ block: 'center' });
        else if (!waiting.length) window.scrollTo(0, 0);
        return waiting.length === 0;
      },
      undefined,
      { timeout: 60_000, polling: 100 },
    )
    .catch(async (e: Error) => {
      // Say which cards never got their data.
      const busy = await page.evaluate(() =>
        [...document.querySelectorAll('.chart-loading, .chart-placeholder, [aria-busy="true"]')].map(
          (el) => el.closest('.chart-card')?.querySelector('h2, h3')?.textContent ?? el.outerHTML.slice(0, 120),
        ),
      );
      throw new Error(`${e.message} — still loading on ${page.url()}: ${busy.join(' | ')}`);
    });
}

async function axe(page: Page, name: string) {
  // Loaded from the page's own origin: the server's CSP refuses injected inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ url: `${app.url}/__e2e/axe.min.js` });
  const violations = await page.evaluate(async () => {
    const r = await (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            o: object,
          ) => Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: unknown[] }> }> }>;
        };
      }
    ).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  axeSummary[name] = violations.map((v) => `${v.id}(${v.impact}×${v.nodes.length})`);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `${name}: ${JSON.stringify(bad, null, 1)}`).toEqual([]);
  return violations;
}

async function shot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });
}

async function signIn(context: BrowserContext, user: ScenarioUser): Promise<Page> {
  const page = await context.newPage();
  current = page;
  await page.goto(`${app.url}/`);
  await page.getByLabel('用户名', { exact: true }).fill(user.username);
  await page.getByLabel('密码', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { level: 1, name: '总览' }).waitFor();
  return page;
}

const hashParams = (page: Page) => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
const tileValue = (page: Page, card: string, figure: string) =>
  page.locator(`[data-chart="${card}"] [data-figure="${figure}"] .tile-value`).innerText();
const fmt = (n: number) => new Intl.NumberFormat('zh-CN').format(n);

async function downloadCsv(page: Page, card: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`[data-chart="${card}"]`).getByRole('button', { name: '下载 CSV' }).click(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

describe('supervisors’ dashboard (Chromium)', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    dataDir = mkdtempSync(join(tmpdir(), 'sp-dash-e2e-'));
    process.env.ADMIN_TOKEN = ADMIN_TOKEN; // this file runs in its own fork
    const { startLocal } = await import('../../functions/local/start.js');
    local = await startLocal(['--port', '0', '--data-dir', dataDir]);
    const t0 = Date.now();
    // Seed (mostly waiting on DynamoDB Local) while the web app builds in another process.
    const seeded = seedDashboardScenario({ url: local.url, adminToken: ADMIN_TOKEN, scale: 0.08, months: 1 }).then(async (f) => {
      await local.stream.idle(240_000);
      return f;
    });
    [facts, webDir] = await Promise.all([seeded, buildWeb()]);
    app = await serveBuild(webDir, local.url, { '/__e2e/axe.min.js': AXE });
    timings.seedMs = Date.now() - t0;
    console.log(`dashboard e2e: ${facts.recordsPosted} records seeded and aggregated (web app built meanwhile) in ${timings.seedMs} ms`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
    });
  }, 420_000);

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail' && current && !current.isClosed()) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await current
        .screenshot({ path: join(ARTIFACTS, `dashboard-failure-${task.name.slice(0, 40).replace(/\W+/g, '_')}.png`), fullPage: true })
        .catch(() => undefined);
    }
    current = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await local?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (webDir) rmSync(webDir, { recursive: true, force: true });
    console.log(
      `dashboard e2e: overview (ms from navigation to headline figures / to the first chart): ${JSON.stringify(timings.overview)}`,
    );
    console.log(`dashboard e2e: axe violations (all impacts) by page: ${JSON.stringify(axeSummary)}`);
  });

  it('opens every page with data, accessible and photographed, and changes filters through the URL', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    const page = await signIn(context, facts.users.city);
    const errors = watch(page);
    const nav = page.getByRole('navigation', { name: '主导航' });
    for (const [id, title] of PAGES) {
      await nav.getByRole('link', { name: title, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      expect(new URL(page.url()).hash).toMatch(new RegExp(`^#/${id}`));
      await loaded(page);
      expect(await page.locator('.chart-card [role="alert"]').count(), `${id}: an error is shown`).toBe(0);
      // Every page says how fresh its figures are, and no banner says they are behind.
      await expect.poll(() => page.locator('.pipeline-line').textContent()).toMatch(/^数据截至 \d{2}:\d{2}:\d{2}/);
      expect(await page.locator('.pipeline-banner').count()).toBe(0);
      if (id === 'data-feed') {
        // The data-quality card: how many cases cannot be judged, and the pipeline's state.
        expect(await page.locator('[data-chart="feeds-quality"] [data-figure="cannot-judge"] .tile-value').textContent()).toMatch(/^\d/);
        expect(await page.locator('.pipeline-facts').textContent()).toContain('最近一次计数成功');
      }
      await axe(page, id);
      await shot(page, id);
    }

    // Overview: 本月 → 上月 changes the URL and the numbers, and they are the API's.
    await nav.getByRole('link', { name: '总览', exact: true }).click();
    await loaded(page);
    const token = (await page.evaluate(() => sessionStorage.getItem('servicepulse.token')))!;
    const thisMonth = await tileValue(page, 'headlines', 'accepted');
    await page.getByRole('radio', { name: '上月' }).check();
    await expect.poll(() => hashParams(page).get('period')).toBe('lastMonth');
    await loaded(page);
    const d = new Date(`${facts.today}T00:00:00Z`);
    const lastEnd = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 0)).toISOString().slice(0, 10);
    const lastFrom = `${lastEnd.slice(0, 7)}-01`;
    const last = (await api(`/v1/figures?from=${lastFrom}&to=${lastEnd}`, token)).body;
    await expect.poll(() => tileValue(page, 'headlines', 'accepted')).toBe(fmt(last.cases.accepted));
    const cur = (await api(`/v1/figures?from=${facts.today.slice(0, 7)}-01&to=${facts.today}`, token)).body;
    expect(thisMonth).toBe(fmt(cur.cases.accepted));
    const key = (f: any) => [f.cases.accepted, f.cases.completed, f.cases.onTimeRate, f.materials.required].join();
    expect(key(last)).not.toBe(key(cur)); // the numbers changed with the period

    // A department (then a district with it: department + county is answered).
    await page.getByRole('combobox', { name: '部门' }).selectOption({ label: '淄博市市场监督管理局' });
    await expect.poll(() => hashParams(page).get('dept')).toBe('D-SJJ');
    await loaded(page);
    const sjj = (await api(`/v1/figures?from=${lastFrom}&to=${lastEnd}&department=D-SJJ`, token)).body;
    await expect.poll(() => tileValue(page, 'headlines', 'accepted')).toBe(fmt(sjj.cases.accepted));
    await page.getByRole('combobox', { name: '区县 / 街镇' }).selectOption('370303000000');
    await expect.poll(() => hashParams(page).get('region')).toBe('370303000000');
    expect(hashParams(page).get('dept')).toBe('D-SJJ');
    await loaded(page);
    const sjjZd = (await api(`/v1/figures?from=${lastFrom}&to=${lastEnd}&department=D-SJJ&region=370303000000`, token)).body;
    await expect.poll(() => tileValue(page, 'headlines', 'accepted')).toBe(fmt(sjjZd.cases.accepted));
    // A channel cannot be combined with them: they are cleared (and the page says so), never a 400.
    await page.getByRole('combobox', { name: '办理渠道' }).selectOption('online');
    await expect.poll(() => hashParams(page).get('channel')).toBe('online');
    expect(hashParams(page).get('dept')).toBeNull();
    expect(hashParams(page).get('region')).toBeNull();
    await page.getByText('该条件不能与其他条件同时使用，已清除：部门、区县 / 街镇。').waitFor();
    await loaded(page);
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    // A link reproduces the view: reload, same filters, same number.
    const before = await tileValue(page, 'headlines', 'onlineShare');
    await page.reload();
    await loaded(page);
    expect(await page.getByRole('combobox', { name: '办理渠道' }).inputValue()).toBe('online');
    expect(await page.getByRole('radio', { name: '上月' }).isChecked()).toBe(true);
    expect(await tileValue(page, 'headlines', 'onlineShare')).toBe(before);
    // Compare with the same period last year: the URL says so and the tiles say "较去年同期".
    await page.getByRole('combobox', { name: '对比' }).selectOption('year');
    await expect.poll(() => hashParams(page).get('compare')).toBe('year');
    await loaded(page);
    expect(await page.locator('[data-chart="headlines"]').innerText()).toMatch(/较去年同期|无可比数据/);
    await page.getByRole('button', { name: '清除筛选' }).click();
    await expect.poll(() => hashParams(page).get('channel')).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('drills from a red warning to its case and shows why it is red', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await signIn(context, facts.users.city);
    const errors = watch(page);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '办件时效' }).click();
    await loaded(page);
    const red = page.locator('[data-chart="warnings-red"]');
    const { department, caseId, deadline, acceptedOn } = facts.explainedRedCase;
    const row = red.getByRole('row', { name: new RegExp(caseId) });
    await row.waitFor();
    expect(await row.innerText()).toContain('红牌'); // in words, not only red
    await row.getByRole('link', { name: caseId }).click();
    await page.getByRole('heading', { level: 1, name: `办件 ${caseId}` }).waitFor();
    expect(hashParams(page).get('caseDept')).toBe(department);
    const why = page.getByRole('region', { name: '为什么是红牌' });
    await why.waitFor();
    const zhDate = (iso: string) => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
    const text = await why.innerText();
    expect(text).toContain(`截止日 ${zhDate(deadline)} 已过`);
    expect(text).toContain(`受理日（当天不计，从次日起算）\t${zhDate(acceptedOn)}`);
    expect(text).toMatch(/承诺时限（法定时限 45 个工作日）\t\+10 个工作日\t10/);
    expect(text).toMatch(/延长（经批准）\t\+5 个工作日\t5/);
    expect(text).toMatch(/暂停计时 1：.*\t\+3 个工作日\t3/);
    expect(text).toContain('受理日后第 18 个工作日为截止日');
    expect(text).toContain(`第 18 个工作日（承诺 10 + 延长 5 + 暂停 3）为截止日 ${deadline}`); // the API's own rule
    // The API agrees, and the events are listed.
    const token = (await page.evaluate(() => sessionStorage.getItem('servicepulse.token')))!;
    const detail = (await api(`/v1/cases/${department}/${caseId}`, token)).body;
    expect(detail.clock).toMatchObject({ warning: 'red', deadline });
    const events = page.locator('[data-chart="case-events"] tbody tr');
    expect(await events.count()).toBe(detail.events.length);
    expect(await page.locator('[data-chart="case-events"]').innerText()).toMatch(/受理[\s\S]*暂停计时[\s\S]*恢复计时[\s\S]*延长时限/);
    await axe(page, 'case');
    await shot(page, 'case');
    // Back to the list, filters kept.
    await page.getByRole('link', { name: '← 返回办件时效' }).click();
    await page.getByRole('heading', { level: 1, name: '办件时效' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('works through the complaint and bad-review lists to a complaint, its timeline and its case', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    const page = await signIn(context, facts.users.city);
    const errors = watch(page);
    const token = (await page.evaluate(() => sessionStorage.getItem('servicepulse.token')))!;
    // From the first screen: 今日待办 → complaints not resolved over the last twelve months.
    await page.getByRole('navigation', { name: '今日待办' }).getByRole('link', { name: '未办结投诉（近一年）' }).click();
    await page.getByRole('heading', { level: 1, name: '投诉与好差评' }).waitFor();
    await loaded(page);
    expect(hashParams(page).get('cstate')).toBe('open');
    const yearAgo = new Date(Date.parse(`${facts.today}T00:00:00Z`) - 365 * 86_400_000).toISOString().slice(0, 10);
    const open = (await api(`/v1/complaints?from=${yearAgo}&to=${facts.today}&state=open&limit=20`, token)).body.complaints as any[];
    await expect
      .poll(async () => await page.locator('[data-chart="complaint-list"] tbody tr th').allInnerTexts())
      .toEqual(open.map((c) => c.complaintId));

    await page.goto(`${app.url}/#/complaints?period=lastMonth`);
    await page.getByRole('heading', { level: 1, name: '投诉与好差评' }).waitFor();
    await loaded(page);
    expect(await page.getByText('明细列表暂不可用').count()).toBe(0);
    const d = new Date(`${facts.today}T00:00:00Z`);
    const to = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 0)).toISOString().slice(0, 10);
    const from = `${to.slice(0, 7)}-01`;

    // The list is the API's, newest first; choosing a state asks the API for that state.
    const list = page.locator('[data-chart="complaint-list"]');
    const all = (await api(`/v1/complaints?from=${from}&to=${to}&limit=20`, token)).body.complaints as any[];
    expect(all.length).toBeGreaterThan(0);
    await expect.poll(async () => await list.locator('tbody tr th').allInnerTexts()).toEqual(all.map((c) => c.complaintId));
    const late = all.filter((c) => c.late);
    for (const c of late)
      expect(await list.getByRole('row', { name: new RegExp(c.complaintId) }).innerText()).toMatch(/响应超期|办结超期|均超期/);
    await list.getByRole('combobox', { name: '显示' }).selectOption({ label: '已办结' });
    const resolved = (await api(`/v1/complaints?from=${from}&to=${to}&state=resolved&limit=20`, token)).body.complaints as any[];
    await expect.poll(async () => await list.locator('tbody tr th').allInnerTexts()).toEqual(resolved.map((c) => c.complaintId));

    // One complaint with a case: its deadlines, its records, then its case.
    const linked = resolved.find((c) => c.caseId) ?? resolved[0];
    await list.getByRole('link', { name: linked.complaintId, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `投诉 ${linked.complaintId}` }).waitFor();
    await loaded(page);
    const factsText = await page.locator('.facts').innerText();
    expect(factsText).toContain('响应期限');
    expect(factsText).toContain(facts.departments.find((x) => x.code === linked.department)!.name);
    const detail = (await api(`/v1/complaints/${linked.department}/${linked.complaintId}`, token)).body;
    expect(await page.locator('[data-chart="feedback-events"] tbody tr').count()).toBe(detail.events.length);
    await axe(page, 'complaint');
    await shot(page, 'complaint');
    if (linked.caseId) {
      await page.getByRole('link', { name: `查看办件 ${linked.caseId}` }).click();
      await page.getByRole('heading', { level: 1, name: `办件 ${linked.caseId}` }).waitFor();
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: `投诉 ${linked.complaintId}` }).waitFor();
    }
    await page.getByRole('link', { name: '← 返回投诉与好差评' }).click();
    await page.getByRole('heading', { level: 1, name: '投诉与好差评' }).waitFor();
    await loaded(page);

    // Bad reviews not rectified (the default), and the whole list as the API's CSV.
    const reviews = page.locator('[data-chart="bad-review-list"]');
    const unrectified = (await api(`/v1/evaluations?from=${from}&to=${to}&bad=true&state=unrectified&limit=20`, token)).body
      .evaluations as any[];
    await expect.poll(async () => await reviews.locator('tbody tr th').allInnerTexts()).toEqual(unrectified.map((e) => e.evaluationId));
    const [download] = await Promise.all([page.waitForEvent('download'), list.getByRole('button', { name: '下载全部明细 CSV' }).click()]);
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs for Chinese
    const csv = parseCsv(bytes.toString('utf8'));
    expect(csv[0]!.slice(0, 3)).toEqual(['投诉编号', '部门编码', '部门']);
    expect(csv.slice(1).map((r) => r[0])).toEqual(expect.arrayContaining(resolved.map((c) => c.complaintId)));
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('fits every table and card in its container at 1440 px, and names the scope in the header', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await signIn(context, facts.users.zhangdian);
    const errors = watch(page);
    await expect.poll(() => page.getByRole('banner').innerText()).toContain('区域 张店区');
    expect(await page.getByRole('banner').innerText()).not.toContain('370303000000');
    await context.close();

    const wide = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const city = await signIn(wide, facts.users.city);
    const cityErrors = watch(city);
    const overflowing: string[] = [];
    for (const id of [...PAGES.map(([p]) => p), 'monthly-report']) {
      await city.goto(`${app.url}/#/${id}?period=lastMonth`);
      if (id === 'monthly-report') await city.getByRole('heading', { level: 1, name: '月度报告', exact: true }).waitFor();
      else await loaded(city);
      const show = city.getByRole('button', { name: '显示数据表' });
      for (let n = await show.count(); n > 0; n--) await show.first().click(); // each click turns one into 隐藏数据表
      // Every table inside its scroll box, every card inside the page's main column.
      const bad = await city.evaluate(() => {
        const out: string[] = [];
        const main = document.querySelector('main')!.getBoundingClientRect();
        for (const box of document.querySelectorAll<HTMLElement>('.table-scroll')) {
          const table = box.querySelector('table');
          if (table && table.scrollWidth > box.clientWidth + 1) {
            // Each column's width, so a failure says which column takes the room.
            const widths = [...table.querySelectorAll('thead th')].map(
              (th) => `${(th as HTMLElement).innerText.trim()} ${Math.round(th.getBoundingClientRect().width)}`,
            );
            out.push(
              `table ${box.closest('[data-chart]')?.getAttribute('data-chart')}: ${table.scrollWidth} > ${box.clientWidth} (${widths.join(', ')})`,
            );
          }
        }
        for (const card of document.querySelectorAll<HTMLElement>('.card')) {
          const r = card.getBoundingClientRect();
          if (r.right > main.right + 1 || card.scrollWidth > card.clientWidth + 1)
            out.push(`card ${card.getAttribute('data-chart')}: ${Math.round(r.right)} > ${Math.round(main.right)}`);
        }
        return out;
      });
      overflowing.push(...bad.map((x) => `${id}: ${x}`));
      await shot(city, `fit-${id}`);
    }
    expect(overflowing).toEqual([]);
    expect([...errors, ...cityErrors]).toEqual([]);
    await wide.close();
  }, 240_000);

  it('draws the charts of the first screen at once, the others as the reader scrolls to them, and all before printing', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await signIn(context, facts.users.city);
    const errors = watch(page);
    await page.goto(`${app.url}/#/timeliness?period=lastMonth`);
    const cards = page.locator('.chart-card:has(.chart-area)');
    // Every card has its data (nothing loading) and the charts near the first screen are drawn.
    await cards.first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.chart-loading, [aria-busy="true"]').length === 0, undefined, {
      timeout: 60_000,
    });
    const count = await cards.count();
    expect(count).toBeGreaterThanOrEqual(5);
    const state = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('.chart-card .chart-area')].map((a) => ({
          top: Math.round(a.getBoundingClientRect().top),
          drawn: a.querySelector('svg') !== null,
        })),
      );
    await expect.poll(async () => (await state()).filter((c) => c.top < 900).every((c) => c.drawn), { timeout: 30_000 }).toBe(true);
    await page.waitForTimeout(1_000);
    const before = await state();
    // Below the screen (further than the head start a chart has as the reader scrolls): not drawn yet.
    const far = before.filter((c) => c.top > 900 + 200);
    expect(far.length).toBeGreaterThan(0);
    expect(far.every((c) => !c.drawn)).toBe(true);
    // Scrolled to, the last chart is drawn.
    await cards.last().scrollIntoViewIfNeeded();
    await expect.poll(async () => (await state()).at(-1)!.drawn, { timeout: 30_000 }).toBe(true);
    // Printing draws every chart, wherever the reader is.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.reload();
    await cards.first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.chart-loading, [aria-busy="true"]').length === 0, undefined, {
      timeout: 60_000,
    });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await expect.poll(async () => (await state()).every((c) => c.drawn), { timeout: 30_000 }).toBe(true);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('on a phone, folds the filters and scrolls tables inside themselves only', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await signIn(context, facts.users.city);
    const errors = watch(page);
    await loaded(page);
    const toggle = page.getByRole('button', { name: '展开筛选条件' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('radio', { name: '上月' }).isVisible()).toBe(false);
    // The headline figures start on the first screen.
    const headlines = await page.locator('[data-chart="headlines"]').boundingBox();
    expect(headlines!.y).toBeLessThan(844);
    await toggle.click();
    await page.getByRole('radio', { name: '上月' }).check();
    await expect.poll(() => hashParams(page).get('period')).toBe('lastMonth');
    for (const id of ['timeliness', 'complaints', 'data-feed']) {
      await page.goto(`${app.url}/#/${id}?period=lastMonth`);
      await loaded(page);
      // The page never scrolls sideways: wide tables scroll inside their own box.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), id).toBeLessThanOrEqual(390);
    }
    await shot(page, 'phone-data-feed');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('downloads CSVs (UTF-8 with BOM) whose numbers are the figures API’s', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    const page = await signIn(context, facts.users.city);
    const token = (await page.evaluate(() => sessionStorage.getItem('servicepulse.token')))!;
    await page.goto(`${app.url}/#/overview?period=thisYear`);
    await loaded(page);
    const from = `${facts.today.slice(0, 4)}-01-01`;
    const figures = (await api(`/v1/figures?from=${from}&to=${facts.today}&compare=previous`, token)).body;
    const csv = await downloadCsv(page, 'headlines');
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    expect(csv.name).toBe(`主要指标-${from}-${facts.today}.csv`);
    const rows = parseCsv(csv.text);
    // Values as shown (rates to 0.1%), each with its exact value (the API's) in its own column.
    expect(rows[0]).toEqual([
      '指标',
      '本期',
      '本期（精确值）',
      '分子',
      '分母',
      '对比期',
      '对比期（精确值）',
      '变化（计数为 %，比率为百分点）',
    ]);
    const byLabel = new Map(rows.slice(1).map((r) => [r[0], r]));
    const num = (v: number | null) => (v === null ? '' : String(v));
    const pct = (v: number | null) => (v === null ? '' : `${(Math.round(v * 1000) / 10).toFixed(1)}%`);
    expect(byLabel.get('受理量')!.slice(1, 7)).toEqual([
      num(figures.cases.accepted),
      num(figures.cases.accepted),
      '',
      '',
      num(figures.compare.cases.accepted),
      num(figures.compare.cases.accepted),
    ]);
    expect(byLabel.get('按期办结率')!.slice(1, 7)).toEqual([
      pct(figures.cases.onTimeRate),
      num(figures.cases.onTimeRate),
      num(figures.cases.onTimeRateParts.numerator),
      num(figures.cases.onTimeRateParts.denominator),
      pct(figures.compare.cases.onTimeRate),
      num(figures.compare.cases.onTimeRate),
    ]);
    expect(byLabel.get('免提交纸质材料')![1]).toBe(num(figures.materials.paperAvoided));
    expect(byLabel.get('材料精简率')!.slice(1, 3)).toEqual([pct(figures.materials.reductionRate), num(figures.materials.reductionRate)]);
    expect(byLabel.get('超期未办结')![1]).toBe(num(figures.cases.overdueOpen));
    expect(byLabel.get('满意度')![2]).toBe(num(figures.evaluations.satisfactionRate));

    // The department ranking of the timeliness page: every row is the breakdown API's.
    await page.goto(`${app.url}/#/timeliness?period=thisYear`);
    await loaded(page);
    const breakdown = (await api(`/v1/figures/breakdown?from=${from}&to=${facts.today}&metric=onTimeRate&by=department`, token)).body;
    const ranking = parseCsv((await downloadCsv(page, 'on-time-by-department')).text);
    expect(ranking[0]).toEqual(['排名', '部门', '编码', '按期办结率', '按期办结率（精确值）', '按期办结数', '办结数', '说明']);
    const got = new Map(ranking.slice(1).map((r) => [r[2], r.slice(4, 7)]));
    expect(got.size).toBe(breakdown.rows.length);
    for (const r of breakdown.rows) expect(got.get(r.key), r.key).toEqual([num(r.value), num(r.numerator), num(r.denominator)]);
    // Ranked best first among departments with enough completed cases; small ones after, unranked.
    const ranks = ranking.slice(1).map((r) => r[0]);
    expect(ranks.filter(Boolean)).toEqual(ranks.filter(Boolean).map((_, i) => String(i + 1)));
    expect(ranking.find((r) => r[2] === 'D-CL')?.[7] ?? '').toMatch(/不参与排名|本期无办结/);

    // The table under a chart shows the same rows (toggle), and the paper ranking names materials.
    const card = page.locator('[data-chart="on-time-by-department"]');
    await card.getByRole('button', { name: '显示数据表' }).click();
    expect(await card.getByRole('button', { name: '隐藏数据表' }).getAttribute('aria-expanded')).toBe('true');
    expect(await card.locator('tbody tr').count()).toBe(breakdown.rows.length);
    await page.goto(`${app.url}/#/certificate-free?period=thisYear`);
    await loaded(page);
    const paper = (await api(`/v1/figures/paper-materials?from=${from}&to=${facts.today}&limit=20`, token)).body;
    const paperCsv = parseCsv((await downloadCsv(page, 'paper-ranking')).text);
    expect(paperCsv.slice(1).map((r) => [r[3], r[7]])).toEqual(paper.rows.map((r: any) => [r.itemCode, String(r.paper)]));
    // 电子证照类型: the ranked table and its CSV are the licence figures of the API, named in Chinese.
    const licences = (await api(`/v1/figures/licences?from=${from}&to=${facts.today}`, token)).body;
    expect(licences.rows.filter((r: any) => r.cases > 0).length).toBeGreaterThanOrEqual(2);
    const licenceCsv = parseCsv((await downloadCsv(page, 'licence-ranking')).text);
    expect(licenceCsv[0]).toEqual(['排名', '证照类型', '证照类型编码', '免提交办件数', '免提交材料份数', '关联事项数']);
    expect(licenceCsv.slice(1)).toEqual(
      licences.rows.map((r: any) => [String(r.rank), r.name, r.code, String(r.cases), String(r.materials), String(r.items)]),
    );
    expect(await page.locator('[data-chart="licence-ranking"]').innerText()).toContain('居民身份证');
    await context.close();
  }, 180_000);

  it('shows applicants by age band and assisted mode, and satisfaction by district, as the API counts them', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    const page = await signIn(context, facts.users.city);
    const errors = watch(page);
    const token = (await page.evaluate(() => sessionStorage.getItem('servicepulse.token')))!;
    const from = `${facts.today.slice(0, 4)}-01-01`;
    await page.goto(`${app.url}/#/elderly-nearby?period=thisYear`);
    await loaded(page);
    const applicants = (await api(`/v1/figures/applicants?from=${from}&to=${facts.today}`, token)).body;
    expect(applicants.ageBanded).toBeGreaterThan(0);
    const bandCard = page.locator('[data-chart="elderly-by-age-band"]');
    expect(await bandCard.innerText()).toMatch(/60 岁以下[\s\S]*80 岁及以上/);
    const bands = parseCsv((await downloadCsv(page, 'elderly-by-age-band')).text);
    expect(bands[0]![0]).toBe('年龄段');
    expect(bands.slice(1).map((r) => [r[0], r[1]])).toEqual(
      ['60 岁以下', '60–69 岁', '70–79 岁', '80 岁及以上'].map((label, i) => [label, String(applicants.ageBands[i].cases)]),
    );
    const modes = parseCsv((await downloadCsv(page, 'assisted-by-mode')).text);
    const elderlyCol = modes[0]!.indexOf('其中 60 岁及以上');
    expect(elderlyCol).toBeGreaterThan(1);
    expect(modes.slice(1).map((r) => [r[0], r[1], r[elderlyCol]])).toEqual(
      ['自行办理', '帮办', '代办'].map((label, i) => [label, String(applicants.assisted[i].cases), String(applicants.assisted[i].elderly)]),
    );
    await shot(page, 'elderly-applicants');

    // Satisfaction by district: every district with evaluations, as the breakdown API counts them.
    await page.goto(`${app.url}/#/complaints?period=thisYear`);
    await loaded(page);
    const byRegion = (
      await api(`/v1/figures/breakdown?from=${from}&to=${facts.today}&metric=evaluations&by=region`, token)
    ).body.rows.filter((r: any) => r.value > 0);
    expect(byRegion.length).toBeGreaterThan(1);
    const regions = parseCsv((await downloadCsv(page, 'reviews-by-region')).text);
    expect(
      regions
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(byRegion.map((r: any) => String(r.value)).sort());
    await context.close();

    // The 张店 supervisor has a satisfaction figure of its own district (not "—").
    const dctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    const district = await signIn(dctx, facts.users.zhangdian);
    const dErrors = watch(district);
    const dToken = (await district.evaluate(() => sessionStorage.getItem('servicepulse.token')))!;
    await district.goto(`${app.url}/#/complaints?period=thisYear`);
    await loaded(district);
    const own = (await api(`/v1/figures?from=${from}&to=${facts.today}`, dToken)).body.evaluations;
    expect(own.count).toBeGreaterThan(0);
    expect(own.satisfactionRate).not.toBeNull();
    expect(await tileValue(district, 'complaints-headlines', 'satisfactionRate')).not.toBe('—');
    // Its own townships only: no 地区未知 row, no other district.
    const dRows = parseCsv((await downloadCsv(district, 'reviews-by-region')).text)
      .slice(1)
      .map((r) => r[0]);
    expect(dRows.length).toBeGreaterThan(0);
    expect(dRows).not.toContain('地区未知');
    expect(dRows.join()).not.toMatch(/淄川|博山|临淄/);
    await shot(district, 'district-satisfaction');
    expect([...errors, ...dErrors]).toEqual([]);
    await dctx.close();
  }, 180_000);

  it('switches to English and to large text, and works from the keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await signIn(context, facts.users.city);
    await loaded(page);
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await loaded(page);
    const headlines = page.locator('[data-chart="headlines"]');
    expect(await headlines.innerText()).toMatch(/Accepted[\s\S]*On-time rate[\s\S]*vs previous period/);
    expect(await page.locator('.filter-summary').innerText()).toMatch(/^Period: [A-Z][a-z]{2} 1, \d{4} – /);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Case timeliness' }).click();
    await page.getByRole('heading', { level: 1, name: 'Case timeliness' }).waitFor();
    await loaded(page);
    expect(await page.locator('[data-chart="warnings-red"]').innerText()).toContain('Red');
    await axe(page, 'timeliness-en');
    await shot(page, 'timeliness-en');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('heading', { level: 1, name: '办件时效' }).waitFor();

    // 长辈模式: larger text, greyed text turned black; still no serious accessibility problems.
    await page.getByRole('button', { name: '长辈模式（大字）' }).click();
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBeGreaterThan(20);
    await loaded(page);
    expect(await page.locator('.page-intro').evaluate((e) => getComputedStyle(e).color)).toBe('rgb(26, 26, 26)');
    await axe(page, 'timeliness-large');
    await shot(page, 'timeliness-large-text');
    await page.getByRole('button', { name: '长辈模式（大字）' }).click();

    // Keyboard only: from the period radios, an arrow key picks 上月; Tab reaches the table toggle.
    await page.getByRole('radio', { name: '本月' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => hashParams(page).get('period')).toBe('lastMonth');
    await loaded(page);
    const toggle = page.locator('[data-chart="on-time-by-department"]').getByRole('button', { name: '显示数据表' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-chart="on-time-by-department"] table').waitFor();
    const caseLink = page.locator('[data-chart="warnings-red"] a').first();
    await caseLink.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /^办件 / }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await context.close();
  }, 180_000);

  it('keeps a district supervisor inside the district, in the page and through the API', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await signIn(context, facts.users.zhangdian);
    const errors = watch(page);
    await expect.poll(() => page.getByRole('banner').innerText()).toContain('区域 张店区'); // the name, not 370303000000
    await loaded(page);
    // The district is fixed; its townships are offered, other districts are not.
    const region = page.getByRole('combobox', { name: '区县 / 街镇' });
    const options = await region.locator('option').allInnerTexts();
    expect(options).toContain('车站街道');
    expect(options.join()).not.toMatch(/淄川|般阳路街道|博山/);
    expect(await page.getByRole('combobox', { name: '办理渠道' }).count()).toBe(0); // channel + district is not answered
    // Departments of other districts are not offered either.
    expect((await page.getByRole('combobox', { name: '部门' }).locator('option').allInnerTexts()).join()).not.toContain('淄川区');
    const token = (await page.evaluate(() => sessionStorage.getItem('servicepulse.token')))!;
    const own = (await api(`/v1/figures?from=${facts.today.slice(0, 7)}-01&to=${facts.today}`, token)).body;
    expect(own.filter).toEqual({ region: '370303000000' });
    await expect.poll(() => tileValue(page, 'headlines', 'accepted')).toBe(fmt(own.cases.accepted));

    // Timeliness: no case of 淄川区 in the warnings; the by-channel breakdowns are not shown.
    await page.goto(`${app.url}/#/timeliness`);
    await loaded(page);
    expect((await page.locator('[data-chart="warnings-red"], [data-chart="warnings-yellow"]').allInnerTexts()).join()).not.toContain(
      '淄川',
    );
    await page.goto(`${app.url}/#/elderly-nearby`);
    await loaded(page);
    expect(await page.locator('[data-chart="elderly-by-channel"]').innerText()).toContain('此图只有全市口径的数据，不适用于您的数据范围');
    await shot(page, 'district-elderly');

    // The work lists hold only the district's complaints (and reviews of its cases).
    await page.goto(`${app.url}/#/complaints?period=lastMonth`);
    await loaded(page);
    const shown = await page.locator('[data-chart="complaint-list"] tbody tr th').allInnerTexts();
    const d0 = new Date(`${facts.today}T00:00:00Z`);
    const end = new Date(Date.UTC(d0.getUTCFullYear(), d0.getUTCMonth(), 0)).toISOString().slice(0, 10);
    const listed = (await api(`/v1/complaints?from=${end.slice(0, 7)}-01&to=${end}&limit=20`, token)).body.complaints as Array<{
      complaintId: string;
      regionCode: string;
    }>;
    expect(shown).toEqual(listed.map((c) => c.complaintId));
    expect(listed.every((c) => c.regionCode.startsWith('370303'))).toBe(true);
    expect((await api(`/v1/complaints?from=${end.slice(0, 7)}-01&to=${end}&region=370302000000`, token)).status).toBe(403);

    // A link into another district: the API refuses it and the page says so.
    await page.goto(`${app.url}/#/overview?region=370302000000`);
    const alert = page.locator('[data-chart="headlines"] [role="alert"]');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('超出您的权限范围');
    await shot(page, 'district-forbidden');
    expect((await api(`/v1/figures?from=${facts.today.slice(0, 7)}-01&to=${facts.today}&region=370302000000`, token)).status).toBe(403);
    expect(
      (await api(`/v1/figures/series?from=${facts.today.slice(0, 7)}-01&to=${facts.today}&metric=accepted&region=370302001000`, token))
        .status,
    ).toBe(403);
    expect(
      (
        await api(
          `/v1/figures/breakdown?from=${facts.today.slice(0, 7)}-01&to=${facts.today}&metric=accepted&by=region&region=370302000000`,
          token,
        )
      ).status,
    ).toBe(403);
    const feeds = (await api(`/v1/feeds?from=${facts.today}&to=${facts.today}`, token)).body;
    expect(feeds.departments.map((x: { department: string }) => x.department)).not.toContain('D-370302-XZSPJ');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  // The API answers a district supervisor's GET /v1/cases/{department}/{caseId} for a case of
  // another district (it checks the department scope only), so this cannot pass yet: reported.
});
