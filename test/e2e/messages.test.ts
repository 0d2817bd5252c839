// End to end in Chromium: a case long past its deadline becomes a notice; the header shows 消息
// with the unread count, the 消息 page lists the notice, opening it goes to the case and marks it
// read (the count drops); 系统管理 → 预警规则 turns a rule off and on; 推送渠道 sets the SMTP
// server (the password never shown again), adds an e-mail channel as a daily digest and ticks it
// in a rule; the same panel in English. Needs Chromium (see admin-shell.test.ts).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, screenshotTo, startE2eApp, type E2eApp } from '../support/e2e-app.js';

const ADMIN_TOKEN = `e2e-admin-${randomUUID()}`;

type Local = Awaited<ReturnType<typeof import('../../functions/local/start.js').startLocal>>;
let local: Local;
let browser: Browser;
let app: E2eApp;

const api = (method: string, path: string, token: string, body?: unknown) => app.api(method, path, token, body);

describe('消息 inbox and 预警规则 (Chromium)', () => {
  beforeAll(async () => {
    app = await startE2eApp({ adminToken: ADMIN_TOKEN, dataDirPrefix: 'sp-e2e-msg-' });
    local = app.local;
    browser = app.browser;
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('shows the unread count, lists the notice, opens its case and marks it read', async ({ onTestFailed }) => {
    expect(
      (await api('POST', '/v1/admin/departments', ADMIN_TOKEN, { code: 'D-JYJ', name: '淄博市教育局', regionCode: '370300000000' })).status,
    ).toBe(201);
    const key = (await api('POST', '/v1/admin/departments/D-JYJ/keys', ADMIN_TOKEN, {})).body.key as string;
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
    expect((await api('PUT', '/v1/catalog/items/ITEM-001', key, item)).status).toBe(200);
    const posted = await api('POST', '/v1/events', key, {
      records: [
        {
          id: 'e-1',
          type: 'case.accepted',
          at: '2024-03-01T09:30:00+08:00',
          caseId: 'C-LATE',
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
    await local.stream.idle();
    const run = await api('POST', '/v1/alerts/run', ADMIN_TOKEN);
    expect(run.body.noticesCreated).toContain(
      `warning_cards:city-warning-cards:D-JYJ:${new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())}`,
    );

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    onTestFailed(async () => {
      await screenshotTo(page, 'messages-failure.png');
    });
    await page.goto(`${local.url}/`);
    await page.getByRole('radio', { name: '管理员令牌' }).check();
    await page.getByLabel('令牌', { exact: true }).fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '系统管理' }).waitFor();

    // 预警规则: the city defaults, one turned off and on again.
    const rules = page.getByRole('region', { name: '预警规则' });
    const row = rules.getByRole('row', { name: /红黄牌日报/ });
    await row.getByRole('button', { name: '停用' }).click();
    await row.getByText('已停用').waitFor();
    await row.getByRole('button', { name: '启用' }).click();
    await row.getByText('已启用').waitFor();

    // 推送渠道: the SMTP server, then an e-mail channel sending a daily digest at 08:00.
    const channels = page.getByRole('region', { name: '推送渠道' });
    const smtp = channels.getByRole('form', { name: '邮件服务器（SMTP）' });
    await smtp.getByLabel('服务器地址').fill('smtp.example.gov.cn');
    await smtp.getByLabel('端口').fill('465');
    await smtp.getByLabel('用户名').fill('alerts@example.gov.cn');
    await smtp.getByLabel('密码').fill('smtp-secret-e2e');
    await smtp.getByLabel('发件人').fill('ServicePulse 预警 <alerts@example.gov.cn>');
    await smtp.getByRole('button', { name: '保存邮件服务器设置' }).click();
    await smtp.getByText('邮件服务器设置已保存。').waitFor();
    await smtp.getByText('已设置；留空则保持不变').waitFor();
    expect(await smtp.getByLabel('密码').inputValue()).toBe('');
    expect(JSON.stringify((await api('GET', '/v1/alerts/smtp', ADMIN_TOKEN)).body)).not.toContain('smtp-secret-e2e');

    const mailForm = channels.getByRole('form', { name: '新增邮件渠道' });
    await mailForm.getByLabel('名称').fill('领导每日摘要');
    await mailForm.getByLabel('收件人', { exact: true }).fill('leader@example.gov.cn, duban@example.gov.cn');
    await mailForm.getByLabel('推送方式').selectOption({ label: '每日摘要（08:00）' });
    await mailForm.getByRole('button', { name: '添加邮件渠道' }).click();
    const mailRow = channels.getByRole('row', { name: /领导每日摘要/ });
    await mailRow.waitFor();
    expect(await mailRow.innerText()).toContain('每日摘要（08:00）');
    expect(await mailRow.innerText()).toContain('leader@example.gov.cn、duban@example.gov.cn');

    await row.getByRole('button', { name: '选择渠道：红黄牌日报（按部门）' }).click();
    await row.getByRole('checkbox', { name: /领导每日摘要/ }).check();
    await row.getByRole('button', { name: '保存推送渠道' }).click();
    await expect.poll(() => row.innerText()).toContain('领导每日摘要');
    const mail = (await api('GET', '/v1/alerts/channels', ADMIN_TOKEN)).body.channels.find((c: any) => c.name === '领导每日摘要');
    expect(mail).toMatchObject({ kind: 'email', digestHour: 8, recipients: ['leader@example.gov.cn', 'duban@example.gov.cn'] });
    expect(
      (await api('GET', '/v1/alerts/rules', ADMIN_TOKEN)).body.rules.find((r: any) => r.id === 'city-warning-cards').channelIds,
    ).toEqual([mail.id]);

    // The same panel in English.
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await page
      .getByRole('region', { name: 'Channels' })
      .getByRole('row', { name: /领导每日摘要/ })
      .getByText('Daily digest (08:00)')
      .waitFor();
    await page.getByRole('region', { name: 'Channels' }).getByRole('form', { name: 'Mail server (SMTP)' }).waitFor();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('heading', { level: 1, name: '系统管理' }).waitFor();
    // No serious or critical accessibility violation on the page with the new panels (axe-core).
    await page.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8')); // evaluated, not a <script>: the page's CSP allows none
    const violations = await page.evaluate(async () =>
      (
        await (
          window as unknown as { axe: { run: (d: Document, o: object) => Promise<{ violations: Array<{ id: string; impact: string }> }> } }
        ).axe.run(document, { resultTypes: ['violations'] })
      ).violations.map((v) => `${v.id}(${v.impact})`),
    );
    expect(violations.filter((v) => /\((serious|critical)\)$/.test(v))).toEqual([]);

    const header = page.getByRole('banner');
    const inboxLink = header.getByRole('link', { name: /^消息 \d+\+? 未读$/ });
    await inboxLink.waitFor();
    const before = Number(/(\d+)/.exec((await inboxLink.textContent())!)![1]);
    expect(before).toBeGreaterThanOrEqual(1);
    await inboxLink.click();
    await page.getByRole('heading', { level: 1, name: '消息' }).waitFor();
    const notice = page.getByRole('link', { name: /【红黄牌预警】淄博市教育局/ });
    await notice.click();
    // The notice names one case: its page opens, and the count drops.
    await expect.poll(() => new URL(page.url()).hash).toBe('#/timeliness?caseDept=D-JYJ&caseId=C-LATE');
    await expect
      .poll(async () => (await header.getByRole('link', { name: /^消息/ }).textContent())?.replace(/\s+/g, ' ').trim())
      .toBe(before === 1 ? '消息' : `消息 ${before - 1} 未读`);
    expect(errors).toEqual([]);
  }, 180_000);
});
