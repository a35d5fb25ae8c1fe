// Gunicorn's access-log atoms, computed from one finished request, and its `%(atom)s` format strings.
// Pure: a record (plus pid and environment) in, a line out.
import { textEscape, UNSAFE_IN_LOGS } from './escape.ts';
import type { AccessRecord } from './types.ts';

/** The parts of a request/response the atoms read (node:http objects satisfy it). */
export interface AccessFacts {
  req: {
    method?: string;
    url?: string;
    httpVersion: string;
    headers: Record<string, string | string[] | undefined>;
  };
  res: { statusCode: number; getHeader(name: string): number | string | string[] | undefined };
  remoteAddr: string;
  startTime: Date;
  durationUs: number;
  bytesSent: number;
  queueMs?: number | null;
}

// Compile-time proof that what the HTTP layer hands the logger has every fact the atoms need.
const _compatible = (r: AccessRecord): AccessFacts => r;
void _compatible;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `+0200`-style offset of the local time zone at `d`. */
export function tzOffset(d: Date): string {
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return `${sign}${pad(Math.floor(Math.abs(off) / 60))}${pad(Math.abs(off) % 60)}`;
}

/** Common Log Format time, as Gunicorn's `t` atom: `[10/Oct/2000:13:55:36 -0700]`. */
export function clfTime(d: Date): string {
  return `[${pad(d.getDate())}/${MONTHS[d.getMonth()]}/${d.getFullYear()}:${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${tzOffset(d)}]`;
}

function header(v: string | string[] | number | undefined): string | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** User name from `Authorization: Basic ...`, as Gunicorn's `u` atom. */
export function basicAuthUser(auth: string | undefined): string | undefined {
  const m = auth && /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(auth);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i > 0 ? decoded.slice(0, i) : undefined;
}

function decodePath(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

/** The fixed atoms (everything except `{header}i`, `{header}o`, `{var}e`). Missing values are '-'. */
export function baseAtoms(r: AccessFacts, pid: number): Record<string, string> {
  const url = r.req.url ?? '';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  // No version: a request the parser refused before reading one (the server answered it itself).
  const protocol = r.req.httpVersion ? `HTTP/${r.req.httpVersion}` : '-';
  const method = r.req.method ?? '-';
  const us = Math.max(0, Math.round(r.durationUs));
  const sec = Math.floor(us / 1e6);
  return {
    h: r.remoteAddr || '-',
    l: '-',
    u: basicAuthUser(header(r.req.headers.authorization)) ?? '-',
    t: clfTime(r.startTime),
    r: `${method} ${url} ${protocol}`,
    m: method,
    U: decodePath(path),
    q: q < 0 ? '' : url.slice(q + 1),
    H: protocol,
    s: String(r.res.statusCode),
    B: String(r.bytesSent),
    // Common Log Format: '-' when no body bytes were sent.
    b: r.bytesSent > 0 ? String(r.bytesSent) : '-',
    f: header(r.req.headers.referer) ?? '-',
    a: header(r.req.headers['user-agent']) ?? '-',
    T: String(sec),
    M: String(Math.floor(us / 1000)),
    D: String(us),
    L: `${sec}.${pad(us % 1e6, 6)}`,
    p: `<${pid}>`,
    // Not Gunicorn's: router queue time in whole ms (X-Request-Start), '-' without the header.
    Q: r.queueMs === null || r.queueMs === undefined ? '-' : String(Math.floor(r.queueMs)),
  };
}

const ATOM_UNSAFE = new RegExp(`[\\\\"]|${UNSAFE_IN_LOGS.source}`, 'g');

/**
 * Keeps one log entry on one line for every reader and its quoted fields parseable (Gunicorn
 * escapes `"` too): quotes, backslashes and everything in UNSAFE_IN_LOGS are escaped.
 */
export function escapeAtom(s: string): string {
  return s.replace(ATOM_UNSAFE, (c) => (c === '"' ? '\\"' : c === '\\' ? '\\\\' : textEscape(c)));
}

type Part = string | { atom: string };

/** Splits a Gunicorn format (`%(h)s`, `%({x-request-id}i)s`, `%%`) into text and atom references. */
export function parseAccessFormat(format: string): Part[] {
  const parts: Part[] = [];
  const re = /%%|%\(([^)]*)\)[sd]/g;
  let last = 0;
  for (let m = re.exec(format); m; m = re.exec(format)) {
    if (m.index > last) parts.push(format.slice(last, m.index));
    parts.push(m[0] === '%%' ? '%' : { atom: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < format.length) parts.push(format.slice(last));
  return parts;
}

export type AccessFormatter = (r: AccessFacts) => string;

/**
 * Compiles a format once; the result turns records into lines. Unknown atoms print '-' (as Gunicorn's
 * SafeAtoms), header names are case-insensitive, `{VAR}e` reads `env`.
 */
export function compileAccessFormat(
  format: string,
  env: Record<string, string | undefined> = process.env,
  pid = process.pid,
): AccessFormatter {
  const parts = parseAccessFormat(format);
  return (r) => {
    const base = baseAtoms(r, pid);
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') {
        out += p;
        continue;
      }
      const m = /^\{([^}]*)\}([ioe])$/.exec(p.atom);
      let v: string | undefined;
      if (m) {
        const name = m[1]!;
        if (m[2] === 'i') v = header(r.req.headers[name.toLowerCase()]);
        else if (m[2] === 'o') v = header(r.res.getHeader(name));
        else v = env[name];
      } else v = base[p.atom];
      out += escapeAtom(v ?? '-');
    }
    return out;
  };
}

/** Named fields for structured (json/logfmt) access lines. */
export function accessFields(r: AccessFacts, pid = process.pid): Record<string, string | number | null> {
  const a = baseAtoms(r, pid);
  const opt = (s: string) => (s === '-' ? null : s);
  return {
    remote_addr: a.h!,
    user: opt(a.u!),
    method: a.m!,
    path: a.U!,
    query: a.q!,
    protocol: a.H!,
    status: r.res.statusCode,
    bytes: r.bytesSent,
    referer: opt(a.f!),
    user_agent: opt(a.a!),
    duration_ms: Math.round(r.durationUs) / 1000,
    queue_ms: r.queueMs === null || r.queueMs === undefined ? null : Math.floor(r.queueMs),
  };
}
