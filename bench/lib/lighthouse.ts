// Lighthouse 12 (desktop preset at 1440 × 900) on a signed-in dashboard page, for bench:web.
//
// Lighthouse drives its own Chromium tab through puppeteer-core (the version Lighthouse itself
// uses). The dashboard keeps its session token in sessionStorage, which a new tab does not share,
// so the token is written by a script that runs before the page's own on every document of that
// tab (the same as signing in and reloading). Lighthouse then loads the page cold (cache and
// origin storage cleared), with its desktop throttling (simulated: 40 ms RTT, 10 Mbit/s, no CPU
// slowdown — so a loaded machine shows up as longer tasks, hence the load average in the notes).
import lighthouse, { desktopConfig, type Config, type Result } from 'lighthouse';
import puppeteer, { type Browser } from 'puppeteer-core';

export const TOKEN_KEY = 'servicepulse.token';

export interface LighthouseRun {
  performance: number;
  accessibility: number;
  bestPractices: number;
  /** Milliseconds (simulated, as Lighthouse scores them). */
  tbt: number;
  lcp: number;
  fcp: number;
  speedIndex: number;
  cls: number;
  /** Main-thread time by kind (mainthread-work-breakdown), ms. */
  mainThread: Record<string, number>;
  /** Script evaluation + parse per script URL (bootup-time), ms. */
  bootup: Array<{ url: string; scripting: number; parse: number }>;
  /** Long tasks observed (long-tasks audit): start and duration, ms, with the script that ran. */
  longTasks: Array<{ url: string; start: number; duration: number }>;
  /** Failed audits of accessibility and best practices (id: title), to say what costs points. */
  failed: string[];
  lhr: Result;
}

const CONFIG: Config = {
  ...desktopConfig,
  settings: {
    ...desktopConfig.settings,
    onlyCategories: ['performance', 'accessibility', 'best-practices'],
    // Pictures are not scored; leaving them out shortens each run on a busy machine.
    skipAudits: ['full-page-screenshot', 'screenshot-thumbnails', 'final-screenshot'],
    screenEmulation: { mobile: false, width: 1440, height: 900, deviceScaleFactor: 1, disabled: false },
  },
};

export async function launchForLighthouse(executablePath: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
  });
}

/** One Lighthouse run; a run Lighthouse itself calls failed (e.g. NO_NAVSTART on a busy machine) is tried again, up to 3 times. */
export async function lighthousePage(browser: Browser, url: string, token: string): Promise<LighthouseRun> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await lighthouseOnce(browser, url, token);
    } catch (e) {
      if (attempt >= 3 || !/Lighthouse .*: [A-Z_]+ /.test((e as Error).message)) throw e;
      console.warn(`${(e as Error).message.slice(0, 200)} — running it again`);
    }
  }
}

async function lighthouseOnce(browser: Browser, url: string, token: string): Promise<LighthouseRun> {
  const page = await browser.newPage();
  try {
    await page.evaluateOnNewDocument(
      (key: string, t: string) => {
        sessionStorage.setItem(key, t);
      },
      TOKEN_KEY,
      token,
    );
    const result = await lighthouse(url, { output: 'json', logLevel: 'error' }, CONFIG, page);
    if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`Lighthouse ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const score = (id: string) => Math.round((lhr.categories[id]?.score ?? NaN) * 100);
    const num = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
    const items = (id: string) => (lhr.audits[id]?.details as { items?: Array<Record<string, unknown>> } | undefined)?.items ?? [];
    const failed = ['accessibility', 'best-practices'].flatMap((c) =>
      (lhr.categories[c]?.auditRefs ?? [])
        .filter((r) => r.weight > 0 && (lhr.audits[r.id]?.score ?? 1) < 1)
        .map((r) => `${r.id}: ${lhr.audits[r.id]?.title ?? ''}`),
    );
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      tbt: num('total-blocking-time'),
      lcp: num('largest-contentful-paint'),
      fcp: num('first-contentful-paint'),
      speedIndex: num('speed-index'),
      cls: num('cumulative-layout-shift'),
      mainThread: Object.fromEntries(items('mainthread-work-breakdown').map((i) => [String(i.group), Number(i.duration)])),
      bootup: items('bootup-time').map((i) => ({
        url: String(i.url),
        scripting: Number(i.scripting),
        parse: Number(i.scriptParseCompile),
      })),
      longTasks: items('long-tasks').map((i) => ({ url: String(i.url), start: Number(i.startTime), duration: Number(i.duration) })),
      failed,
      lhr,
    };
  } finally {
    await page.close();
  }
}
