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
  for (const c of [`${stem}.ts`, `${stem}.tsx`, base, `${base}/index.ts`])
    if (existsSync(join(ROOT, c)) && statSync(join(ROOT, c)).isFile()) return c;
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

/** Specifiers of `import type …` and `export type … from` (erased when compiled: no module loads another). */
function typeOnlySpecifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...code.matchAll(/^\s*(?:import|export)\s+type\s[^'";]*?\sfrom\s*['"](\.[^'"]+)['"]/gm)].map((m) => m[1]!);
}

const FILES = [...sources('functions'), ...sources('shared'), ...sources('web/src')];
const GRAPH = new Map<string, string[]>(
  FILES.map((f) => [
    f,
    relativeSpecifiers(readFileSync(join(ROOT, f), 'utf8')).map(
      (s) => resolveSpecifier(f, s) ?? `${relative(ROOT, join(ROOT, dirname(f), s))} (missing)`,
    ),
  ]),
);

/** Imports from files under `from` into files under any of `into` (prefixes), as "a → b". */
function importsInto(from: string, into: readonly string[], except: (file: string) => boolean = () => false): string[] {
  return [...GRAPH]
    .filter(([f]) => f.startsWith(from) && !except(f))
    .flatMap(([f, ts]) => ts.filter((t) => into.some((p) => t.startsWith(p))).map((t) => `${f} → ${t}`));
}

describe('the import graph', () => {
  it('finds the specifiers of every kind of import, and none in comments', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "import './e.js';",
      "const f = await import('./f.js');",
      "import {\n  g,\n  h,\n} from './g.js';",
      "import x from 'vitest';",
      "// import { no } from './comment.js';",
      "/* export * from './block.js'; */",
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

  it('has the store depend on shared/ only, services never on the API, the entry points, the composition root or the aggregator; adapters on none of them', () => {
    const entryPoints = [
      'functions/api/',
      'functions/local/',
      'functions/backfill/',
      'functions/demo/',
      'functions/recompute/',
      'functions/runtime/',
      'functions/cli/',
      'functions/alerts/',
      'functions/reports/',
    ];
    expect(importsInto('functions/store/', ['functions/']).filter((e) => !e.split(' → ')[1]!.startsWith('functions/store/'))).toEqual([]);
    expect(importsInto('functions/services/', [...entryPoints, 'functions/aggregator/'])).toEqual([]);
    expect(importsInto('functions/api/', ['functions/local/', 'functions/backfill/', 'functions/demo/', 'functions/aggregator/'])).toEqual(
      [],
    );
    expect(
      importsInto('functions/aggregator/', ['functions/api/', 'functions/demo/', 'functions/backfill/', 'functions/runtime/']),
    ).toEqual([]);
    // Adapters (file formats, PDF, e-mail, webhooks, sealing secrets) know nothing of services or entry points.
    expect(importsInto('functions/adapters/', [...entryPoints, 'functions/services/', 'functions/aggregator/'])).toEqual([]);
    // The composition root is used by entry points, never by what it composes.
    expect(
      importsInto('functions/', ['functions/runtime/'], (f) =>
        [
          'functions/runtime/',
          'functions/api/',
          'functions/local/',
          'functions/cli/',
          'functions/alerts/',
          'functions/reports/',
          'functions/demo/',
          'functions/backfill/',
        ].some((p) => f.startsWith(p)),
      ),
    ).toEqual([]);
  });

  it('uses the demo generator only from the local start (never in a Lambda)', () => {
    expect(
      importsInto('functions/', ['functions/demo/'], (f) => f.startsWith('functions/demo/') || f.startsWith('functions/local/')),
    ).toEqual([]);
  });

  it('finds which imports are type-only', () => {
    const text = [
      "import type { A } from './a.js';",
      "export type { B } from './b.js';",
      "import { type C } from './c.js';",
      "import { D } from './d.js';",
    ].join('\n');
    expect(typeOnlySpecifiers(text)).toEqual(['./a.js', './b.js']);
  });

  it('has no cycle between folders', () => {
    // A folder is a directory of functions/ or shared/, or a top-level directory of web/src/ (its
    // pages under features/ link to one another and count as one). Not counted: a type-only import
    // of the read/write contract (shared/contract/) — domain code typed against the answer the
    // contract derives from it (e.g. the figures registry → the figures schema → the code that fills it).
    const folderOf = (f: string) => (f.startsWith('web/src/') ? f.split('/').slice(0, 3).join('/') : dirname(f));
    const edges = new Map<string, Map<string, string>>();
    for (const f of FILES) {
      const typeOnly = new Set(typeOnlySpecifiers(readFileSync(join(ROOT, f), 'utf8')).map((s) => resolveSpecifier(f, s)));
      for (const t of GRAPH.get(f) ?? []) {
        const [a, b] = [folderOf(f), folderOf(t)];
        if (a === b || (typeOnly.has(t) && t.startsWith('shared/contract/'))) continue;
        if (!edges.has(a)) edges.set(a, new Map());
        if (!edges.get(a)!.has(b)) edges.get(a)!.set(b, `${f} → ${t}`);
      }
    }
    // A cycle exists iff some folder reaches itself; name the edges on the way for the message.
    const cycles: string[] = [];
    for (const start of edges.keys()) {
      const seen = new Set<string>();
      const walk = (v: string, path: string[]): boolean => {
        for (const [w, why] of edges.get(v) ?? []) {
          if (w === start) {
            cycles.push([...path, why].join(' ⇒ '));
            return true;
          }
          if (!seen.has(w)) {
            seen.add(w);
            if (walk(w, [...path, why])) return true;
          }
        }
        return false;
      };
      walk(start, []);
    }
    expect(cycles).toEqual([]);
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
      index.set(v, next);
      low.set(v, next);
      next++;
      stack.push(v);
      onStack.add(v);
      for (const w of GRAPH.get(v) ?? []) {
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) === index.get(v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1) cycles.push(comp.sort());
      }
    };
    for (const f of FILES) if (!index.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
