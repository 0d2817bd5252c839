// bench:web (issues 4/5, 13): the web bundle, the overview page's render time, and Lighthouse on
// every dashboard page.
//
// 1. `npm run build:web -- --manifest` (the project's build, plus Vite's manifest so the chunk
//    graph is read exactly): initial JS = the entry chunk and everything it imports statically,
//    gzip-compressed (zlib default level, as Vite reports it); total; each chunk.
// 2. startLocal (what `npm start` runs: DynamoDB Local on disk in a temp folder, API, stream
//    aggregator, web/dist) with the demo loaded small (loadDemo), then headless Chromium
//    (playwright-core, /usr/bin/chromium): a demo supervisor's session token is placed in
//    sessionStorage, the page opened at #/overview, and the time from navigation start to the
//    first figure visible (selector, default `[data-figure] .tile-value` with text) is read from
//    the page's own clock (performance.now() relative to navigation start). Cold (new browser
//    context, empty cache) and warm (reload in the same context), repeated.
//
// 3. Lighthouse 12 (bench/lib/lighthouse.ts: desktop preset at 1440 × 900, signed in as the demo
//    supervisor, cold load) on each dashboard page a supervisor has, --lighthouse-runs times per
//    page, pages interleaved round by round so a change in machine load spreads over all of them;
//    the median per page of total blocking time, performance, accessibility and best practices,
//    and what held the main thread (scripts' boot-up, long tasks) from the median run.
//
//   npm run bench:web -- [--runs 8] [--selector '[data-figure] .tile-value'] [--page '#/overview'] [--demo-cases 1500]
//     [--lighthouse-runs 3] [--lighthouse-pages overview,timeliness,…] [--url http://127.0.0.1:3000 (a running demo)]
//     [--lighthouse-out DIR (keeps each run's report as JSON)]
//     [--baseline-url URL (another build of the app in front of the same API, e.g. the previous
//      commit's web/dist served by test/support/dashboard-static.ts: measured by Lighthouse in the
//      same rounds, page after page, for a before/after under the same machine load)]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { guard, log, onCleanup } from './lib/guard.js';
import { launchForLighthouse, lighthousePage, type LighthouseRun } from './lib/lighthouse.js';
import { load1 } from './lib/machine.js';
import { Recorder } from './lib/results.js';
import { latencies, median } from './lib/stats.js';

/** The pages of the demo supervisor's navigation (the shell's routes). */
const LH_PAGES = ['overview', 'timeliness', 'certificate-free', 'elderly-nearby', 'complaints', 'data-feed', 'monthly-report'];

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '8' },
    selector: { type: 'string', default: '[data-figure] .tile-value' },
    'shell-selector': { type: 'string', default: 'nav a' },
    page: { type: 'string', default: '#/overview' },
    'demo-cases': { type: 'string', default: '1500' },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    'lighthouse-runs': { type: 'string', default: '3' },
    'lighthouse-pages': { type: 'string', default: LH_PAGES.join(',') },
    'lighthouse-out': { type: 'string' },
    url: { type: 'string' },
    'baseline-url': { type: 'string' },
  },
});
const RUNS = Number(args.runs);
const LH_RUNS = Number(args['lighthouse-runs']);
const LH_PAGE_LIST = args['lighthouse-pages']!.split(',')
  .map((p) => p.trim())
  .filter(Boolean);
const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'web/dist');
const ADMIN = `bench-admin-${'w'.repeat(24)}`;

const rec = new Recorder(
  'web',
  'Web (bench:web) — issues 4/5, 13',
  `npm run bench:web -- --runs ${RUNS} --selector '${args.selector}' --page '${args.page}' --demo-cases ${args['demo-cases']} --lighthouse-runs ${LH_RUNS}${args.url ? ` --url ${args.url}` : ''}${args['baseline-url'] ? ` --baseline-url ${args['baseline-url']}` : ''}`,
);
rec.params = {
  runs: RUNS,
  selector: args.selector,
  page: args.page,
  demoCasesPerYear: Number(args['demo-cases']),
  lighthouseRuns: LH_RUNS,
  lighthousePages: LH_PAGE_LIST.join(','),
  ...(args.url ? { url: args.url } : {}),
};

interface ManifestChunk {
  file: string;
  src?: string;
  name?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

function bundle() {
  const t0 = performance.now();
  execFileSync('npm', ['run', 'build:web', '--silent', '--', '--manifest'], { cwd: ROOT, stdio: 'inherit' });
  const buildSecs = (performance.now() - t0) / 1000;
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const size = (file: string) => {
    const b = readFileSync(join(DIST, file));
    return { raw: b.length, gzip: gzipSync(b).length };
  };
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  const initial = new Set<string>();
  const walk = (k: string) => {
    if (initial.has(k)) return;
    initial.add(k);
    for (const i of manifest[k]!.imports ?? []) walk(i);
  };
  walk(entryKey);
  const chunks = Object.entries(manifest)
    .map(([k, c]) => ({
      key: k,
      file: c.file,
      name: c.name ?? c.src ?? k,
      initial: initial.has(k),
      dynamic: Boolean(c.isDynamicEntry),
      ...size(c.file),
    }))
    .filter((c) => c.file.endsWith('.js'));
  const initialCss = [...initial].flatMap((k) => manifest[k]!.css ?? []);
  const cssFiles = [...new Set(Object.values(manifest).flatMap((c) => c.css ?? []))];
  return {
    buildSecs,
    chunks,
    initialCss: initialCss.map((f) => ({ file: f, ...size(f) })),
    css: cssFiles.map((f) => ({ file: f, ...size(f) })),
    entry: manifest[entryKey]!.file,
  };
}

guard('bench:web', 60, async () => {
  // 1. bundle sizes
  log('npm run build:web');
  const b = bundle();
  const js = b.chunks;
  const kb = (n: number) => (n / 1024).toFixed(1);
  const initialJs = js.filter((c) => c.initial);
  const iGz = initialJs.reduce((s, c) => s + c.gzip, 0);
  const iRaw = initialJs.reduce((s, c) => s + c.raw, 0);
  const tGz = js.reduce((s, c) => s + c.gzip, 0);
  const tRaw = js.reduce((s, c) => s + c.raw, 0);
  log(`initial JS ${kb(iGz)} KB gzip (${kb(iRaw)} KB raw) in ${initialJs.length} chunks; all JS ${kb(tGz)} KB gzip in ${js.length} chunks`);
  rec.figure({ key: 'initialJsGzip', label: 'initial JS (entry + static imports), gzip', unit: 'KB', runs: [iGz / 1024], digits: 1 });
  rec.figure({ key: 'totalJsGzip', label: 'all JS chunks, gzip', unit: 'KB', runs: [tGz / 1024], digits: 1 });
  rec.figure({ key: 'buildSeconds', label: 'npm run build:web', unit: 's', runs: [b.buildSecs], digits: 1 });

  // 2. the overview page in Chromium
  if (!existsSync(args.chromium!)) throw new Error(`no Chromium at ${args.chromium}: apt-get install -y chromium (or --chromium PATH)`);
  // --url: a demo already running (`npm start -- --demo`); otherwise one of our own in a temp folder.
  let baseUrl: string;
  let demoText: string;
  if (args.url) {
    baseUrl = args.url.replace(/\/$/, '');
    demoText = `the running demo at ${baseUrl} (\`npm start -- --demo\`)`;
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'sp-bench-web-'));
    onCleanup('data folder', () => rmSync(dataDir, { recursive: true, force: true }));
    process.env.ADMIN_TOKEN = ADMIN;
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    const { startLocal } = await import('../functions/local/start.js');
    log(`startLocal --demo (${args['demo-cases']} cases/year): the demo city loads before the server listens`);
    const local = await startLocal(['--port', '0', '--data-dir', dataDir, '--demo', '--demo-cases', String(args['demo-cases'])]);
    onCleanup('startLocal', () => local.stop());
    await local.stream.idle(300_000);
    const marker = JSON.parse(readFileSync(join(dataDir, 'demo-loaded.json'), 'utf8')) as {
      seconds: number;
      summary: { first: { accepted: number }; history: { accepted: number } };
    };
    // The staged first start: the last two months, then the history (functions/local/start.ts).
    const demo = { seconds: marker.seconds, summary: { accepted: marker.summary.first.accepted + marker.summary.history.accepted } };
    log(`demo loaded in ${demo.seconds.toFixed(0)} s: ${demo.summary.accepted} records accepted`);
    baseUrl = local.url;
    demoText = `startLocal (data on disk) started with --demo (${args['demo-cases']} cases/year: the previous year and this year up to today, ${demo.summary.accepted.toLocaleString('en-US')} records accepted, loaded in ${demo.seconds.toFixed(0)} s)`;
  }
  const login = await fetch(`${baseUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'supervisor', password: 'demo-supervisor' }),
  });
  const token = ((await login.json()) as { token?: string }).token;
  if (!token) throw new Error(`demo sign-in failed: ${login.status}`);

  const browser: Browser = await chromium.launch({
    executablePath: args.chromium!,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
  });
  onCleanup('Chromium', () => browser.close());
  const version = browser.version();
  let selector = args.selector!;
  let measuredShell = false;

  async function visit(context: Awaited<ReturnType<Browser['newContext']>>, reload: boolean) {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    let requests = 0;
    page.on('request', (r) => {
      if (r.url().includes('/v1/')) requests++;
    });
    if (reload) await page.reload({ waitUntil: 'commit' });
    else await page.goto(`${baseUrl}/${args.page}`, { waitUntil: 'commit' });
    const visibleAt = (await (
      await page.waitForFunction(
        (sel) => {
          const el = document.querySelector(sel);
          if (!el?.textContent?.trim() || el.getBoundingClientRect().height === 0) return false;
          return performance.now();
        },
        selector,
        { polling: 'raf', timeout: 60_000 },
      )
    ).jsonValue()) as number;
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return { dcl: n?.domContentLoadedEventEnd ?? NaN, load: n?.loadEventEnd ?? NaN, fcp: fcp?.startTime ?? NaN };
    });
    const text = await page.evaluate((sel) => document.querySelector(sel)?.textContent?.trim() ?? '', selector);
    return { visibleAt, ...nav, requests, errors, text };
  }

  const cold: Array<Awaited<ReturnType<typeof visit>>> = [];
  const warm: Array<Awaited<ReturnType<typeof visit>>> = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await context.addInitScript((t) => {
      sessionStorage.setItem('servicepulse.token', t);
    }, token);
    try {
      const c = await visit(context, false).catch(async (e) => {
        if (i > 0 || measuredShell) throw e;
        log(
          `no "${selector}" on ${args.page} within 60 s (${(e as Error).message.split('\n')[0]}): measuring the shell (${args['shell-selector']}) instead`,
        );
        selector = args['shell-selector']!;
        measuredShell = true;
        return visit(context, false);
      });
      const w = await visit(context, true);
      if (i > 0) {
        cold.push(c);
        warm.push(w);
      } // the first visit warms the server and DynamoDB Local
      log(
        `  run ${i}: cold ${c.visibleAt.toFixed(0)} ms, warm ${w.visibleAt.toFixed(0)} ms (“${c.text}”, ${c.requests} API requests${c.errors.length ? `, page errors: ${c.errors.join('; ')}` : ''})`,
      );
    } finally {
      await context.close();
    }
  }
  const what = measuredShell ? `shell (${selector}; the overview page did not show a figure)` : 'first figure visible';
  rec.figure({ key: 'coldRender', label: `${args.page} cold: navigation start → ${what}`, unit: 'ms', runs: cold.map((x) => x.visibleAt) });
  rec.figure({
    key: 'warmRender',
    label: `${args.page} warm (reload, cached assets): navigation start → ${what}`,
    unit: 'ms',
    runs: warm.map((x) => x.visibleAt),
  });
  rec.figure({ key: 'fcp', label: 'first contentful paint, cold', unit: 'ms', runs: cold.map((x) => x.fcp) });
  rec.figure({ key: 'dcl', label: 'DOMContentLoaded, cold', unit: 'ms', runs: cold.map((x) => x.dcl) });

  // 3. Lighthouse on every page of the supervisor's navigation, pages interleaved round by round.
  const lhBrowser = await launchForLighthouse(args.chromium!);
  onCleanup('Lighthouse Chromium', () => lhBrowser.close());
  const lhVersion = await lhBrowser.version();
  const lh = new Map<string, Array<LighthouseRun & { load: number }>>(LH_PAGE_LIST.map((p) => [p, []]));
  const baseline = new Map<string, Array<LighthouseRun & { load: number }>>(LH_PAGE_LIST.map((p) => [p, []]));
  if (args['lighthouse-out']) mkdirSync(args['lighthouse-out'], { recursive: true });
  for (let r = 0; r < LH_RUNS; r++) {
    for (const p of LH_PAGE_LIST) {
      const load = load1();
      const run = await lighthousePage(lhBrowser, `${baseUrl}/#/${p}`, token);
      lh.get(p)!.push({ ...run, load });
      if (args['lighthouse-out']) writeFileSync(join(args['lighthouse-out'], `${p}-${r}.json`), JSON.stringify(run.lhr));
      log(
        `  Lighthouse ${p} run ${r}: performance ${run.performance}, accessibility ${run.accessibility}, best practices ${run.bestPractices}, TBT ${run.tbt.toFixed(0)} ms, LCP ${run.lcp.toFixed(0)} ms (load average ${load.toFixed(1)})`,
      );
      if (args['baseline-url']) {
        const bLoad = load1();
        const b = await lighthousePage(lhBrowser, `${args['baseline-url'].replace(/\/$/, '')}/#/${p}`, token);
        baseline.get(p)!.push({ ...b, load: bLoad });
        log(
          `  Lighthouse ${p} run ${r} baseline: performance ${b.performance}, accessibility ${b.accessibility}, TBT ${b.tbt.toFixed(0)} ms (load average ${bLoad.toFixed(1)})`,
        );
      }
    }
  }
  await lhBrowser.close();
  const lhRows: string[] = [];
  const lhCauses: string[] = [];
  const lhBase: string[] = [];
  for (const [p, runs] of lh) {
    rec.figure({
      key: `lh.${p}.tbt`,
      label: `Lighthouse #/${p}: total blocking time`,
      unit: 'ms',
      runs: runs.map((x) => x.tbt),
      goal: { op: '<=', value: 200, text: '≤ 200 ms' },
    });
    rec.figure({
      key: `lh.${p}.performance`,
      label: `Lighthouse #/${p}: performance`,
      unit: 'score',
      runs: runs.map((x) => x.performance),
      goal: { op: '>=', value: 90, text: '≥ 90' },
    });
    rec.figure({
      key: `lh.${p}.accessibility`,
      label: `Lighthouse #/${p}: accessibility`,
      unit: 'score',
      runs: runs.map((x) => x.accessibility),
      goal: { op: '>=', value: 100, text: '100' },
    });
    const m = (f: (x: LighthouseRun) => number) => median(runs.map(f));
    lhRows.push(
      `| #/${p} | ${m((x) => x.tbt).toFixed(0)} | ${m((x) => x.performance)} | ${m((x) => x.accessibility)} | ${m((x) => x.bestPractices)} | ${m((x) => x.fcp).toFixed(0)} | ${m((x) => x.lcp).toFixed(0)} | ${m((x) => x.cls).toFixed(3)} | ${runs.map((x) => x.load.toFixed(1)).join(', ')} |`,
    );
    // What held the main thread, from the run with the median TBT.
    const mid = [...runs].sort((a, b) => a.tbt - b.tbt)[Math.floor((runs.length - 1) / 2)]!;
    const short = (u: string) => u.replace(baseUrl, '').replace(/^\/assets\//, '') || u;
    const boot = mid.bootup
      .filter((b) => b.scripting + b.parse >= 20)
      .slice(0, 4)
      .map((b) => `${short(b.url)} ${b.scripting.toFixed(0)}+${b.parse.toFixed(0)} ms`)
      .join(', ');
    const tasks = mid.longTasks
      .slice(0, 5)
      .map((t) => `${t.duration.toFixed(0)} ms at ${t.start.toFixed(0)} (${short(t.url)})`)
      .join(', ');
    const work = Object.entries(mid.mainThread)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ');
    const base = baseline.get(p)!;
    if (base.length) {
      const bt = median(base.map((x) => x.tbt));
      lhBase.push(
        `| #/${p} | ${bt.toFixed(0)} → ${m((x) => x.tbt).toFixed(0)} | ${(m((x) => x.tbt) / bt).toFixed(2)} | ${median(base.map((x) => x.performance))} → ${m((x) => x.performance)} | ${median(base.map((x) => x.accessibility))} → ${m((x) => x.accessibility)} | ${median(base.map((x) => x.lcp)).toFixed(0)} → ${m((x) => x.lcp).toFixed(0)} |`,
      );
    }
    lhCauses.push(
      `- #/${p} (TBT ${mid.tbt.toFixed(0)} ms): main thread ${work} ms; scripts (evaluation+parse) ${boot || 'none ≥ 20 ms'}; long tasks ${tasks || 'none'}${mid.failed.length ? `; audits failed: ${mid.failed.join('; ')}` : ''}.`,
    );
  }

  const rows = [...js]
    .sort((a, b) => Number(b.initial) - Number(a.initial) || b.gzip - a.gzip)
    .map(
      (c) =>
        `| ${c.file.replace('assets/', '')} | ${c.name} | ${c.initial ? 'initial' : c.dynamic ? 'lazy (page)' : 'lazy (shared)'} | ${kb(c.raw)} | ${kb(c.gzip)} |`,
    );
  rec.note(
    [
      `Bundle: \`npm run build:web -- --manifest\` (${b.buildSecs.toFixed(1)} s); chunk graph from web/dist/.vite/manifest.json. Initial = the entry (${b.entry}) and its static imports: **${kb(iGz)} KB gzip** (${kb(iRaw)} KB raw, ${initialJs.length} chunks) plus CSS ${b.initialCss.map((c) => `${c.file} ${kb(c.gzip)} KB gzip`).join(', ') || 'none'}; all ${js.length} JS chunks ${kb(tGz)} KB gzip (${kb(tRaw)} KB raw); all CSS ${kb(b.css.reduce((s, c) => s + c.gzip, 0))} KB gzip. (Swagger UI of the API docs page is copied as is to web/dist/api-docs and not counted.)`,
      '',
      '| chunk | source | loaded | raw KB | gzip KB |',
      '| --- | --- | --- | ---: | ---: |',
      ...rows,
      '',
      `Render: ${demoText}, headless Chromium ${version} (1366×900), the demo supervisor's session in sessionStorage, ${args.page}; time = the page's performance.now() when \`${selector}\` first has text and a box (polled every animation frame), i.e. from navigation start. ${RUNS} runs after one discarded; cold = new browser context (empty cache), warm = reload in the same context. ${measuredShell ? '**The overview page did not show a figure: the shell was measured instead.** ' : ''}Median over runs: cold ${median(cold.map((x) => x.visibleAt)).toFixed(0)} ms (FCP ${median(cold.map((x) => x.fcp)).toFixed(0)} ms, ${median(cold.map((x) => x.requests))} API requests), warm ${median(warm.map((x) => x.visibleAt)).toFixed(0)} ms; first figure shown: “${cold[0]?.text ?? ''}”.${cold.some((x) => x.errors.length) ? ` Page errors: ${[...new Set(cold.flatMap((x) => x.errors))].join('; ')}.` : ''}`,
      '',
      `Lighthouse ${[...lh.values()][0]?.[0]?.lhr.lighthouseVersion ?? ''} (bench/lib/lighthouse.ts): desktop preset (simulated throttling: 40 ms RTT, 10 Mbit/s, CPU ×1) at 1440 × 900, headless Chromium ${lhVersion} driven by puppeteer-core, the demo supervisor's session token written to sessionStorage before the page's scripts, cold load (Lighthouse clears cache and storage). ${LH_RUNS} runs per page, pages interleaved; median per page, load average (1 min) at the start of each run. On a shared 2-core machine a busier CPU lengthens every task, so TBT rises with the load average. Goals (issue 13 item 10): TBT ≤ 200 ms and performance ≥ 90 on every page, accessibility 100.`,
      '',
      '| page | TBT ms | performance | accessibility | best practices | FCP ms | LCP ms | CLS | load average per run |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
      ...lhRows,
      '',
      ...(lhBase.length
        ? [
            `Before → after, same rounds: the baseline build at --baseline-url (${args['baseline-url']}) measured right after each page of this build, same API and data; medians of ${LH_RUNS} runs; ratio = after / before.`,
            '',
            '| page | TBT ms | TBT ratio | performance | accessibility | LCP ms |',
            '| --- | ---: | ---: | ---: | ---: | ---: |',
            ...lhBase,
            '',
          ]
        : []),
      'What held the main thread (run with the median TBT; Lighthouse mainthread-work-breakdown, bootup-time, long-tasks):',
      '',
      ...lhCauses,
    ].join('\n'),
  );
  void latencies;
  rec.save();
  log('wrote bench/results/web.json and bench/results.md');
});
