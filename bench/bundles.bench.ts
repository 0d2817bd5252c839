// bench:bundles (issue 10): how big each Lambda's code is and how long its cold import takes,
// built by infra/constructs/bundle.ts — the very function the CDK stack bundles with — and
// loaded as the Lambda runtime loads it: a fresh Node process importing index.mjs.
//
// "cold path" = the entry plus every chunk it imports statically (what a cold start reads and
// evaluates); chunks behind `await import()` (exceljs for XLSX) are in the upload only. Each cold
// start is a fresh process that imports the AWS SDK clients the bundle uses (the runtime provides
// them; they are the floor), then the bundle: the ratio (SDK + our code) ÷ SDK is computed inside
// one process, so a busy neighbour slows both parts of it.
//
//   npm run bench:bundles -- [--rounds 10]        (this machine's Node)
//   npm run bench:bundles:node22 -- [--rounds 10] (Node 22, the Lambda runtime, from npm's node package)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleFunction, coldPathBytes } from '../infra/constructs/bundle.js';
import { REPO_ROOT } from '../infra/paths.js';
import { guard, log, onCleanup } from './lib/guard.js';
import { Recorder } from './lib/results.js';
import { fontPackageDir, PDF_FONT_FILES } from '../functions/adapters/pdf-fonts.js';
import { renderReportDocument } from '../shared/reports/html.js';
import { makeDoc } from '../test/support/report-doc.js';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '10' } } });
const ROUNDS = Number(args.rounds);

const FUNCTIONS = [
  { key: 'api', label: 'API', entry: 'functions/api/lambda.ts', budgetKB: 800 },
  { key: 'aggregator', label: 'aggregator', entry: 'functions/aggregator/lambda.ts', budgetKB: 150 },
  { key: 'recompute', label: 'recompute worker', entry: 'functions/recompute/lambda.ts', budgetKB: undefined },
  { key: 'reports', label: 'reports scheduler', entry: 'functions/reports/lambda.ts', budgetKB: undefined },
] as const;
/** Each cold import may take at most this many times the import of its AWS SDK clients alone. */
const IMPORT_RATIO_BUDGET = 1.5;

// Lambda runs nodejs22.x: `npm run bench:bundles:node22` runs this file (and its cold starts) on Node 22.
const script = process.versions.node.startsWith('22.') ? 'bench:bundles:node22' : 'bench:bundles';
const rec = new Recorder('bundles', 'Lambda bundles (bench:bundles) — issue 10', `npm run ${script} -- --rounds ${ROUNDS}`);
rec.params = { rounds: ROUNDS, importRatioBudget: IMPORT_RATIO_BUDGET };

/**
 * One cold start in a fresh Node process: first the AWS SDK clients the bundle imports (the
 * runtime's floor), then the bundle itself, whose SDK imports are then already loaded — so the
 * second time is exactly our own code's cost. Both measured inside the process, at the same moment.
 */
function coldStart(sdk: string[], bundleUrl: string, cwd: string): { sdkMs: number; ownMs: number } {
  const script = `const t0 = performance.now(); for (const s of JSON.parse(process.env.SDK)) await import(s); const t1 = performance.now(); await import(process.env.BUNDLE); const t2 = performance.now(); process.stdout.write(JSON.stringify({ sdkMs: t1 - t0, ownMs: t2 - t1 }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH,
      SDK: JSON.stringify(sdk),
      BUNDLE: bundleUrl,
      // What the stack sets (no network happens at import: no secret ARN, no endpoint).
      TABLE_NAME: 'bench-bundles',
      AWS_REGION: 'cn-north-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  if (r.status !== 0) throw new Error(`cold start of ${bundleUrl} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { sdkMs: number; ownMs: number };
}

/**
 * The report PDF on Lambda (issue 10 item 7): the pdf-kit chunk as the stack bundles it, the font
 * layer's files, and in a fresh process per round: loading the chunk, the first PDF (opens the two
 * fonts, lays out the sample report, embeds the subset) and a second PDF in the same process.
 */
function measurePdf(rows: string[]) {
  const { outdir, metafile } = bundleFunction(join(REPO_ROOT, 'bench/lib/pdf-cold-entry.ts'));
  onCleanup('bundle pdf', () => rmSync(outdir, { recursive: true, force: true }));
  const { totalBytes } = coldPathBytes(metafile, outdir);
  const fontDir = fontPackageDir()!;
  const layerBytes = [...Object.values(PDF_FONT_FILES), 'LICENSE_FONT'].reduce((n, f) => n + statSync(join(fontDir, f)).size, 0);
  const tmp = mkdtempSync(join(tmpdir(), 'sp-bench-pdf-'));
  onCleanup('pdf sample', () => rmSync(tmp, { recursive: true, force: true }));
  const html = join(tmp, 'report.html');
  writeFileSync(html, renderReportDocument(makeDoc(), { locale: 'zh-CN', current: true }));
  const script = `const fs = await import('node:fs'); const html = fs.readFileSync(process.env.HTML, 'utf8'); const t0 = performance.now(); const m = await import(process.env.BUNDLE); const t1 = performance.now(); const a = await m.renderReportPdf(html); const t2 = performance.now(); await m.renderReportPdf(html); const t3 = performance.now(); process.stdout.write(JSON.stringify({ loadMs: t1 - t0, firstMs: t2 - t1, warmMs: t3 - t2, bytes: a.length }));`;
  const runs: Array<{ loadMs: number; firstMs: number; warmMs: number; bytes: number }> = [];
  for (let round = 0; round < Math.max(3, Math.ceil(ROUNDS / 2)); round++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: outdir,
      encoding: 'utf8',
      timeout: 120_000,
      env: { PATH: process.env.PATH, BUNDLE: pathToFileURL(join(outdir, 'index.mjs')).href, HTML: html, PDF_FONT_DIR: fontDir },
    });
    if (r.status !== 0) throw new Error(`PDF run failed: ${r.stderr}`);
    runs.push(JSON.parse(r.stdout));
  }
  log(
    `PDF: chunk ${(totalBytes / 1000).toFixed(0)} KB, fonts ${(layerBytes / 1e6).toFixed(1)} MB, first PDF ${runs.map((r) => r.firstMs.toFixed(0)).join(', ')} ms`,
  );
  rows.push(
    `| report PDF (pdfkit chunk of the API, loaded on the first PDF) | — | ${(totalBytes / 1000).toFixed(0)} KB + font layer ${(layerBytes / 1e6).toFixed(1)} MB | none |`,
  );
  rec.figure({
    key: 'pdf-chunk-kb',
    label: 'report PDF: pdfkit + fontkit + layout chunk (API upload, not in the cold path)',
    unit: 'KB',
    runs: [totalBytes / 1000],
  });
  rec.figure({
    key: 'pdf-layer-mb',
    label: 'report PDF: font layer (Noto Sans SC regular + bold + licence)',
    unit: 'MB',
    runs: [layerBytes / 1e6],
    digits: 1,
  });
  rec.figure({
    key: 'pdf-load-ms',
    label: 'report PDF: loading the chunk (fresh process)',
    unit: 'ms',
    runs: runs.map((r) => r.loadMs),
    digits: 0,
  });
  rec.figure({
    key: 'pdf-first-ms',
    label: 'report PDF: first PDF in a fresh process (opens the fonts, lays out the sample report)',
    unit: 'ms',
    runs: runs.map((r) => r.firstMs),
    digits: 0,
  });
  rec.figure({
    key: 'pdf-warm-ms',
    label: 'report PDF: next PDF in the same process',
    unit: 'ms',
    runs: runs.map((r) => r.warmMs),
    digits: 0,
  });
  rec.figure({
    key: 'pdf-bytes-kb',
    label: 'report PDF: file size of the sample report (font subset embedded)',
    unit: 'KB',
    runs: [runs[0]!.bytes / 1000],
  });
}

guard('bench:bundles', 20, async () => {
  const rows: string[] = ['| function | cold path | upload (all chunks) | AWS SDK clients imported |', '| --- | ---: | ---: | --- |'];
  for (const f of FUNCTIONS) {
    const entry = join(REPO_ROOT, f.entry);
    if (!existsSync(entry)) {
      rec.note(`${f.label}: ${f.entry} does not exist in this checkout; not measured.`);
      continue;
    }
    const { outdir, metafile } = bundleFunction(entry);
    onCleanup(`bundle ${f.key}`, () => rmSync(outdir, { recursive: true, force: true }));
    const { coldBytes, totalBytes } = coldPathBytes(metafile, outdir);
    const sdk = [
      ...new Set(
        Object.values(metafile.outputs)
          .flatMap((o) => o.imports)
          .filter((i) => i.external && i.path.startsWith('@aws-sdk/'))
          .map((i) => i.path),
      ),
    ].sort();
    log(`${f.label}: cold path ${(coldBytes / 1000).toFixed(0)} KB, upload ${(totalBytes / 1000).toFixed(0)} KB; SDK ${sdk.join(', ')}`);
    rows.push(`| ${f.label} | ${(coldBytes / 1000).toFixed(0)} KB | ${(totalBytes / 1000).toFixed(0)} KB | ${sdk.join(', ')} |`);
    rec.figure({
      key: `${f.key}-cold-kb`,
      label: `${f.label} bundle, cold path (entry + static chunks)`,
      unit: 'KB',
      runs: [coldBytes / 1000],
      ...(f.budgetKB ? { goal: { op: '<=', value: f.budgetKB, text: `≤ ${f.budgetKB} KB` } } : {}),
    });
    rec.figure({ key: `${f.key}-total-kb`, label: `${f.label} upload, all chunks`, unit: 'KB', runs: [totalBytes / 1000] });

    const bundleUrl = pathToFileURL(join(outdir, 'index.mjs')).href;
    const bundleRuns: number[] = [];
    const sdkRuns: number[] = [];
    const ratios: number[] = [];
    coldStart(sdk, bundleUrl, outdir); // warm the file-system cache, not measured
    for (let round = 0; round < ROUNDS; round++) {
      const { sdkMs, ownMs } = coldStart(sdk, bundleUrl, outdir);
      bundleRuns.push(sdkMs + ownMs);
      sdkRuns.push(sdkMs);
      ratios.push((sdkMs + ownMs) / sdkMs);
    }
    rec.figure({
      key: `${f.key}-import-ms`,
      label: `${f.label}: cold import of index.mjs, SDK clients included (fresh process)`,
      unit: 'ms',
      runs: bundleRuns,
      digits: 0,
    });
    rec.figure({ key: `${f.key}-sdk-ms`, label: `${f.label}: of which its AWS SDK clients`, unit: 'ms', runs: sdkRuns, digits: 0 });
    rec.figure({
      key: `${f.key}-import-ratio`,
      label: `${f.label}: cold import ÷ SDK clients alone (same process)`,
      unit: '×',
      runs: ratios,
      digits: 2,
      goal: { op: '<=', value: IMPORT_RATIO_BUDGET, text: `≤ ${IMPORT_RATIO_BUDGET} ×` },
    });
  }
  measurePdf(rows);
  rec.note(rows.join('\n'));
  rec.note(
    "Sizes are esbuild output bytes ÷ 1000 with the stack's own settings (infra/constructs/bundle.ts: ESM, minified, `@aws-sdk/*` external, code splitting, no source maps). Cold import: a fresh Node process imports the same `@aws-sdk/*` packages the bundle imports (from node_modules; the Lambda runtime carries its own copy), then the bundle; the time of the bundle itself is measured after the SDK is loaded, so ratio = (SDK + own code) ÷ SDK within one process.",
  );
  rec.save();
});
