// End to end in Chromium: the built web app (web/dist) served by the local server with the real
// API, as an administrator and a supervisor use it — sign-in by token and by password, the shell,
// departments, the show-once key secret, rotate and revoke, users, language and large text,
// sign-out, and the API docs page with "Try it out". Needs Chromium (`apt-get install -y
// chromium`, as .ci/run does, or set CHROMIUM_PATH): without it the suite fails and says so.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotTo, startE2eApp, type E2eApp } from '../support/e2e-app.js';

const ADMIN_TOKEN = `e2e-admin-${randomUUID()}`;

type Local = Awaited<ReturnType<typeof import('../../functions/local/start.js').startLocal>>;
let local: Local;
let browser: Browser;
let app: E2eApp;

const api = (method: string, path: string, token: string, body?: unknown) => app.api(method, path, token, body);

/**
 * Fails the test on any uncaught page error and on any Content-Security-Policy violation (the
 * local server sends the CSP of shared/security-headers.ts); console 4xx noise from expected
 * 401s is fine.
 */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) errors.push(`CSP: ${m.text()}`);
  });
  void page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`),
    ),
  );
  return errors;
}

describe('web shell and administration (Chromium)', () => {
  beforeAll(async () => {
    app = await startE2eApp({ adminToken: ADMIN_TOKEN, dataDirPrefix: 'sp-e2e-' });
    local = app.local;
    browser = app.browser;
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('lets an administrator manage departments, keys and users, and a supervisor see the dashboard without them', async ({
    onTestFailed,
  }) => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = await context.newPage();
    const pageErrors = watchErrors(page);
    const confirms: string[] = [];
    page.on('dialog', (d) => {
      confirms.push(d.message());
      void d.accept();
    });
    onTestFailed(async () => {
      await screenshotTo(page, 'admin-shell-failure.png');
    });

    // Sign-in page: Chinese by default, every input labelled; served with the security headers.
    const first = await page.goto(`${local.url}/`);
    const headers = first!.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await expect.poll(() => page.title()).toContain('政务服务效能监督');
    await page.getByRole('radio', { name: '管理员令牌' }).check();
    await page.getByLabel('令牌', { exact: true }).fill('not-a-token-at-all');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('凭证缺失、错误、过期或已吊销');

    // Administrator token: lands on 系统管理.
    await page.getByLabel('令牌', { exact: true }).fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '系统管理' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/admin');
    const header = page.getByRole('banner');
    expect(await header.innerText()).toMatch(/管理员令牌[\s\S]*管理员/);
    const nav = page.getByRole('navigation', { name: '主导航' });
    expect((await nav.getByRole('link').allInnerTexts()).map((s) => s.trim())).toEqual([
      '总览',
      '办件时效',
      '免证办与材料精简',
      '适老化与就近办',
      '投诉与好差评',
      '数据接入',
      '月度报告',
      '系统管理',
    ]);
    expect(await nav.getByRole('link', { name: '系统管理' }).getAttribute('aria-current')).toBe('page');

    // A department: a wrong one shows the API's field messages in Chinese, then a right one.
    const deptForm = page.getByRole('form', { name: '新建部门' });
    await deptForm.getByLabel('部门编码').fill('D-JYJ');
    await deptForm.getByLabel('部门名称').fill('淄博市教育局');
    await deptForm.getByLabel('行政区划代码').fill('3703');
    await deptForm.getByRole('button', { name: '创建部门' }).click();
    await expect.poll(() => deptForm.getByRole('alert').innerText()).toContain('须为 12 位行政区划代码');
    expect(await deptForm.getByLabel('行政区划代码').getAttribute('aria-invalid')).toBe('true');
    await deptForm.getByLabel('行政区划代码').fill('370300000000');
    await deptForm.getByLabel('英文名称').fill('Zibo Education Bureau');
    await deptForm.getByRole('button', { name: '创建部门' }).click();
    await deptForm.getByText('已创建部门 D-JYJ。').waitFor();
    await page.getByRole('row', { name: /D-JYJ.*淄博市教育局/ }).waitFor();

    // A key: the secret is shown once, Escape does not lose it, copy works, and the key works.
    await page.getByRole('button', { name: '管理密钥：淄博市教育局' }).click();
    const keysPanel = page.getByRole('region', { name: '淄博市教育局的接入密钥' });
    await keysPanel.getByText('该部门还没有接入密钥。').waitFor();
    await keysPanel.getByLabel('密钥备注').fill('办件系统');
    await keysPanel.getByRole('button', { name: '新建密钥' }).click();
    const dialog = page.getByRole('dialog', { name: '请立即保存新密钥' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('密钥只显示这一次');
    const secret = await dialog.getByRole('textbox').inputValue();
    expect(secret).toMatch(/^spk_/);
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: '复制密钥' }).click();
    await dialog.getByText('已复制到剪贴板。').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await dialog.getByRole('button', { name: '我已保存，关闭' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret); // gone from the page once closed
    expect((await api('GET', '/v1/me', secret)).body).toMatchObject({ kind: 'department', departmentCode: 'D-JYJ' });
    const firstKeyId = (await api('GET', '/v1/me', secret)).body.keyId as string;
    await keysPanel.getByRole('row', { name: new RegExp(`${firstKeyId}.*办件系统.*有效`) }).waitFor();

    // Rotate: a new secret; the old key keeps working for the overlap.
    await keysPanel.getByRole('button', { name: `轮换密钥 ${firstKeyId}` }).click();
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(`该密钥替换 ${firstKeyId}`);
    const rotated = await dialog.getByRole('textbox').inputValue();
    await dialog.getByRole('button', { name: '我已保存，关闭' }).click();
    await keysPanel.getByRole('row', { name: new RegExp(`${firstKeyId}.*轮换过渡中`) }).waitFor();
    expect((await api('GET', '/v1/me', secret)).status).toBe(200);
    expect((await api('GET', '/v1/me', rotated)).status).toBe(200);

    // Revoke the old one: refused at once.
    await keysPanel.getByRole('button', { name: `吊销密钥 ${firstKeyId}` }).click();
    await keysPanel.getByText(`已吊销密钥 ${firstKeyId}。`).waitFor();
    await keysPanel.getByRole('row', { name: new RegExp(`${firstKeyId}.*已吊销`) }).waitFor();
    expect((await api('GET', '/v1/me', secret)).status).toBe(401);
    expect(confirms).toEqual([expect.stringContaining(`轮换密钥 ${firstKeyId}`), expect.stringContaining(`吊销密钥 ${firstKeyId}`)]);

    // Closing the keys panel gives focus back to the button that opened it.
    await keysPanel.getByRole('button', { name: '收起密钥' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('管理密钥：淄博市教育局');

    // A user scoped to the department; a short password is caught before sending.
    const userForm = page.getByRole('form', { name: '新建用户' });
    await userForm.getByLabel('用户名').fill('zhang.san');
    await userForm.getByLabel('姓名').fill('张三');
    await userForm.getByRole('combobox', { name: '角色' }).selectOption('supervisor');
    await userForm.getByRole('combobox', { name: '数据范围' }).selectOption('department');
    await userForm.getByRole('combobox', { name: '部门' }).selectOption('D-JYJ');
    await userForm.getByLabel('初始密码').fill('short');
    await userForm.getByRole('button', { name: '创建用户' }).click();
    await userForm.getByText('密码至少需要 10 个字符。').waitFor();
    await userForm.getByLabel('初始密码').fill('correct-horse-1');
    await userForm.getByRole('button', { name: '创建用户' }).click();
    await userForm.getByText('已创建用户 zhang.san。').waitFor();
    await page.getByRole('row', { name: /zhang\.san.*张三.*监督人员.*部门 D-JYJ.*正常/ }).waitFor();

    // English, kept across a reload together with the session; then back to Chinese.
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('heading', { level: 1, name: '系统管理' }).waitFor();

    // 长辈模式: a class on <html> that scales the root font size, remembered.
    const rootFontPx = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    const normal = await rootFontPx();
    expect(normal).toBeGreaterThanOrEqual(16);
    const largeToggle = page.getByRole('button', { name: '长辈模式（大字）' });
    await largeToggle.click();
    expect(await largeToggle.getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => document.documentElement.classList.contains('large-text'))).toBe(true);
    expect(await rootFontPx()).toBeGreaterThan(normal * 1.15);
    await largeToggle.click();
    expect(await rootFontPx()).toBe(normal);

    // Sign out: the session token no longer works.
    const adminSession = await page.evaluate(() => sessionStorage.getItem('servicepulse.token'));
    expect(adminSession).toBe(ADMIN_TOKEN);
    await header.getByRole('button', { name: '退出登录' }).click();
    await page.getByText('您已安全退出。').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('servicepulse.token'))).toBeNull();

    // The supervisor: wrong password shows the API's Chinese message; then in, without the administration page.
    await page.getByLabel('用户名', { exact: true }).fill('zhang.san');
    await page.getByLabel('密码', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('用户名或密码错误');
    await page.getByLabel('密码', { exact: true }).fill('correct-horse-1');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '总览' }).waitFor();
    await expect.poll(() => header.innerText()).toMatch(/张三[\s\S]*监督人员[\s\S]*部门 淄博市教育局/); // the name, not the code
    expect(await nav.getByRole('link', { name: '系统管理' }).count()).toBe(0);
    // A department-scoped supervisor lands on the overview of that department.
    await page.getByRole('heading', { name: '主要指标' }).waitFor();
    const sessionToken = await page.evaluate(() => sessionStorage.getItem('servicepulse.token'));
    expect(sessionToken).toMatch(/^sps_/);

    // Keyboard: the skip link is there; following a nav link with Enter moves focus to the page.
    expect(await page.getByRole('link', { name: '跳到主要内容' }).count()).toBe(1);
    await nav.getByRole('link', { name: '办件时效' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: '办件时效' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.goto(`${local.url}/#/admin`);
    await page.getByText('系统管理仅对管理员开放').waitFor();

    // Every visible form control has a label.
    const unlabelled = await page
      .locator('input, select, textarea')
      .evaluateAll((els) =>
        els.filter((e) => !(e as HTMLInputElement).labels?.length && !e.getAttribute('aria-label')).map((e) => e.outerHTML),
      );
    expect(unlabelled).toEqual([]);

    // API docs: served from the build (no CDN), authorized with the session, "Try it out" works.
    await header.getByRole('link', { name: '接口文档 API' }).click();
    await page.waitForURL('**/api-docs/index.html');
    expect(await page.title()).toBe('ServicePulse API 接口文档');
    const me = page.locator('#operations-auth-getMe');
    await me.waitFor({ timeout: 20_000 });
    await me.locator('.opblock-summary').click();
    await me.getByRole('button', { name: 'Execute' }).click();
    await expect.poll(() => me.locator('.live-responses-table').innerText(), { timeout: 10_000 }).toContain('"username": "zhang.san"');

    expect(pageErrors).toEqual([]);
    // The supervisor's session still works after visiting the docs (same tab, same token).
    expect((await api('GET', '/v1/me', sessionToken!)).body).toMatchObject({ kind: 'user', username: 'zhang.san', role: 'supervisor' });
    await context.close();
  }, 120_000);

  it('lets an administrator import the e-licence catalog (电子证照目录) and see the rows to fix', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const pageErrors = watchErrors(page);
    await page.goto(`${local.url}/`);
    await page.getByRole('radio', { name: '管理员令牌' }).check();
    await page.getByLabel('令牌', { exact: true }).fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: '登录' }).click();
    const panel = page.getByRole('region', { name: '电子证照目录' });
    await panel.waitFor();
    const sheet = '证照类型编码,证照类型名称,发证机关\nDZZZ001,居民身份证,公安机关\nDZZZ002,,公安机关\nDZZZ003,营业执照,市场监督管理部门\n';
    await panel.getByLabel('证照目录表格').setInputFiles({ name: '电子证照目录.csv', mimeType: 'text/csv', buffer: Buffer.from(sheet) });
    await panel.getByRole('button', { name: '导入' }).click();
    await expect.poll(() => panel.getByRole('status').innerText()).toContain('共 3 行：新增 2，更新 0，未变 0，退回 1');
    const rejected = panel.getByRole('table', { name: '退回的行（请修改后重新导入）' });
    expect(await rejected.locator('tbody tr').count()).toBe(1);
    expect(await rejected.innerText()).toContain('row 3: 证照类型名称');
    const list = panel.getByRole('table', { name: '共 2 类电子证照' });
    await list.waitFor();
    expect(await list.locator('tbody th').allInnerTexts()).toEqual(['居民身份证', '营业执照']);
    // What the page shows is what the API stored.
    expect((await api('GET', '/v1/licences', ADMIN_TOKEN)).body.licences.map((l: any) => l.name)).toEqual(['居民身份证', '营业执照']);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 120_000);

  it('serves Swagger UI from the build itself, with no request leaving the server', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const foreign: string[] = [];
    const pageErrors = watchErrors(page);
    page.on('request', (r) => {
      if (!r.url().startsWith(local.url)) foreign.push(r.url());
    });
    await page.goto(`${local.url}/api-docs/index.html`);
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('#auth-note').innerText()).toContain('Authorize');
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]); // Swagger UI works under the CSP too
    await context.close();
  }, 60_000);
});
