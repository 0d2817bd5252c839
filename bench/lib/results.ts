// Results of each benchmark as JSON (bench/results/<name>.json) and the one page that shows
// them all (bench/results.md): each figure with min/median/max over repeated runs, each ratio
// measured in the same run as its peer, and its goal. Both files are kept in git, so a
// regression shows in a diff.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load1, machine, type Machine } from './machine.js';
import { summarize } from './stats.js';

export const BENCH_DIR = resolve(import.meta.dirname, '..');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
export const RESULTS_MD = join(BENCH_DIR, 'results.md');

export interface Goal {
  op: '<=' | '>=';
  value: number;
  /** How the goal reads, e.g. "≥ 0.5 × conditional PutItem". */
  text: string;
}

export interface Figure {
  key: string;
  label: string;
  unit: string;
  /** One value per repeated run (or per sample, when `samples` says so). */
  runs: number[];
  goal?: Goal;
  /** Significant decimals shown. */
  digits?: number;
  note?: string;
}

export interface BenchResult {
  name: string;
  /** The product code measured: commit, and whether functions/, shared/, web/ had uncommitted changes. */
  code?: string;
  title: string;
  command: string;
  started: string;
  seconds: number;
  machine: Machine;
  load: { start: number; end: number };
  params: Record<string, unknown>;
  figures: Figure[];
  /** Markdown paragraphs and tables shown under the figures. */
  notes: string[];
}

export class Recorder {
  readonly started = new Date();
  readonly loadStart = load1();
  readonly figures: Figure[] = [];
  readonly notes: string[] = [];
  params: Record<string, unknown> = {};
  constructor(
    readonly name: string,
    readonly title: string,
    readonly command: string,
  ) {}

  figure(f: Figure): void {
    const i = this.figures.findIndex((x) => x.key === f.key);
    if (i >= 0) this.figures[i] = f;
    else this.figures.push(f);
  }

  note(markdown: string): void {
    this.notes.push(markdown);
  }

  save(): BenchResult {
    const r: BenchResult = {
      name: this.name,
      title: this.title,
      command: this.command,
      started: this.started.toISOString(),
      seconds: Math.round((Date.now() - this.started.getTime()) / 1000),
      machine: machine(),
      code: codeVersion(),
      load: { start: this.loadStart, end: load1() },
      params: this.params,
      figures: this.figures,
      notes: this.notes,
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, `${this.name}.json`), `${JSON.stringify(r, null, 2)}\n`);
    renderResults();
    return r;
  }
}

const ORDER = ['ingest', 'scale', 'figures', 'freshness', 'demo', 'web', 'bundles', 'chaos', 'load'];

function codeVersion(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: BENCH_DIR, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'functions', 'shared', 'web', 'infra'], {
      cwd: BENCH_DIR,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .filter(Boolean).length;
    return dirty ? `${head} + ${dirty} uncommitted file(s) in functions/shared/web/infra` : head;
  } catch {
    return 'unknown';
  }
}

function fmt(v: number, digits = 0): string {
  if (!Number.isFinite(v)) return String(v);
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function met(f: Figure): string {
  if (!f.goal) return '';
  const med = summarize(f.runs).median;
  const ok = f.goal.op === '<=' ? med <= f.goal.value : med >= f.goal.value;
  return ok ? 'met' : '**not met**';
}

export function renderResults(): void {
  const results: BenchResult[] = [];
  for (const name of ORDER) {
    const file = join(RESULTS_DIR, `${name}.json`);
    if (existsSync(file)) results.push(JSON.parse(readFileSync(file, 'utf8')) as BenchResult);
  }
  const out: string[] = [
    '# ServicePulse benchmark results',
    '',
    'Written by `npm run bench` (all) or one `npm run bench:<name>`; each section keeps the machine, date and command of its own last run. Benchmarks, not tests: nothing fails on a slow machine. The machine is shared and noisy (2 cores): every figure is a min/median/max over repeated runs, and every ratio is computed inside one run against its peer measured in the same run; the 1-minute load average at start and end of each section is shown.',
    '',
  ];
  for (const r of results) {
    const m = r.machine;
    out.push(`## ${r.title}`, '');
    out.push(`- command: \`${r.command}\``);
    if (r.code) out.push(`- code: ${r.code}`);
    out.push(`- date: ${r.started.replace('T', ' ').slice(0, 19)} UTC, ${r.seconds} s; load average ${r.load.start} → ${r.load.end}`);
    out.push(`- machine: ${m.cpu}, ${m.nproc} cores, ${m.memoryGiB} GiB; ${m.os}; Node ${m.node}; ${m.java}; ${m.dynamoDbLocal}`);
    if (Object.keys(r.params).length)
      out.push(
        `- parameters: ${Object.entries(r.params)
          .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
          .join(', ')}`,
      );
    out.push('', '| figure | unit | min | median | max | runs | goal | |', '| --- | --- | ---: | ---: | ---: | ---: | --- | --- |');
    for (const f of r.figures) {
      const s = summarize(f.runs);
      const d = f.digits ?? 0;
      out.push(
        `| ${f.label}${f.note ? ` (${f.note})` : ''} | ${f.unit} | ${fmt(s.min, d)} | ${fmt(s.median, d)} | ${fmt(s.max, d)} | ${s.n} | ${f.goal?.text ?? ''} | ${met(f)} |`,
      );
    }
    out.push('');
    for (const n of r.notes) out.push(n, '');
  }
  writeFileSync(RESULTS_MD, `${out.join('\n').trimEnd()}\n`);
}
