// Writes the demo city as NDJSON to stdout (run by hand; a developer tool, not part of the runtime surface):
//   npx tsx functions/demo/scripts/emit-ndjson.ts records [cases=20000] [seed=1] [year=2025] [until=YYYY-12-31] > records.ndjson
//   npx tsx functions/demo/scripts/emit-ndjson.ts catalog [seed=1] [year=2025] > catalog.ndjson      (one CatalogItem version a line)
//   npx tsx functions/demo/scripts/emit-ndjson.ts departments | divisions
// Each records line is { "department": "D-…", "record": { … } }, in chronological order; post them in order
// (a void needs its target stored first), grouped by department, at most 500 a batch.
import { once } from 'node:events';
import { generateCatalog, generateDepartments, generateDivisions, generateRecords } from '../index.js';

const [what = 'records', ...args] = process.argv.slice(2);
process.stdout.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? process.exit(0) : Promise.reject(e)));
let pending = '';
/** Buffers lines and waits for the pipe to drain, so a large stream never piles up in memory. */
async function out(value: unknown): Promise<void> {
  pending += `${JSON.stringify(value)}\n`;
  if (pending.length < 1 << 16) return;
  const chunk = pending;
  pending = '';
  if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
}

if (what === 'records') {
  const cases = Number(args[0] ?? 20_000);
  const seed = Number(args[1] ?? 1);
  const year = Number(args[2] ?? 2025);
  const catalog = generateCatalog({ seed, year });
  const stream = generateRecords({
    seed,
    year,
    casesPerYear: cases,
    catalog,
    departments: generateDepartments(),
    divisions: generateDivisions(),
    ...(args[3] ? { until: args[3] } : {}),
  });
  for (const line of stream) await out(line);
} else if (what === 'catalog') {
  for (const v of generateCatalog({ seed: Number(args[0] ?? 1), year: Number(args[1] ?? 2025) }).versions) await out(v);
} else if (what === 'departments') {
  for (const d of generateDepartments()) await out(d);
} else if (what === 'divisions') {
  for (const u of generateDivisions().all) await out(u);
} else {
  process.stderr.write(`unknown output ${what}: records | catalog | departments | divisions\n`);
  process.exitCode = 2;
}
process.stdout.write(pending);
