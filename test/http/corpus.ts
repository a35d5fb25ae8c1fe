// Gunicorn's request corpus (../shared/data/gunicorn-requests): decoding and sending one case.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const CORPUS = join(ROOT, '..', 'shared', 'data', 'gunicorn-requests');

export interface Case {
  /** e.g. invalid/003 */
  name: string;
  bytes: Buffer;
  error?: string;
  needsConfig?: string[];
  hostMissing?: boolean;
  /** Ends mid-request on purpose: send, then half-close. */
  halfClose: boolean;
}

/** The README's rules: drop real line feeds, then \r\n \0 \n \t escapes, then \xHH. */
export function decodeHttpFile(text: string): Buffer {
  const s = text.replace(/\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch !== '\\') {
      const code = s.charCodeAt(i);
      if (code > 0xff) out.push(...Buffer.from(ch, 'utf8'));
      else out.push(code);
      continue;
    }
    const next = s[i + 1];
    if (s.startsWith('\\r\\n', i)) {
      out.push(13, 10);
      i += 3;
    } else if (next === '0') {
      out.push(0);
      i += 1;
    } else if (next === 'n') {
      out.push(10);
      i += 1;
    } else if (next === 't') {
      out.push(9);
      i += 1;
    } else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 2, i + 4))) {
      out.push(Number.parseInt(s.slice(i + 2, i + 4), 16));
      i += 3;
    } else throw new Error(`stray backslash at ${i}: the file was misread`);
  }
  return Buffer.from(out);
}

export function loadCorpus(): Case[] | null {
  if (!existsSync(CORPUS)) return null;
  const expectations = JSON.parse(readFileSync(join(CORPUS, 'expectations.json'), 'utf8')) as Record<
    string,
    { error?: string; needsConfig?: string[]; hostMissing?: boolean }
  >;
  const cases: Case[] = [];
  for (const kind of ['invalid', 'valid']) {
    for (const f of readdirSync(join(CORPUS, kind)).sort()) {
      if (!f.endsWith('.http')) continue;
      const name = `${kind}/${f.slice(0, -'.http'.length)}`;
      const facts = expectations[name] ?? {};
      cases.push({
        name,
        bytes: decodeHttpFile(readFileSync(join(CORPUS, kind, f), 'latin1')),
        ...facts,
        halfClose: name === 'invalid/001' || name === 'invalid/rfc9112_chunked_missing_final_crlf_01',
      });
    }
  }
  return cases;
}

export interface Outcome {
  /** First final (non-1xx) status, if any arrived. */
  status: number | null;
  closed: boolean;
  timedOut: boolean;
}

/** Send one case on a fresh connection; resolve with the first final answer, a close, or a timeout. */
export function sendRaw(port: number, bytes: Buffer, halfClose: boolean, waitMs = 1500): Promise<Outcome> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let data = '';
    let settled = false;
    const finish = (o: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(o);
    };
    const finalStatus = (): number | null => {
      for (const m of data.matchAll(/HTTP\/\d\.\d (\d{3})[^\r\n]*\r\n/g)) {
        const code = Number(m[1]);
        if (code >= 200) return code;
      }
      return null;
    };
    const timer = setTimeout(() => finish({ status: finalStatus(), closed: false, timedOut: true }), waitMs);
    sock.on('connect', () => {
      sock.write(bytes);
      if (halfClose) sock.end();
    });
    sock.on('data', (d) => {
      data += d.toString('latin1');
      const s = finalStatus();
      if (s !== null) finish({ status: s, closed: false, timedOut: false });
    });
    sock.on('error', () => finish({ status: finalStatus(), closed: true, timedOut: false }));
    sock.on('close', () => finish({ status: finalStatus(), closed: true, timedOut: false }));
  });
}

export function invalidHandled(o: Outcome): boolean {
  if (o.status !== null) return (o.status >= 400 && o.status < 500) || o.status === 501 || o.status === 505;
  return o.closed;
}

export function validHandled(o: Outcome): boolean {
  return o.status !== null && o.status >= 200 && o.status < 300;
}
