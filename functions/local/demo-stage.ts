// Where the demo city's first load is built (演示数据首次载入, issue 15). DynamoDB Local on disk
// commits every write to the disk (about 500 rollup rows a second on this project's 2-core
// machine), and a first start writes some 18,000 items before the server opens; in a
// memory-backed folder the same load takes about 35 s less. So on Linux, when /dev/shm has room,
// the first load is built there by its own DynamoDB Local, which is then stopped; its database
// file is copied into the data folder (flushed to disk) and DynamoDB Local starts again on it, on
// the same port, before the server opens. Everything after — the older months in the background,
// and every later start — runs on disk as before. Elsewhere (macOS, Windows, a container with a
// small /dev/shm), or with DEMO_STAGE=disk, the first load goes straight to disk.
//
// Nothing is lost by building in memory: until the "demo loaded" marker is written the load counts
// as unfinished, and the next start clears it and loads anew (start.ts) — it also removes a stage
// folder a killed start left behind, which the "loading" marker names.
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statfsSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The memory-backed folder, and the name every stage folder in it starts with. */
export const STAGE = { memoryDir: '/dev/shm', prefix: 'servicepulse-demo-' } as const;
const { memoryDir: MEMORY_DIR, prefix: PREFIX } = STAGE;
/** Room asked of the stage: the first load is 24 MB at 16,000 cases a year; ample for --demo-cases many times that. */
const MIN_FREE_BYTES = 1024 ** 3;

/** A new, empty memory-backed folder for the first load, or undefined where there is none with room. */
export function memoryStage(): string | undefined {
  if (process.platform !== 'linux' || !existsSync(MEMORY_DIR)) return undefined;
  try {
    const fs = statfsSync(MEMORY_DIR);
    if (fs.bavail * fs.bsize < MIN_FREE_BYTES) return undefined;
    return mkdtempSync(join(MEMORY_DIR, PREFIX));
  } catch {
    return undefined; // not writable: load on disk
  }
}

/** Removes a stage folder (only one of ours — /dev/shm/servicepulse-demo-…, whatever the marker says). */
export function removeStage(path: unknown): void {
  if (typeof path === 'string' && dirname(path) === MEMORY_DIR && basename(path).startsWith(PREFIX))
    rmSync(path, { recursive: true, force: true });
}

/**
 * Copies the database of a stopped DynamoDB Local from the stage into `dbDir`, each file flushed to
 * disk, and removes the stage. Returns the bytes copied.
 */
export function moveStage(stage: string, dbDir: string): number {
  mkdirSync(dbDir, { recursive: true });
  let bytes = 0;
  for (const name of readdirSync(stage)) {
    if (name.endsWith('.pid')) continue;
    const to = join(dbDir, name);
    copyFileSync(join(stage, name), to);
    const fd = openSync(to, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    bytes += statSync(to).size;
  }
  const dir = openSync(dbDir, 'r');
  try {
    fsyncSync(dir); // the new file's name, too
  } finally {
    closeSync(dir);
  }
  removeStage(stage);
  return bytes;
}
