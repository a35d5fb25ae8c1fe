// The master's pid file, written the way Gunicorn writes it: a new file created exclusively in
// the same directory, then renamed over the path. rename() replaces whatever is at the path
// (a symlink included) without following it, so the pid file can never be used to overwrite
// another file, even as root in a shared directory; readers never see a half-written file; and
// the mode is 0644 whatever the umask.
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/** node:crypto only when a file is written (the pid file, ./status-file.ts): loading it costs
 * every master about 5 ms at start. */
export function randomHex(bytes: number): string {
  return (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto'))
    .randomBytes(bytes)
    .toString('hex');
}

export class PidfileError extends Error {}

/** rw-r--r--: readable by monitoring tools, writable only by the owner. */
export const PIDFILE_MODE = 0o644;

/** Whether a process with this pid exists (EPERM: it does, owned by another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why replaceFile failed: `creating` when the temporary file could not even be created (a missing
 * or read-only directory), so callers can say what to check. */
export class ReplaceFileError extends Error {
  readonly creating: boolean;
  constructor(creating: boolean, cause: unknown) {
    super((cause as Error).message);
    this.creating = creating;
  }
}

/**
 * Puts `text` at `path` with exactly `mode`: a new file created exclusively in the same directory
 * (never an existing file, never through a symlink planted at the temporary name), then renamed
 * over the path, which replaces whatever is there (a symlink included) without following it.
 * Readers never see half a file; the umask takes nothing from `mode`.
 */
export function replaceFile(path: string, text: string, mode: number): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomHex(6)}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  } catch (e) {
    throw new ReplaceFileError(true, e);
  }
  try {
    fchmodSync(fd, mode);
    writeSync(fd, text);
    closeSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {}
    try {
      unlinkSync(tmp);
    } catch {}
    throw new ReplaceFileError(false, e);
  }
}

/**
 * The pid named by the regular file at `path`; null when there is none. A symlink at the path is
 * not followed (it is no pid file of ours), nor is a FIFO opened for a blocking read.
 */
export function readPidfile(path: string): number | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    if (!fstatSync(fd).isFile()) return null;
    const buf = Buffer.alloc(32);
    const text = buf
      .subarray(0, readSync(fd, buf, 0, buf.length, 0))
      .toString('latin1')
      .trim();
    return /^\d{1,10}$/.test(text) ? Number(text) : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Writes our pid; refuses when the file names another live process (a second master on the same file). */
export function writePidfile(path: string): void {
  const old = readPidfile(path);
  if (old !== null && old > 0 && old !== process.pid && processAlive(old)) {
    throw new PidfileError(`pid file ${path} names a running process (${old}); is tsicorn already running?`);
  }
  try {
    replaceFile(path, `${process.pid}\n`, PIDFILE_MODE);
  } catch (e) {
    const hint = (e as ReplaceFileError).creating ? ' (check the directory exists and is writable)' : '';
    throw new PidfileError(`cannot write pid file ${path}: ${(e as Error).message}${hint}`);
  }
}

/** On exit: removes the pid file (and its USR2 `.oldbin`) only while it still names this process. */
export function removePidfile(path: string): void {
  for (const p of [path, `${path}.oldbin`]) {
    if (readPidfile(p) !== process.pid) continue;
    try {
      unlinkSync(p);
    } catch {
      // gone already
    }
  }
}

/** USR2: the old master moves aside so the new one can own `path` (Gunicorn's .oldbin). */
export function moveAsideForUpgrade(path: string): string {
  const aside = `${path}.oldbin`;
  try {
    renameSync(path, aside);
  } catch {
    // nothing to move
  }
  return aside;
}
