// The master's live figures for `tsicorn doctor`, in a small JSON file beside its pid file
// (`<pidfile>.status`), rewritten every few seconds and removed on exit. A file rather than a socket
// or a signal: the doctor runs as another process at any time, and reading a file disturbs nothing.
// Written like the pid file: a fresh temporary file (O_EXCL, never through a planted symlink), then
// renamed over the path, so a reader never sees half of it.
import {
  closeSync,
  constants,
  fchmodSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomHex } from './pidfile.ts';

export interface LiveWorker {
  pid: number;
  age: number;
  state: string;
  rssMb: number;
  heapUsedMb: number;
  /** The --max-heap-size it was started with (null: V8's default or the user's). */
  heapLimitMb: number | null;
}

export interface LiveStatus {
  pid: number;
  /** When this was written (ms since the epoch). */
  at: number;
  target: number;
  countChosenBy: string;
  masterRssMb: number;
  /** What the cgroup charges now, minus inactive file cache (null: unreadable). */
  inUseMb: number | null;
  heapLimitMb: number | null;
  maxWorkerMemoryMb: number;
  workers: LiveWorker[];
  /** The autotuner's decisions so far, oldest first, each with when it was made. */
  decisions: Array<{ at: number; text: string }>;
}

export const statusPath = (pidfile: string) => `${pidfile}.status`;

export function writeStatus(pidfile: string, status: LiveStatus): void {
  const path = statusPath(pidfile);
  const tmp = join(dirname(path), `.${basename(path)}.${randomHex(6)}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  } catch {
    return; // the directory went away or is not writable: the doctor will say the status is missing
  }
  try {
    fchmodSync(fd, 0o644);
    writeSync(fd, `${JSON.stringify(status)}\n`);
    closeSync(fd);
    renameSync(tmp, path);
  } catch {
    try {
      closeSync(fd);
    } catch {}
    try {
      unlinkSync(tmp);
    } catch {}
  }
}

/** Removes the status file if it is this master's. */
export function removeStatus(pidfile: string, pid = process.pid): void {
  if (readStatus(pidfile)?.pid !== pid) return;
  try {
    unlinkSync(statusPath(pidfile));
  } catch {
    // gone already
  }
}

export function readStatus(pidfile: string): LiveStatus | null {
  try {
    const data = JSON.parse(readFileSync(statusPath(pidfile), 'utf8')) as LiveStatus;
    return typeof data?.pid === 'number' && Array.isArray(data.workers) ? data : null;
  } catch {
    return null;
  }
}
