// `npm run backfill -- <file.ndjson> [--department D-…] [--data-dir .data] [--endpoint URL]`
// Loads history into the local data folder (or a running `npm start`'s DynamoDB Local, or AWS when
// no endpoint is given and --aws is set), with a progress bar and a summary at the end.
// Interrupt it at any time: the next run with the same file resumes where it stopped.
import { createReadStream, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createAggregator } from '../aggregator/aggregate.js';
import { connectForCli } from '../local/connect.js';
import { runBackfill, type BackfillSummary } from '../backfill/backfill.js';

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      department: { type: 'string' },
      'data-dir': { type: 'string' },
      endpoint: { type: 'string' },
      aws: { type: 'boolean' },
      restart: { type: 'boolean' },
    },
  });
  const file = positionals[0];
  if (!file || !existsSync(file)) {
    console.error('usage: npm run backfill -- <file.ndjson> [--department D-…] [--data-dir .data] [--endpoint URL] [--aws] [--restart]');
    process.exit(2);
  }
  const { services, close } = await connectForCli({
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    ...(values.aws ? { aws: true } : {}),
  });
  const aggregator = createAggregator(services.stores, services.calendars);

  const progressFile = `${resolve(file)}.progress`;
  if (values.restart) rmSync(progressFile, { force: true });
  const startLine = existsSync(progressFile) ? Number(readFileSync(progressFile, 'utf8')) : 0;
  const totalBytes = statSync(file).size;
  const input = createReadStream(file, { encoding: 'utf8' });
  const started = Date.now();
  if (startLine) console.error(`resuming after line ${startLine} (${progressFile})`);

  const bar = (done: number, s: BackfillSummary) => {
    const frac = Math.min(1, input.bytesRead / totalBytes);
    const width = 30;
    const rate = s.lines / Math.max(0.001, (Date.now() - started) / 1000);
    process.stderr.write(
      `\r[${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}] ${(frac * 100).toFixed(1)}%  line ${done}  ${Math.round(rate)} records/s  accepted ${s.accepted}  duplicate ${s.duplicate}  rejected ${s.rejected}   `,
    );
  };
  const summary = await runBackfill(services, aggregator, createInterface({ input, crlfDelay: Infinity }), {
    ...(values.department ? { department: values.department } : {}),
    startLine,
    onChunk: (done, s) => {
      writeFileSync(progressFile, String(done));
      bar(done, s);
    },
  });
  process.stderr.write('\n');
  rmSync(progressFile, { force: true });
  const secs = (Date.now() - started) / 1000;
  console.log(
    `导入完成 backfill done in ${secs.toFixed(1)} s: ${summary.lines} lines, accepted ${summary.accepted}, duplicate ${summary.duplicate}, conflict ${summary.conflict}, rejected ${summary.rejected}, other department ${summary.forbidden}`,
  );
  for (const [code, n] of Object.entries(summary.rejectedBy).sort((a, b) => b[1] - a[1])) console.log(`  rejected ${code}: ${n}`);
  for (const e of summary.examples)
    console.log(`  line ${e.line} ${e.id ?? ''}: ${e.errors?.map((x) => `${x.path} ${x.message}`).join('; ')}`);
  await close();
}

await main();
