import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, mkdirSync } from 'node:fs';
const outdir = '/work/wt-i10/node_modules/.cache/prof-api';
rmSync(outdir, { recursive: true, force: true });
const opts = { bundle: true, platform: 'node', target: 'node22', format: 'esm', splitting: true, outExtension: { '.js': '.mjs' }, chunkNames: 'chunks/[name]-[hash]', external: ['@aws-sdk/*'], mainFields: ['module', 'main'], minify: false, sourcemap: false, banner: { js: "import { createRequire as __spCreateRequire } from 'node:module'; const require = __spCreateRequire(import.meta.url);" }, logLevel: 'warning', entryPoints: { index: 'functions/api/lambda.ts' }, outdir, absWorkingDir: '/work/wt-i10', zodLocales: 'en' };
spawnSync(process.execPath, ['infra/constructs/bundle-worker.mjs', JSON.stringify(opts)], { stdio: ['ignore', 'ignore', 'inherit'] });
mkdirSync('/tmp/prof', { recursive: true });
for (const f of readdirSync('/tmp/prof')) rmSync('/tmp/prof/' + f);
const script = `for (const s of ['@aws-sdk/client-dynamodb','@aws-sdk/lib-dynamodb','@aws-sdk/client-secrets-manager','@aws-sdk/util-dynamodb']) await import(s); const t=performance.now(); await import('${outdir}/index.mjs'); console.log('own ms', (performance.now()-t).toFixed(0));`;
const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', '--cpu-prof-interval', '200', '--input-type=module', '-e', script], { cwd: outdir, encoding: 'utf8', env: { ...process.env, TABLE_NAME: 'x', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
console.log(r.stdout, r.stderr.slice(0, 300));
const prof = JSON.parse(readFileSync('/tmp/prof/' + readdirSync('/tmp/prof')[0], 'utf8'));
// self time per url+function, only our bundle files
const dt = {}; const byId = new Map(prof.nodes.map((n) => [n.id, n]));
for (let i = 0; i < prof.samples.length; i++) { const n = byId.get(prof.samples[i]); const url = n.callFrame.url; dt[n.id] = (dt[n.id] || 0) + (prof.timeDeltas[i] || 0); }
// inclusive time per top-level frame in our bundle: approximate by self time grouped by function name+line in index.mjs
const agg = {};
for (const [id, t] of Object.entries(dt)) { const n = byId.get(Number(id)); const u = n.callFrame.url; if (!u.includes('prof-api')) { agg['(other) ' + (u.split('/').slice(-3).join('/') || n.callFrame.functionName)] = (agg['(other) ' + (u.split('/').slice(-3).join('/') || n.callFrame.functionName)] || 0) + t; continue; } const k = `${u.split('/').pop()}:${n.callFrame.lineNumber}`; agg[k] = (agg[k] || 0) + t; }
console.log(Object.entries(agg).sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(1)}ms ${k}`).join('\n'));
