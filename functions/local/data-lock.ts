// One server per data folder (数据目录锁): `npm start` holds a lock file (pid + port) in its data
// folder while it runs. A second start on the same folder reads it and refuses in one sentence,
// before it touches anything — the first server's database and files stay as they are. A lock
// left by a process that no longer runs (kill -9, power loss) is taken over.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config.js';

export const LOCK_FILE = 'server.lock';

interface LockContent {
  pid: number;
  port?: number;
  url?: string;
  startedAt: string;
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function read(file: string): LockContent | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockContent;
  } catch {
    return null;
  }
}

export interface DataLock {
  /** Records the port (and URL) once the server listens. */
  listening(port: number, url: string): void;
  release(): void;
}

/** Takes the data folder's lock, or throws a ConfigError naming the running server. */
export function lockDataDir(dataDir: string): DataLock {
  const file = join(dataDir, LOCK_FILE);
  const content: LockContent = { pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(content), { flag: 'wx' });
      let held = true;
      return {
        listening(port, url) {
          if (held) writeFileSync(file, JSON.stringify({ ...content, port, url }));
        },
        release() {
          if (held && read(file)?.pid === process.pid) rmSync(file, { force: true });
          held = false;
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const other = read(file);
      if (other && other.pid !== process.pid && alive(other.pid)) {
        const where = other.url ?? (other.port ? `port ${other.port}` : 'starting up');
        throw new ConfigError(
          `ServicePulse is already running on ${dataDir} (pid ${other.pid}, ${where}): stop it first, or start with another --data-dir. 该数据目录已有 ServicePulse 在运行（进程 ${other.pid}，${where}），请先停止它或另选 --data-dir。`,
        );
      }
      rmSync(file, { force: true }); // left by a process that is gone
    }
  }
  throw new ConfigError(`could not lock ${dataDir}: another start is taking it at the same moment. 无法锁定数据目录 ${dataDir}。`);
}
