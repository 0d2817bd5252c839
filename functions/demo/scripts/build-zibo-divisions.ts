// Run by hand when the division table changes; the output is committed:
//   npx tsx functions/demo/scripts/build-zibo-divisions.ts [path/to/zibo_370300_divisions.csv]
// The only file under functions/demo that does I/O (a developer tool, not part of the demo's runtime surface).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { divisionsModuleSource } from './divisions-csv.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const csvPath = process.argv[2] ?? here('../data/zibo_370300_divisions.csv');
const outPath = here('../../../shared/zibo-divisions.ts');
writeFileSync(outPath, divisionsModuleSource(readFileSync(csvPath, 'utf8')));
console.log(`wrote ${outPath} from ${csvPath}`);
