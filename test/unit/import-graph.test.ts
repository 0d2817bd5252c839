// The architecture as the code has it (docs/architecture.md, "Layers"): every relative import of
// functions/, shared/ and web/src/ (static, re-exports, side-effect and dynamic `import()`; type-only
// ones too — TypeScript 7 has no JS API to ask, so the specifiers are read as text), checked against
// the layer rules — routes → services → store → shared, the web → shared only, the demo used only by
// the local start — and for cycles between files. A new import that breaks a rule fails here.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = `${dir}/${name}`;
    if (name === 'node_modules') continue;
    if (statSync(join(ROOT, rel)).isDirectory()) out.push(...sources(rel));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** The file a relative specifier names ('./x.js' → x.ts or x.tsx, './dir' → dir/index.ts). */
function resolveSpecifier(from: string, spec: string): string | undefined {
  const base = join(dirname(from), spec);
  const stem = base.replace(/\.js$/, '');
  for (const c of [`${stem}.ts`, `${stem}.tsx`, base, `${base}/index.ts`]) if (existsSync(join(ROOT, c)) && statSync(join(ROOT, c)).isFile()) return c;
  return undefined;
}

/** Relative module specifiers of a source text; comments (whole lines and blocks) are left out first. */
function relativeSpecifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\s[^'";]*?\sfrom\s*['"](\.[^'"]+)['"]/gm, // import … from, export … from
    /^\s*import\s*['"](\.[^'"]+)['"]/gm, // import './side-effect'
    /\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g, // dynamic import()
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) out.push(m[1]!);
  return out;
}

const FILES = [...sources('functions'), ...sources('shared'), ...sources('web/src')];
const GRAPH = new Map<string, string[]>(FILES.map((f) => [f, relativeSpecifiers(readFileSync(join(ROOT, f), 'utf8'))
  .map((s) => resolveSpecifier(f, s) ?? `${relative(ROOT, join(ROOT, dirname(f), s))} (missing)`)]));

/** Imports from files under `from` into files under any of `into` (prefixes), as "a → b". */
function importsInto(from: string, into: readonly string[], except: (file: string) => boolean = () => false): string[] {
  return [...GRAPH].filter(([f]) => f.startsWith(from) && !except(f))
    .flatMap(([f, ts]) => ts.filter((t) => into.some((p) => t.startsWith(p))).map((t) => `${f} → ${t}`));
}

describe('the import graph', () => {
  it('finds the specifiers of every kind of import, and none in comments', () => {
    const text = [
      "import { a } from './a.js';", "import type { B } from '../b.js';", "export { c } from './c.js';", "export * from './d.js';",
      "import './e.js';", "const f = await import('./f.js');", "import {\n  g,\n  h,\n} from './g.js';", "import x from 'vitest';",
      "// import { no } from './comment.js';", "/* export * from './block.js'; */",
    ].join('\n');
    expect(relativeSpecifiers(text)).toEqual(['./a.js', '../b.js', './c.js', './d.js', './g.js', './e.js', './f.js']);
  });

  it('reads every source file and resolves every relative import', () => {
    expect(FILES.length).toBeGreaterThan(250);
    expect([...GRAPH].flatMap(([f, ts]) => ts.filter((t) => t.endsWith('(missing)')).map((t) => `${f} → ${t}`))).toEqual([]);
  });

  it('keeps shared/ free of functions/ and web/, and the web on shared/ only', () => {
    expect(importsInto('shared/', ['functions/', 'web/', 'infra/'])).toEqual([]);
    expect(importsInto('web/src/', ['functions/', 'infra/'])).toEqual([]);
  });

  it('has the store depend on shared/ only, services never on the API, the entry points or the aggregator', () => {
    const entryPoints = ['functions/api/', 'functions/local/', 'functions/backfill/', 'functions/demo/', 'functions/recompute/'];
    expect(importsInto('functions/store/', ['functions/'], ).filter((e) => !e.split(' → ')[1]!.startsWith('functions/store/'))).toEqual([]);
    expect(importsInto('functions/services/', [...entryPoints, 'functions/aggregator/'])).toEqual([]);
    expect(importsInto('functions/api/', ['functions/local/', 'functions/backfill/', 'functions/demo/', 'functions/aggregator/'])).toEqual([]);
    expect(importsInto('functions/aggregator/', ['functions/api/', 'functions/demo/', 'functions/backfill/'])).toEqual([]);
  });

  it('uses the demo generator only from the local start (never in a Lambda)', () => {
    expect(importsInto('functions/', ['functions/demo/'], (f) => f.startsWith('functions/demo/') || f.startsWith('functions/local/'))).toEqual([]);
  });

  it('has no cycle between files', () => {
    // Tarjan's strongly connected components over the file graph.
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    let next = 0;
    const visit = (v: string) => {
      index.set(v, next); low.set(v, next); next++;
      stack.push(v); onStack.add(v);
      for (const w of GRAPH.get(v) ?? []) {
        if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) === index.get(v)) {
        const comp: string[] = [];
        let w: string;
        do { w = stack.pop()!; onStack.delete(w); comp.push(w); } while (w !== v);
        if (comp.length > 1) cycles.push(comp.sort());
      }
    };
    for (const f of FILES) if (!index.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
