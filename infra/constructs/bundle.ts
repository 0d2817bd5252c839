// How a function's code is built: esbuild, one ES module entry (index.mjs) plus chunks that are
// loaded only when the code asks for them (`await import()`), so a library needed by one rare
// request (exceljs for XLSX) is in the upload but not in the cold start. CDK's NodejsFunction
// writes a single file and cannot split; this is the same esbuild with `splitting` on.
// bench/bundles.bench.ts builds with this very function, so the measured sizes are the deployed ones.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { BuildOptions, Metafile } from 'esbuild';
import { REPO_ROOT } from '../paths.js';

export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  // The Lambda runtime carries the AWS SDK v3.
  external: ['@aws-sdk/*'],
  mainFields: ['module', 'main'],
  minify: true,
  // No source maps: a map roughly doubles the upload and --enable-source-maps slows cold starts
  // and every stack trace; minified names of our own code stay readable enough in logs.
  sourcemap: false,
  legalComments: 'none',
  // An ES module has no require(), but bundled CommonJS dependencies call it for Node built-ins
  // (exceljs → "crypto", "stream", "fs"): without this line such a chunk fails with
  // 'Dynamic require of "crypto" is not supported'.
  banner: { js: "import { createRequire as __spCreateRequire } from 'node:module'; const require = __spCreateRequire(import.meta.url);" },
  logLevel: 'warning',
} as const satisfies BuildOptions;

/**
 * Bundles `entry` into a fresh folder under the repo (so the bundle's external @aws-sdk imports
 * resolve from node_modules when tests and benchmarks load it, as the Lambda runtime's do) and
 * returns the folder and esbuild's metafile.
 */
export function bundleFunction(entry: string, outdir = defaultOutdir(entry)): { outdir: string; metafile: Metafile } {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  // zod's locales other than English are left out (bundle-worker.mjs says why).
  const options = { ...BUNDLE_OPTIONS, entryPoints: { index: entry }, outdir, absWorkingDir: REPO_ROOT, zodLocales: 'en' };
  const r = spawnSync(process.execPath, [WORKER, JSON.stringify(options)], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`bundling ${relative(REPO_ROOT, entry)} failed:\n${r.stderr}`);
  if (r.stderr.trim()) process.stderr.write(r.stderr); // esbuild warnings
  return { outdir, metafile: JSON.parse(r.stdout) as Metafile };
}

const WORKER = join(REPO_ROOT, 'infra/constructs/bundle-worker.mjs');

let builds = 0;
/** A folder per build: parallel test processes synthesise the same entries at the same time. */
function defaultOutdir(entry: string): string {
  const id = createHash('sha256').update(relative(REPO_ROOT, entry)).digest('hex').slice(0, 12);
  return join(REPO_ROOT, 'node_modules/.cache/servicepulse-bundles', `${id}-${process.pid}-${builds++}`);
}

/** Bytes of the entry and of every chunk it imports statically (what a cold start loads). */
export function coldPathBytes(metafile: Metafile, outdir: string): { coldBytes: number; totalBytes: number } {
  const outputs = metafile.outputs;
  const entryKey = Object.keys(outputs).find((k) => k.endsWith('/index.mjs') || k === 'index.mjs')!;
  const seen = new Set<string>();
  const visit = (k: string) => {
    if (seen.has(k)) return;
    seen.add(k);
    for (const imp of outputs[k]!.imports) if (imp.kind === 'import-statement' && outputs[imp.path]) visit(imp.path);
  };
  visit(entryKey);
  const coldBytes = [...seen].reduce((n, k) => n + outputs[k]!.bytes, 0);
  return { coldBytes, totalBytes: dirBytes(outdir) };
}

function dirBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (n, e) => n + (e.isDirectory() ? dirBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size),
    0,
  );
}
