// What each Lambda loads at cold start, from the stack's own bundler (infra/constructs/bundle.ts):
// the stream functions carry no zod and no exceljs; the API and the report scheduler load exceljs
// only through a dynamic import. Sizes and times are measured in bench:bundles, not asserted here.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../infra/constructs/bundle.js';
import { REPO_ROOT } from '../../infra/paths.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Source files (node_modules packages by name) in the entry and its statically imported chunks. */
function coldInputs(entry: string): { cold: Set<string>; all: Set<string> } {
  const { outdir, metafile } = bundleFunction(join(REPO_ROOT, entry));
  dirs.push(outdir);
  const outputs: Metafile['outputs'] = metafile.outputs;
  const entryKey = Object.keys(outputs).find((k) => k.endsWith('index.mjs'))!;
  const seen = new Set<string>();
  const visit = (k: string) => {
    if (seen.has(k)) return;
    seen.add(k);
    for (const i of outputs[k]!.imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
  };
  visit(entryKey);
  const pkg = (f: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1] ?? f;
  const inputsOf = (keys: Iterable<string>) => new Set([...keys].flatMap((k) => Object.keys(outputs[k]!.inputs).map(pkg)));
  return { cold: inputsOf(seen), all: inputsOf(Object.keys(outputs)) };
}

describe('Lambda bundles', { timeout: 120_000 }, () => {
  it('aggregator and recompute worker: no zod, no exceljs', () => {
    for (const entry of ['functions/aggregator/lambda.ts', 'functions/recompute/lambda.ts']) {
      const { all } = coldInputs(entry);
      expect(
        [...all].filter((p) => p === 'zod' || p === 'exceljs'),
        entry,
      ).toEqual([]);
      expect(all.has('functions/config.ts'), entry).toBe(true);
    }
  });

  it('API and report scheduler: exceljs in the upload, not in the cold path', () => {
    for (const entry of ['functions/api/lambda.ts', 'functions/reports/lambda.ts']) {
      const { cold, all } = coldInputs(entry);
      expect(all.has('exceljs'), entry).toBe(true);
      expect(cold.has('exceljs'), entry).toBe(false);
    }
  });

  it('API: the credential check and ingest in the cold path; the lazy route groups, their contracts and services only in the upload', () => {
    const { cold, all } = coldInputs('functions/api/lambda.ts');
    for (const f of [
      'functions/api/auth-middleware.ts',
      'functions/api/routes/events.ts',
      'shared/contract/records.ts',
      'functions/services/auth-service.ts',
      'functions/services/ingest-service.ts',
    ])
      expect(cold.has(f), f).toBe(true);
    const lazy = [
      'functions/api/routes/auth.ts',
      'shared/contract/admin.ts',
      'functions/api/routes/catalog.ts',
      'functions/api/routes/catalog-import.ts',
      'functions/api/routes/licences.ts',
      'functions/api/routes/records.ts',
      'functions/api/routes/figures.ts',
      'functions/api/routes/feedback.ts',
      'functions/api/routes/reference.ts',
      'functions/api/routes/reports.ts',
      'functions/api/routes/pipeline.ts',
      'functions/api/routes/alerts.ts',
      'functions/api/routes/admin.ts',
      'shared/contract/alerts.ts',
      'shared/reports/settings-schema.ts',
      'functions/services/alerts-service.ts',
      'functions/services/figures-service.ts',
      'functions/services/report-service.ts',
      'functions/services/admin-service.ts',
    ];
    for (const f of lazy) {
      expect(all.has(f), f).toBe(true);
      expect(cold.has(f), f).toBe(false);
    }
  });
});
