// tsicorn's own hostile request corpus (fixtures/http): loading it, and replaying a case over a
// real socket whole, one byte per write, or cut at seeded random boundaries.
import { readdirSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../helpers/proc.ts';
import { decodeHttpFile } from './corpus.ts';

export const HOSTILE_DIR = join(ROOT, 'fixtures', 'http');

/** What a case must get: this exact status, `reject` (4xx/501/505 or a close without answer), or `close`. */
export type Expect = number | 'reject' | 'close';

export interface HostileCase {
  name: string;
  bytes: Buffer;
  expect: Expect;
  why: string;
  /** Body bytes the app must have read (valid cases). */
  bodyBytes?: number;
  /** Final answers to wait for (pipelined cases). */
  answers: number;
  halfClose: boolean;
}

export function loadHostile(): HostileCase[] {
  const facts = JSON.parse(readFileSync(join(HOSTILE_DIR, 'expectations.json'), 'utf8')) as Record<
    string,
    { expect: Expect; why: string; bytes?: number; answers?: number; halfClose?: boolean }
  >;
  const files = readdirSync(HOSTILE_DIR).filter((f) => f.endsWith('.http'));
  const names = files.map((f) => f.slice(0, -'.http'.length)).sort();
  const missing = names.filter((n) => !facts[n]);
  const orphans = Object.keys(facts).filter((n) => !names.includes(n));
  if (missing.length || orphans.length)
    throw new Error(`fixtures/http: no expectation for ${missing} / no file for ${orphans}`);
  return names.map((name) => {
    const f = facts[name]!;
    return {
      name,
      bytes: decodeHttpFile(readFileSync(join(HOSTILE_DIR, `${name}.http`), 'latin1')),
      expect: f.expect,
      why: f.why,
      bodyBytes: f.bytes,
      answers: f.answers ?? 1,
      halfClose: f.halfClose ?? false,
    };
  });
}

export type Mode = 'whole' | 'bytes' | 'split';

/** Deterministic PRNG (mulberry32): the same seed gives the same cuts. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The pieces a case is written in. One byte per write up to 64 kB (the rest in 4 kB writes, so an
 * 800 kB head does not take minutes); split: 1-6 cuts at random offsets. */
export function pieces(bytes: Buffer, mode: Mode, random: () => number): Buffer[] {
  if (mode === 'whole' || bytes.length < 2) return [bytes];
  if (mode === 'bytes') {
    const out: Buffer[] = [];
    const bytewise = Math.min(bytes.length, 64 * 1024);
    for (let i = 0; i < bytewise; i++) out.push(bytes.subarray(i, i + 1));
    for (let i = bytewise; i < bytes.length; i += 4096) out.push(bytes.subarray(i, i + 4096));
    return out;
  }
  const cuts = new Set<number>();
  const n = 1 + Math.floor(random() * 6);
  for (let i = 0; i < n; i++) cuts.add(1 + Math.floor(random() * (bytes.length - 1)));
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let at = 0;
  for (const c of sorted) {
    out.push(bytes.subarray(at, c));
    at = c;
  }
  out.push(bytes.subarray(at));
  return out;
}

export interface Answer {
  status: number;
  body: string;
}

export interface Replayed {
  /** Final (non-1xx) answers, in order. */
  answers: Answer[];
  /** The server closed (or reset) the connection. */
  closed: boolean;
  timedOut: boolean;
}

/** Parse as many whole responses as `data` holds: Content-Length framed, or (an HTTP/1.0 answer
 * without one) the rest of the stream once the server closed. */
function parseAnswers(data: Buffer, closed: boolean): Answer[] {
  const out: Answer[] = [];
  let at = 0;
  for (;;) {
    const end = data.indexOf('\r\n\r\n', at, 'latin1');
    if (end < 0) break;
    const head = data.toString('latin1', at, end);
    const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(head)?.[1] ?? 0);
    const declared = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
    const len =
      declared !== undefined ? Number(declared) : status < 200 ? 0 : closed ? data.length - end - 4 : -1;
    if (len < 0 || data.length < end + 4 + len) break;
    if (status >= 200) out.push({ status, body: data.toString('utf8', end + 4, end + 4 + len) });
    at = end + 4 + len;
  }
  return out;
}

const pause = (ms: number) => new Promise<void>((r) => (ms > 0 ? setTimeout(r, ms) : setImmediate(r)));

function write(sock: Socket, b: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (sock.destroyed) return resolve();
    sock.write(b, () => resolve());
  });
}

/** Send one case on a fresh connection; settle on the expected number of answers, a close, or `waitMs`. */
export function replay(
  port: number,
  c: Pick<HostileCase, 'bytes' | 'answers' | 'halfClose'>,
  mode: Mode,
  random: () => number,
  waitMs = 5000,
): Promise<Replayed> {
  const parts = pieces(c.bytes, mode, random);
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    sock.setNoDelay(true);
    let data = Buffer.alloc(0);
    let settled = false;
    const finish = (closed: boolean, timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ answers: parseAnswers(data, closed), closed, timedOut });
    };
    // The wait for an answer starts once the last byte is written (a loaded machine may take a
    // while to write 64 kB one byte at a time); the whole exchange is capped at a minute.
    let timer = setTimeout(() => finish(false, true), 60_000);
    sock.on('connect', async () => {
      for (const p of parts) {
        if (settled || sock.destroyed) return;
        await write(sock, p);
        // Give the server a chance to read each piece on its own.
        if (parts.length > 1) await pause(mode === 'split' ? 2 : 0);
      }
      if (c.halfClose && !sock.destroyed) sock.end();
      if (settled) return;
      clearTimeout(timer);
      timer = setTimeout(() => finish(false, true), waitMs);
    });
    sock.on('data', (d) => {
      data = Buffer.concat([data, d]);
      if (parseAnswers(data, false).length >= c.answers) finish(false, false);
    });
    sock.on('error', () => finish(true, false));
    sock.on('close', () => finish(true, false));
  });
}

/** Does what happened match what the case expects? Returns null when it does, else why not. */
export function judge(c: HostileCase, r: Replayed): string | null {
  const first = r.answers[0];
  const seen = first ? `${first.status}` : r.closed ? 'closed without answer' : 'no answer (timeout)';
  if (c.expect === 'close') return !first && r.closed ? null : `expected a close, got ${seen}`;
  if (c.expect === 'reject') {
    if (!first) return r.closed ? null : `expected a rejection, got ${seen}`;
    const ok = (first.status >= 400 && first.status < 500) || first.status === 501 || first.status === 505;
    return ok ? null : `expected a rejection, got ${seen}`;
  }
  if (!first || first.status !== c.expect) return `expected ${c.expect}, got ${seen}`;
  if (c.expect >= 200 && c.expect < 300) {
    if (r.answers.length < c.answers) return `expected ${c.answers} answers, got ${r.answers.length}`;
    if (c.bodyBytes !== undefined) {
      let read: number | undefined;
      try {
        read = (JSON.parse(first.body) as { bytes?: number }).bytes;
      } catch {
        return `the answer is not the app's: ${JSON.stringify(first.body.slice(0, 80))}`;
      }
      if (read !== c.bodyBytes) return `the app read ${read} body bytes, expected ${c.bodyBytes}`;
    }
  }
  return null;
}
