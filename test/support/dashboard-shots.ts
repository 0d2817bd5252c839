// Screenshots of every dashboard page against a running server (the dev server of
// dashboard-dev-server.ts), for looking at the pages by hand while building them:
// `tsx test/support/dashboard-shots.ts http://127.0.0.1:3100 [user] [hash…]`.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const [url = 'http://127.0.0.1:3100', user = 'dc.city', ...hashes] = process.argv.slice(2);
const out = resolve(import.meta.dirname, '../../test-artifacts/dev');
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
page.on('pageerror', (e) => console.error('pageerror', e.message));
page.on('console', (m) => {
  if (m.type() === 'error') console.error('console', m.text());
});
await page.goto(url);
await page.getByLabel('用户名', { exact: true }).fill(user);
await page.getByLabel('密码', { exact: true }).fill('Supervise-2026!');
await page.getByRole('button', { name: '登录' }).click();
await page.getByRole('heading', { level: 1 }).waitFor();
const targets = hashes.length ? hashes : ['overview', 'timeliness', 'certificate-free', 'elderly-nearby', 'complaints', 'data-feed'];
for (const h of targets) {
  const t0 = Date.now();
  await page.goto(`${url}/#/${h}`);
  await page.waitForLoadState('networkidle');
  await page
    .waitForFunction(() => document.querySelector('.chart-card') && document.querySelectorAll('.chart-loading').length === 0, undefined, {
      timeout: 30_000,
    })
    .catch(() => console.error('still loading', h));
  await page.waitForTimeout(300);
  console.log(h, Date.now() - t0, 'ms');
  await page.screenshot({ path: join(out, `${h.replace(/[^a-z0-9-]+/gi, '_')}.png`), fullPage: true });
}
await browser.close();
