// Where log lines go: a file opened for append (reopenable for logrotate) or stdout/stderr.
import { closeSync, openSync, writeSync } from 'node:fs';

export interface Sink {
  /** `lines`: how many lines `text` holds (a batch), for the count of lines lost. */
  write(text: string, lines?: number): void;
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
 * line, then at most once a minute with the count (level 'error'), and once when writing works
 * again ('info').
 */
export function createSink(
  target: string,
  std: 1 | 2,
  what: string,
  report: (msg: string, level: 'error' | 'info') => void = () => {},
  now: () => number = Date.now,
): Sink {
  if (target === '-') return stdSink(std);
  let fd = openAppend(target, what);
  let lost = 0;
  let reportedAt = 0;
  return {
    write(line, lines = 1) {
      try {
        writeSync(fd, line);
      } catch (e) {
        // A log file that cannot be written must never take the server down, nor go quiet unseen.
        lost += lines;
        if (lost === 1 || now() - reportedAt >= WRITE_FAILURE_REPORT_MS) {
          reportedAt = now();
          report(
            `cannot write the ${what} ${target}: ${(e as Error).message}; ${lost} line(s) lost so far. ` +
              'Still serving; free space or fix the file, then send USR1 to reopen it',
            'error',
          );
        }
        return;
      }
      if (lost > 0) {
        report(`writing the ${what} ${target} again after ${lost} lost line(s)`, 'info');
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

/** Batches not yet written, written by one 'exit' listener for all of them. */
const pendingFlushes = new Set<() => void>();
let exitHooked = false;

/** Past this much text a batch is written at once, whatever the turn. */
const BATCH_LIMIT = 64 * 1024;

/**
 * Lines written during one turn of the event loop go out together, in one write at its end
 * (setImmediate), at exit, or once 64 KB are waiting: for a busy access log one write for many
 * requests instead of a write per request, which was most of its cost. Order is kept; a line
 * waits less than a turn of the loop; what is waiting when the process exits (even on an uncaught
 * exception) is written first.
 */
export function batched(sink: Sink): Sink {
  let text = '';
  let lines = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    pendingFlushes.delete(flush);
    if (lines === 0) return;
    const t = text;
    const n = lines;
    text = '';
    lines = 0;
    sink.write(t, n);
  };
  return {
    write(line) {
      text += line;
      lines++;
      if (text.length >= BATCH_LIMIT) return flush();
      if (scheduled) return;
      scheduled = true;
      pendingFlushes.add(flush);
      if (!exitHooked) {
        exitHooked = true;
        process.on('exit', () => {
          for (const f of pendingFlushes) f();
        });
      }
      setImmediate(flush);
    },
    reopen() {
      flush();
      sink.reopen();
    },
    close() {
      flush();
      sink.close();
    },
  };
}
