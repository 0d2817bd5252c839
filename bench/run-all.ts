// `npm run bench`: every benchmark, one after the other, each in its own process (its own
// DynamoDB Local, bounded in time and memory), then bench/results.md from their results.
//   npm run bench [-- --only ingest,figures,freshness,demo,web,bundles,chaos,load]
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { renderResults, RESULTS_MD } from './lib/results.js';

const ALL = ['ingest', 'figures', 'freshness', 'demo', 'web', 'bundles', 'chaos', 'load'] as const;
const { values } = parseArgs({ options: { only: { type: 'string' } } });
const which = values.only ? values.only.split(',').map((s) => s.trim()) : [...ALL];

let child: ReturnType<typeof spawn> | undefined;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    child?.kill(sig);
    process.exitCode = 130;
  });
}

const failed: string[] = [];
const started = Date.now();
for (const name of which) {
  if (!(ALL as readonly string[]).includes(name)) throw new Error(`no benchmark ${name}; choose from ${ALL.join(', ')}`);
  console.log(`\n=== npm run bench:${name} ===`);
  const t0 = Date.now();
  const code = await new Promise<number>((resolve) => {
    child = spawn('npm', ['run', `bench:${name}`, '--silent'], { stdio: 'inherit' });
    child.once('exit', (c, s) => resolve(c ?? (s ? 128 : 1)));
  });
  child = undefined;
  console.log(`=== bench:${name} ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${Math.round((Date.now() - t0) / 1000)} s ===`);
  if (code !== 0) failed.push(name);
  if (process.exitCode === 130) break;
}
renderResults();
console.log(
  `\n${which.length - failed.length} of ${which.length} benchmarks written to ${RESULTS_MD} in ${Math.round((Date.now() - started) / 60_000)} min${failed.length ? `; failed: ${failed.join(', ')} (their sections keep the previous results)` : ''}`,
);
if (failed.length) process.exitCode = 1;
