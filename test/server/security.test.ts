// Issue 18, through a real master on loopback: what an attacker can do to a tsicorn dyno from
// the network or from another local process, and what stops them.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, ROOT, request, spawnTsicorn } from '../helpers/proc.ts';

const APPS = `${ROOT}fixtures/apps`;
/** What Python's str.splitlines(), and log shippers built like it, treat as line ends. */
const UNICODE_LINE_BREAKS = /\r\n|[\n\v\f\r\x1c-\x1e\x85\u2028\u2029]/;

async function boot(args: string[], cwd = `${APPS}/arbiter`) {
  const port = await freePort();
  const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`, ...args], { cwd });
  await p.ready();
  return { p, port, base: `http://127.0.0.1:${port}` };
}

/** Sends raw bytes on a fresh connection; resolves with everything read until the server closes. */
function rawExchange(port: number, bytes: Buffer | string, ms = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1', () => sock.write(bytes));
    let got = '';
    sock.setEncoding('latin1');
    sock.on('data', (d) => {
      got += d;
    });
    sock.on('close', () => resolve(got));
    sock.on('error', reject);
    sock.setTimeout(ms, () => sock.destroy());
  });
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

describe('logs cannot be forged', () => {
  // Header bytes arrive as latin1: 0x85 is NEL; U+2028 on the wire is E2 80 A8, whose 0x80 is a C1
  // control. Percent-decoding puts the real U+2028 and U+0085 into the path the logs show.
  const hostile = Buffer.concat([
    Buffer.from(
      'GET /forge%E2%80%A8fake%C2%85line?q=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n',
      'latin1',
    ),
    Buffer.from('User-Agent: ua\x85[fake] ', 'latin1'),
    Buffer.from('sep\u2028par\u2029end\r\nReferer: ref\x85\u2028\r\n\r\n', 'utf8'),
  ]);

  for (const format of ['text', 'json', 'logfmt'] as const) {
    it(`${format}: a request with NEL and U+2028 in its headers and path is exactly one access line`, async () => {
      const extra =
        format === 'text' ? ['--access-logformat', '%(h)s "%(r)s" %(s)s "%(a)s" "%(f)s" %(U)s'] : [];
      const { p, port } = await boot(['-w', '1', '--access-logfile', '-', '--log-format', format, ...extra]);
      const answer = await rawExchange(port, hostile);
      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
      await p.waitFor(/forge/);
      // Let any further line the request could have caused arrive before counting.
      await new Promise((r) => setTimeout(r, 200));
      const out = p.stdout();
      expect(out.split(UNICODE_LINE_BREAKS).length).toBe(out.split('\n').length);
      const access = lines(out).filter((l) => l.includes('forge'));
      expect(access).toHaveLength(1);
      const err = p.stderr();
      expect(err.split(UNICODE_LINE_BREAKS).length).toBe(err.split('\n').length);
      if (format === 'json') {
        for (const l of [...lines(out), ...lines(err)]) expect(() => JSON.parse(l), l).not.toThrow();
        const rec = JSON.parse(access[0]!) as { user_agent: string; path: string };
        expect(rec.user_agent).toBe('ua\x85[fake] sep\xe2\x80\xa8par\xe2\x80\xa9end');
        expect(rec.path).toBe('/forge\u2028fake\u0085line');
      }
      if (format === 'text') expect(access[0]).toContain('"ua\\x85[fake] sep\u00e2\\x80\u00a8par');
      if (format === 'logfmt') expect(access[0]).toContain('path="/forge\\u2028fake\\u0085line"');
    });
  }
});

describe('X-Forwarded-For from a trusted peer', () => {
  it('garbage logs the peer; brackets and ports are stripped from a valid hop', async () => {
    const { p, base } = await boot(['-w', '1', '--access-logfile', '-']);
    await request(`${base}/?garbage`, { headers: { 'x-forwarded-for': '6.6.6.6 injected=1 "' } });
    await request(`${base}/?unknown`, { headers: { 'x-forwarded-for': 'unknown' } });
    await request(`${base}/?v6`, { headers: { 'x-forwarded-for': '[2001:db8::2]:443' } });
    await request(`${base}/?v4port`, { headers: { 'x-forwarded-for': '1.2.3.4:5678' } });
    await p.waitFor(/\?v4port/);
    const byQuery = (q: string) => lines(p.stdout()).find((l) => l.includes(`/?${q} `))!;
    expect(byQuery('garbage')).toMatch(/^127\.0\.0\.1 - - /);
    expect(byQuery('unknown')).toMatch(/^127\.0\.0\.1 - - /);
    expect(byQuery('v6')).toMatch(/^2001:db8::2 - - /);
    expect(byQuery('v4port')).toMatch(/^1\.2\.3\.4 - - /);
    expect(p.stdout()).not.toContain('injected');
  });
});

describe('requests the server answers itself are in the access log', () => {
  it('400 from the parser, 414 and 431 from the limits, 505 from conformance', async () => {
    const { p, port } = await boot(['-w', '1', '--access-logfile', '-']);
    expect(await rawExchange(port, 'GET /parse HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 400 /,
    );
    expect(await rawExchange(port, `GET /${'a'.repeat(5000)} HTTP/1.1\r\nHost: x\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 414 /,
    );
    expect(
      await rawExchange(port, `GET /big HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(9000)}\r\n\r\n`),
    ).toMatch(/^HTTP\/1\.1 431 /);
    expect(await rawExchange(port, 'GET /two HTTP/2.0\r\nHost: x\r\n\r\n')).toMatch(/^HTTP\/1\.1 505 /);
    expect(await rawExchange(port, '\x16\x03\x01 not http at all\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    await eventuallyLines(p, 5);
    const log = lines(p.stdout());
    expect(log.find((l) => l.includes('"GET /parse HTTP/1.1" 400 '))).toBeDefined();
    expect(log.find((l) => / "GET \/a{5000} HTTP\/1\.1" 414 /.test(l))).toBeDefined();
    expect(log.find((l) => l.includes('"GET /big HTTP/1.1" 431 '))).toBeDefined();
    expect(log.find((l) => l.includes('"GET /two HTTP/2.0" 505 '))).toBeDefined();
    expect(log.find((l) => l.includes('"- - -" 400 '))).toBeDefined();
  });
});

async function eventuallyLines(p: { stdout(): string }, n: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (lines(p.stdout()).length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}
