// Where log lines go: a file opened for append (reopenable for logrotate) or stdout/stderr.
import { closeSync, openSync, writeSync } from 'node:fs';

export interface Sink {
  write(line: string): void;
  /** Opens the file again by name (after logrotate moved it); no-op for stdout/stderr. */
  reopen(): void;
  close(): void;
}

function openAppend(path: string, what: string): number {
  try {
    return openSync(path, 'a');
  } catch (e) {
    throw new Error(
      `cannot open the ${what} ${path}: ${(e as Error).message} (check the directory exists and is writable)`,
    );
  }
}

/** How often, at most, a log file that cannot be written is reported again. */
export const WRITE_FAILURE_REPORT_MS = 60_000;

/**
 * `-` means the given std stream (1 = stdout, 2 = stderr); anything else is a file path.
 * `report` hears about a file that cannot be written (disk full, read-only): at the first lost
 * line, then at most once a minute with the count, and once when writing works again.
 */
export function createSink(
  target: string,
  std: 1 | 2,
  what: string,
  report: (msg: string) => void = () => {},
  now: () => number = Date.now,
): Sink {
  if (target === '-') return stdSink(std);
  let fd = openAppend(target, what);
  let lost = 0;
  let reportedAt = 0;
  return {
    write(line) {
      try {
        writeSync(fd, line);
      } catch (e) {
        // A log file that cannot be written must never take the server down, nor go quiet unseen.
        lost++;
        if (lost === 1 || now() - reportedAt >= WRITE_FAILURE_REPORT_MS) {
          reportedAt = now();
          report(
            `cannot write the ${what} ${target}: ${(e as Error).message}; ${lost} line(s) lost so far. ` +
              'Still serving; free space or fix the file, then send USR1 to reopen it',
          );
        }
        return;
      }
      if (lost > 0) {
        report(`writing the ${what} ${target} again after ${lost} lost line(s)`);
        lost = 0;
        reportedAt = 0;
      }
    },
    reopen() {
      const fresh = openAppend(target, what);
      const old = fd;
      fd = fresh;
      closeSync(old);
    },
    close() {
      try {
        closeSync(fd);
      } catch {}
    },
  };
}

/**
 * Writes synchronously (lines survive a crash right after), but when the pipe is full (EAGAIN on a
 * non-blocking stdio pipe) hands the rest to Node's stream, which buffers in order instead of dropping.
 */
function stdSink(fd: 1 | 2): Sink {
  let stream: NodeJS.WriteStream | undefined;
  const viaStream = (data: string | Buffer) => {
    stream ??= fd === 1 ? process.stdout : process.stderr;
    stream.write(data);
  };
  return {
    write(line) {
      if (stream && stream.writableLength > 0) return viaStream(line);
      const buf = Buffer.from(line);
      try {
        const n = writeSync(fd, buf);
        if (n < buf.length) viaStream(buf.subarray(n));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') viaStream(buf);
      }
    },
    reopen() {},
    close() {},
  };
}
