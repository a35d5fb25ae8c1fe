import type { LogLevel } from '../config/types.ts';

/** What one finished request contributes to the access log (Gunicorn atoms are built from it). */
export interface AccessRecord {
  req: import('node:http').IncomingMessage;
  res: import('node:http').ServerResponse;
  /** Client address after X-Forwarded-For handling (trusted proxies only). */
  remoteAddr: string;
  startTime: Date;
  /** Request duration in microseconds. */
  durationUs: number;
  /** Response body bytes written. */
  bytesSent: number;
  /** Router queue time from X-Request-Start, ms; null/absent when the request carried none. */
  queueMs?: number | null;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warning(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  critical(msg: string, fields?: Record<string, unknown>): void;
  isEnabled(level: LogLevel): boolean;
  access(record: AccessRecord): void;
  /** Reopen log files (SIGUSR1), e.g. after logrotate moved them. */
  reopen(): void;
  close(): void;
}
