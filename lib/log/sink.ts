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

/** `-` means the given std stream (1 = stdout, 2 = stderr); anything else is a file path. */
export function createSink(target: string, std: 1 | 2, what: string): Sink {
  if (target === '-') return stdSink(std);
  let fd = openAppend(target, what);
  return {
    write(line) {
      try {
        writeSync(fd, line);
      } catch {
        // A log file that went away (disk full, unmounted) must never take the server down.
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
