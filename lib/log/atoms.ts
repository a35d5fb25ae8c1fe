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
    /** node:http's alternating names and values; when present, atoms read fields from it. */
    rawHeaders?: string[];
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

/** A request header as node:http's req.headers gives it for the fields the atoms read (referer,
 * user-agent, authorization: Node keeps the first of several), read from rawHeaders when there
 * are some, so the log does not make Node build req.headers for a request that never needed it. */
function requestHeader(req: AccessFacts['req'], lower: string): string | undefined {
  const raw = req.rawHeaders;
  if (!raw || raw.length === 0) return header(req.headers[lower]);
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length !== lower.length) continue;
    let same = true;
    // Header names are tokens: `| 0x20` lowercases letters and leaves '-' alone.
    for (let j = 0; same && j < lower.length; j++) same = (name.charCodeAt(j) | 0x20) === lower.charCodeAt(j);
    if (same) return raw[i + 1];
  }
  return undefined;
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function protocolOf(r: AccessFacts): string {
  // No version: a request the parser refused before reading one (the server answered it itself).
  return r.req.httpVersion ? `HTTP/${r.req.httpVersion}` : '-';
}

const micros = (r: AccessFacts) => Math.max(0, Math.round(r.durationUs));

type Atom = (r: AccessFacts, pid: number) => string;

/**
 * Every fixed atom (everything except `{header}i`, `{header}o`, `{var}e`) as its own function, so
 * a compiled format computes only the atoms it uses. `raw`: the value can hold text the client
 * chose, and is escaped; the others are digits, addresses, tokens or fixed text.
 */
const ATOMS: Record<string, { get: Atom; raw?: true }> = {
  h: { get: (r) => r.remoteAddr || '-' },
  l: { get: () => '-' },
  u: { get: (r) => basicAuthUser(requestHeader(r.req, 'authorization')) ?? '-', raw: true },
  t: { get: (r) => clfTimeCached(r.startTime) },
  r: { get: (r) => `${r.req.method ?? '-'} ${r.req.url ?? ''} ${protocolOf(r)}`, raw: true },
  // A method is a token: llhttp (or requestLineOf's pattern) let nothing else through.
  m: { get: (r) => r.req.method ?? '-' },
  U: { get: (r) => decodePath(pathOf(r.req.url ?? '')), raw: true },
  q: {
    get: (r) => {
      const url = r.req.url ?? '';
      const q = url.indexOf('?');
      return q < 0 ? '' : url.slice(q + 1);
    },
    raw: true,
  },
  H: { get: protocolOf },
  s: { get: (r) => String(r.res.statusCode) },
  B: { get: (r) => String(r.bytesSent) },
  // Common Log Format: '-' when no body bytes were sent.
  b: { get: (r) => (r.bytesSent > 0 ? String(r.bytesSent) : '-') },
  f: { get: (r) => requestHeader(r.req, 'referer') ?? '-', raw: true },
  a: { get: (r) => requestHeader(r.req, 'user-agent') ?? '-', raw: true },
  T: { get: (r) => String(Math.floor(micros(r) / 1e6)) },
  M: { get: (r) => String(Math.floor(micros(r) / 1000)) },
  D: { get: (r) => String(micros(r)) },
  L: {
    get: (r) => {
      const us = micros(r);
      return `${Math.floor(us / 1e6)}.${pad(us % 1e6, 6)}`;
    },
  },
  p: { get: (_r, pid) => `<${pid}>` },
  // Not Gunicorn's: router queue time in whole ms (X-Request-Start), '-' without the header.
  Q: { get: (r) => (r.queueMs === null || r.queueMs === undefined ? '-' : String(Math.floor(r.queueMs))) },
};

/** The fixed atoms (everything except `{header}i`, `{header}o`, `{var}e`). Missing values are '-'. */
export function baseAtoms(r: AccessFacts, pid: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in ATOMS) out[name] = ATOMS[name]!.get(r, pid);
  return out;
}

/** clfTime of the second `d` falls in, formatted once per second. */
let clfSecond = Number.NaN;
let clfText = '';
function clfTimeCached(d: Date): string {
  const second = Math.floor(d.getTime() / 1000);
  if (second !== clfSecond) {
    clfSecond = second;
    clfText = clfTime(d);
  }
  return clfText;
}

const ATOM_UNSAFE = new RegExp(`[\\\\"]|${UNSAFE_IN_LOGS.source}`, 'g');
/** The same characters, for a test: replace() with a function goes through V8's runtime even
 * when nothing matches, test() stays in compiled code, and nearly every value has nothing to escape. */
const HAS_UNSAFE = new RegExp(ATOM_UNSAFE.source);

/**
 * Keeps one log entry on one line for every reader and its quoted fields parseable (Gunicorn
 * escapes `"` too): quotes, backslashes and everything in UNSAFE_IN_LOGS are escaped.
 */
export function escapeAtom(s: string): string {
  if (!HAS_UNSAFE.test(s)) return s;
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
 * Compiles a format once; the result turns records into lines, computing only the atoms the
 * format names. Unknown atoms print '-' (as Gunicorn's SafeAtoms), header names are
 * case-insensitive, `{VAR}e` reads `env`.
 */
export function compileAccessFormat(
  format: string,
  env: Record<string, string | undefined> = process.env,
  pid = process.pid,
): AccessFormatter {
  const pieces: ((r: AccessFacts) => string)[] = [];
  for (const p of parseAccessFormat(format)) {
    if (typeof p === 'string') {
      pieces.push(() => p);
      continue;
    }
    const m = /^\{([^}]*)\}([ioe])$/.exec(p.atom);
    if (m) {
      const name = m[1]!;
      const lower = name.toLowerCase();
      if (m[2] === 'i') pieces.push((r) => escapeAtom(header(r.req.headers[lower]) ?? '-'));
      else if (m[2] === 'o') pieces.push((r) => escapeAtom(header(r.res.getHeader(name)) ?? '-'));
      else pieces.push(() => escapeAtom(env[name] ?? '-'));
      continue;
    }
    const atom = Object.hasOwn(ATOMS, p.atom) ? ATOMS[p.atom] : undefined;
    if (!atom) pieces.push(() => '-');
    else if (atom.raw) pieces.push((r) => escapeAtom(atom.get(r, pid)));
    else pieces.push((r) => atom.get(r, pid));
  }
  return (r) => {
    let out = '';
    for (let i = 0; i < pieces.length; i++) out += pieces[i]!(r);
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
