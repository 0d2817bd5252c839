// `npm run recompute [-- --data-dir .data] [--endpoint URL] [--aws] [--all]`
//   Brings every case, complaint and evaluation to the current counting rules, calendar and
//   catalog (the recompute job, with a progress bar). Resumable: interrupt it, run it again, and
//   it continues from its saved position. Without --all it does what is outstanding (a rules
//   release, a calendar correction, catalog changes); --all asks for a full pass anyway.
// `npm run redrive [-- …]`
//   Counts again the records of stream batches that were given up on (their keys are kept in the
//   table when a batch fails); counting is exactly-once, so nothing is ever doubled.
import { parseArgs } from 'node:util';
import { connectForCli } from '../local/connect.js';
import { createAggregator } from '../aggregator/aggregate.js';
import { createRecomputeJob } from '../aggregator/recompute-job.js';
import { redrive } from '../aggregator/redrive.js';

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: { 'data-dir': { type: 'string' }, endpoint: { type: 'string' }, aws: { type: 'boolean' }, all: { type: 'boolean' } },
  });
  if (command !== 'recompute' && command !== 'redrive') {
    console.error(
      'usage: npm run recompute -- [--all] [--data-dir .data] [--endpoint URL] [--aws]   |   npm run redrive -- [same options]',
    );
    process.exit(2);
  }
  const { services, close } = await connectForCli({
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    ...(values.aws ? { aws: true } : {}),
  });
  const aggregator = createAggregator(services.stores, services.calendars, {
    onEntityError: (ref, e) =>
      console.error(
        `\n${ref.kind} ${ref.entityId} of ${ref.dept}: ${e instanceof Error ? e.message : String(e)} (listed as cannot be judged)`,
      ),
  });
  const started = Date.now();
  try {
    if (command === 'redrive') {
      const n = await redrive(services.stores, aggregator, (line) => console.log(line));
      console.log(`重新汇总完成 redrive done: ${n} records counted again (exactly once)`);
      return;
    }
    const job = createRecomputeJob(services.stores, aggregator);
    await job.ensureRulesCurrent();
    if (values.all) await services.stores.jobs.requestFull('requested from the command line');
    if (!(await job.pending())) {
      console.log('无需重算 nothing to recompute: every entity is counted with the current rules, calendar and catalog');
      return;
    }
    const total = await services.stores.entities.count();
    const bar = (processed: number, changed: number) => {
      const frac = total ? Math.min(1, processed / total) : 1;
      const rate = processed / Math.max(0.001, (Date.now() - started) / 1000);
      process.stderr.write(
        `\r[${'#'.repeat(Math.round(frac * 30)).padEnd(30, '.')}] ${(frac * 100).toFixed(1)}%  ${processed}/${total} entities  ${changed} recounted  ${Math.round(rate)}/s   `,
      );
    };
    let processed = 0;
    let changed = 0;
    for (;;) {
      const r = await job.runSlice({
        budgetMs: 30_000,
        onProgress: (p) => {
          if (p.phase === 'full') {
            processed = p.processed;
            changed = p.changed;
            bar(processed, changed);
          }
        },
      });
      if (r.done) break;
    }
    process.stderr.write('\n');
    console.log(
      `重算完成 recompute done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${processed} entities looked at, ${changed} recounted`,
    );
  } finally {
    await close();
  }
}

await main();
