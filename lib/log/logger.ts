// The error log and the access log of one process (master or worker). Formatting lives in
// format.ts/atoms.ts (pure); this file only decides what to write and where.
import { writeSync } from 'node:fs';
import type { LogLevel, Settings } from '../config/types.ts';
import { accessFields, compileAccessFormat } from './atoms.ts';
import { formatAccessStructured, formatErrorLine } from './format.ts';
import { batched, createSink, type Sink } from './sink.ts';
import type { AccessRecord, Logger } from './types.ts';

export const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40, critical: 50 };

export type LoggerSettings = Pick<Settings, 'loglevel' | 'errorlog' | 'logFormat'> &
  Partial<Pick<Settings, 'accesslog' | 'accessLogFormat'>>;

export interface LoggerOptions {
  pid?: number;
  env?: Record<string, string | undefined>;
  now?: () => Date;
}

/**
 * Error log to `errorlog` ('-' = stderr), filtered by `loglevel`; access log to `accesslog`
 * ('-' = stdout, null/absent = off). Throws a clear Error when a log file cannot be opened.
 */
export function createLogger(settings: LoggerSettings, opts: LoggerOptions = {}): Logger {
  const threshold = LEVELS[settings.loglevel] ?? LEVELS.info;
  const format = settings.logFormat ?? 'text';
  const now = opts.now ?? (() => new Date());
  const pidOf = () => opts.pid ?? process.pid;
  // An error log file that cannot be written is reported where the platform still looks: stderr.
  const errorSink: Sink = createSink(settings.errorlog ?? '-', 2, 'error log', (msg) => {
    try {
      writeSync(2, `[${pidOf()}] [ERROR] ${msg}\n`);
    } catch {}
  });
  let accessSink: Sink | null = null;
  try {
    accessSink = settings.accesslog
      ? batched(createSink(settings.accesslog, 1, 'access log', (msg, level) => write(level, msg)))
      : null;
  } catch (e) {
    errorSink.close();
    throw e;
  }
  const textAccess = compileAccessFormat(
    settings.accessLogFormat ?? '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"',
    opts.env ?? process.env,
    pidOf(),
  );

  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < threshold) return;
    errorSink.write(`${formatErrorLine({ time: now(), pid: pidOf(), level, msg, fields }, format)}\n`);
  };

  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warning: (m, f) => write('warning', m, f),
    error: (m, f) => write('error', m, f),
    critical: (m, f) => write('critical', m, f),
    isEnabled: (level) => LEVELS[level] >= threshold,
    access(record: AccessRecord) {
      if (!accessSink) return;
      let line: string;
      try {
        line =
          format === 'text'
            ? textAccess(record)
            : formatAccessStructured(now(), pidOf(), accessFields(record, pidOf()), format);
      } catch (e) {
        write('error', `access log entry could not be formatted: ${(e as Error).message}`);
        return;
      }
      accessSink.write(`${line}\n`);
    },
    reopen() {
      for (const [sink, name] of [
        [errorSink, 'error log'],
        [accessSink, 'access log'],
      ] as const) {
        try {
          sink?.reopen();
        } catch (e) {
          write(
            'error',
            `could not reopen the ${name}, still writing to the old file: ${(e as Error).message}`,
          );
        }
      }
    },
    close() {
      // The access log first: writing its last batch may have a failure to report in the error log.
      accessSink?.close();
      errorSink.close();
    },
  };
}
