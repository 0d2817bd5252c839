// The product as an end-to-end test meets it: the web app built from the current sources (as
// `npm run build:web` does), `npm start`'s server on a free port with its own data directory and
// administrator token, and a headless Chromium (playwright-core, /usr/bin/chromium or CHROMIUM_PATH).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots and downloads a failing (or checking) test leaves for a person to look at. */
export const ARTIFACTS = join(ROOT, 'test-artifacts');

type Local = Awaited<ReturnType<typeof import('../../functions/local/start.js').startLocal>>;

export interface E2eApp {
  local: Local;
  browser: Browser;
  /** A JSON call to the running server, answered as status and parsed body. */
  api(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

/**
 * Builds the web app, starts the local server with `adminToken` (the test file runs in its own
 * fork, so setting the environment is safe) and launches Chromium.
 */
export async function startE2eApp(o: { adminToken: string; dataDirPrefix: string }): Promise<E2eApp> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  const dataDir = mkdtempSync(join(tmpdir(), o.dataDirPrefix));
  process.env.ADMIN_TOKEN = o.adminToken;
  const { startLocal } = await import('../../functions/local/start.js');
  const local = await startLocal(['--port', '0', '--data-dir', dataDir]);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
  });
  return {
    local,
    browser,
    async api(method, path, token, body) {
      const res = await fetch(local.url + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
    },
    async stop() {
      await browser.close();
      await local.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A full-page screenshot in ARTIFACTS (for a failing test's `onTestFailed`). */
export async function screenshotTo(page: Page, file: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, file), fullPage: true }).catch(() => undefined);
}
