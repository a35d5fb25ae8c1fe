import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';

export class PidfileError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes our pid; refuses when the file names another live process (a second master on the same file). */
export function writePidfile(path: string): void {
  try {
    const old = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(old) && old > 0 && old !== process.pid && alive(old)) {
      throw new PidfileError(
        `pid file ${path} names a running process (${old}); is tsicorn already running?`,
      );
    }
  } catch (e) {
    if (e instanceof PidfileError) throw e;
  }
  try {
    writeFileSync(path, `${process.pid}\n`);
  } catch (e) {
    throw new PidfileError(`cannot write pid file ${path}: ${(e as Error).message}`);
  }
}

export function removePidfile(path: string): void {
  try {
    if (Number(readFileSync(path, 'utf8').trim()) === process.pid) unlinkSync(path);
  } catch {
    // gone already
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
