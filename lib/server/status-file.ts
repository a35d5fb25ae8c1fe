// The master's live figures for `tsicorn doctor`, in a small JSON file beside its pid file
// (`<pidfile>.status`), rewritten every few seconds and removed on exit. A file rather than a socket
// or a signal: the doctor runs as another process at any time, and reading a file disturbs nothing.
// Written like the pid file (replaceFile): a fresh temporary file, then renamed over the path, so a
// reader never sees half of it.
import { readFileSync, unlinkSync } from 'node:fs';
import { replaceFile } from './pidfile.ts';

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
  try {
    replaceFile(path, `${JSON.stringify(status)}\n`, 0o644);
  } catch {
    // The directory went away or is not writable: the doctor will say the status is missing.
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
