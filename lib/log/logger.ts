import { closeSync, openSync, writeSync } from 'node:fs';
import type { LogLevel, Settings } from '../config/types.ts';
import type { AccessRecord, Logger } from './types.ts';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40, critical: 50 };

/** Gunicorn-shaped error log: `[2026-11-24 17:40:01 +0000] [1234] [INFO] message`. */
function formatTime(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const tz = `${sign}${pad(Math.floor(Math.abs(off) / 60))}${pad(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${tz}`;
}

export function createLogger(settings: Pick<Settings, 'loglevel' | 'errorlog' | 'logFormat'>): Logger {
  const threshold = LEVELS[settings.loglevel];
  let fd = settings.errorlog === '-' ? 2 : openSync(settings.errorlog, 'a');
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < threshold) return;
    const now = new Date();
    let line: string;
    if (settings.logFormat === 'json') {
      line = JSON.stringify({ time: now.toISOString(), pid: process.pid, level, msg, ...fields });
    } else {
      line = `[${formatTime(now)}] [${process.pid}] [${level.toUpperCase()}] ${msg}`;
    }
    try {
      writeSync(fd, line + '\n');
    } catch {
      // A log target that went away must never take the server down.
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warning: (m, f) => write('warning', m, f),
    error: (m, f) => write('error', m, f),
    critical: (m, f) => write('critical', m, f),
    isEnabled: (level) => LEVELS[level] >= threshold,
    access(_record: AccessRecord) {},
    reopen() {
      if (fd === 2) return;
      const old = fd;
      fd = openSync(settings.errorlog, 'a');
      closeSync(old);
    },
    close() {
      if (fd !== 2) closeSync(fd);
    },
  };
}
