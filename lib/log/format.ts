// Pure line formatting for the error and access logs: text (Gunicorn-like), JSON, logfmt.
import type { LogFormat, LogLevel } from '../config/types.ts';
import { tzOffset } from './atoms.ts';
import { escapeMessage, jsonLine, UNSAFE_IN_LOGS, unicodeEscape } from './escape.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** Gunicorn's error-log time: `2026-11-24 17:40:01 +0000` (local time, as the server's clock reads). */
export function errorLogTime(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${tzOffset(d)}`;
}

const LOGFMT_NEEDS_QUOTES = new RegExp(`[\\s"=\\\\]|${UNSAFE_IN_LOGS.source}`);
const LOGFMT_ESCAPE = new RegExp(`["\\\\]|${UNSAFE_IN_LOGS.source}`, 'g');

/** One logfmt value: bare when safe, else double-quoted with escapes (`\u0085` for controls). */
export function logfmtValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (s !== '' && !LOGFMT_NEEDS_QUOTES.test(s)) return s;
  return `"${s.replace(LOGFMT_ESCAPE, (c) => {
    if (c === '\\') return '\\\\';
    if (c === '"') return '\\"';
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return unicodeEscape(c);
  })}"`;
}

export function logfmt(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${logfmtValue(v)}`)
    .join(' ');
}

export interface ErrorEntry {
  time: Date;
  pid: number;
  level: LogLevel;
  msg: string;
  fields?: Record<string, unknown>;
}

/** One error-log line (without the newline). */
export function formatErrorLine(e: ErrorEntry, format: LogFormat): string {
  const fields = e.fields && Object.keys(e.fields).length ? e.fields : undefined;
  if (format === 'json')
    return jsonLine({ time: e.time.toISOString(), pid: e.pid, level: e.level, msg: e.msg, ...fields });
  if (format === 'logfmt')
    return logfmt({ time: e.time.toISOString(), pid: e.pid, level: e.level, msg: e.msg, ...fields });
  const extra = fields ? ` ${logfmt(fields)}` : '';
  return `[${errorLogTime(e.time)}] [${e.pid}] [${e.level.toUpperCase()}] ${escapeMessage(e.msg)}${extra}`;
}

/** One structured access line (text access lines come from the access format instead). */
export function formatAccessStructured(
  time: Date,
  pid: number,
  fields: Record<string, unknown>,
  format: 'json' | 'logfmt',
): string {
  const all = { time: time.toISOString(), pid, level: 'info', log: 'access', ...fields };
  return format === 'json' ? jsonLine(all) : logfmt(all);
}
