import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS_LOG_FORMAT } from '../../lib/config/settings.ts';
import {
  type AccessFacts,
  accessFields,
  baseAtoms,
  basicAuthUser,
  clfTime,
  compileAccessFormat,
  parseAccessFormat,
} from '../../lib/log/atoms.ts';

// A fixed request as plain data: the atoms are a pure function of these facts.
function facts(over: Partial<AccessFacts> = {}): AccessFacts {
  const resHeaders: Record<string, string> = { 'content-type': 'text/plain', 'x-request-id': 'abc-123' };
  return {
    req: {
      method: 'GET',
      url: '/caf%C3%A9/x?q=1&r=2',
      httpVersion: '1.1',
      headers: {
        referer: 'http://example.com/from',
        'user-agent': 'curl/8.0',
        authorization: `Basic ${Buffer.from('alice:secret').toString('base64')}`,
        host: 'example.com',
      },
    },
    res: { statusCode: 200, getHeader: (n: string) => resHeaders[n.toLowerCase()] },
    remoteAddr: '10.1.2.3',
    startTime: new Date(2000, 9, 10, 13, 55, 36),
    durationUs: 2_345_678,
    bytesSent: 1234,
    ...over,
  };
}

describe("Gunicorn's access-log atoms", () => {
  it('computes each documented atom', () => {
    const a = baseAtoms(facts(), 4242);
    expect(a).toMatchObject({
      h: '10.1.2.3',
      l: '-',
      u: 'alice',
      r: 'GET /caf%C3%A9/x?q=1&r=2 HTTP/1.1',
      m: 'GET',
      U: '/café/x',
      q: 'q=1&r=2',
      H: 'HTTP/1.1',
      s: '200',
      B: '1234',
      b: '1234',
      f: 'http://example.com/from',
      a: 'curl/8.0',
      T: '2',
      M: '2345',
      D: '2345678',
      L: '2.345678',
      p: '<4242>',
    });
    expect(a.t).toMatch(/^\[10\/Oct\/2000:13:55:36 [+-]\d{4}\]$/);
  });

  it('uses - for what is missing, and CLF b is - for an empty body', () => {
    const a = baseAtoms(
      facts({ req: { method: 'HEAD', url: '/', httpVersion: '1.0', headers: {} }, bytesSent: 0 }),
      1,
    );
    expect(a).toMatchObject({ u: '-', f: '-', a: '-', q: '', b: '-', B: '0', H: 'HTTP/1.0' });
  });

  it('renders the default format like Gunicorn (combined log format)', () => {
    const line = compileAccessFormat(DEFAULT_ACCESS_LOG_FORMAT, {}, 1)(facts());
    expect(line).toMatch(
      /^10\.1\.2\.3 - alice \[10\/Oct\/2000:13:55:36 [+-]\d{4}\] "GET \/caf%C3%A9\/x\?q=1&r=2 HTTP\/1\.1" 200 1234 "http:\/\/example\.com\/from" "curl\/8\.0"$/,
    );
  });

  it('reads {header}i, {header}o and {var}e case-insensitively for headers; unknown atoms are -', () => {
    const fmt = '%({Host}i)s %({X-Request-Id}o)s %({DYNO}e)s %({missing}i)s %(nope)s %% %(T)s/%(D)s';
    expect(compileAccessFormat(fmt, { DYNO: 'web.1' }, 1)(facts())).toBe(
      'example.com abc-123 web.1 - - % 2/2345678',
    );
  });

  it('escapes quotes and control characters so one request stays one parseable line', () => {
    const f = facts();
    f.req.headers['user-agent'] = 'evil" agent\n[fake line]';
    expect(compileAccessFormat('"%(a)s"', {}, 1)(f)).toBe('"evil\\" agent\\n[fake line]"');
  });

  it('escapes C1 controls, DEL and U+2028/U+2029 too: no Unicode-aware reader sees a second line', () => {
    const f = facts();
    f.req.headers['user-agent'] = 'a\u0085b\u2028c\u2029d\x7fe\x9bf';
    const line = compileAccessFormat('"%(a)s"', {}, 1)(f);
    expect(line).toBe('"a\\x85b\\u2028c\\u2029d\\x7fe\\x9bf"');
    expect(line.split(/\r\n|[\n\v\f\r\x1c-\x1e\x85\u2028\u2029]/)).toHaveLength(1);
  });

  it('reads referer, user-agent and authorization from rawHeaders (the first of several, as node:http keeps), so req.headers is never built for the log', () => {
    const req = {
      method: 'GET',
      url: '/',
      httpVersion: '1.1',
      rawHeaders: [
        'USER-AGENT',
        'first/1',
        'User-Agent',
        'second/2',
        'Referer',
        'http://r/',
        'authorization',
        `Basic ${Buffer.from('carol:pw').toString('base64')}`,
      ],
      get headers(): Record<string, string> {
        throw new Error('req.headers read');
      },
    };
    const line = compileAccessFormat(DEFAULT_ACCESS_LOG_FORMAT, {}, 1)(facts({ req }));
    expect(line).toMatch(/ - carol \[.*\] "GET \/ HTTP\/1\.1" 200 1234 "http:\/\/r\/" "first\/1"$/);
    // Atoms the format does not name are not computed at all.
    expect(compileAccessFormat('%(s)s %(D)s', {}, 1)(facts({ req }))).toBe('200 2345678');
  });

  it('parses formats into text and atoms', () => {
    expect(parseAccessFormat('a %(h)s b %({X}i)s%%')).toEqual([
      'a ',
      { atom: 'h' },
      ' b ',
      { atom: '{X}i' },
      '%',
    ]);
  });

  it('decodes basic-auth users only', () => {
    expect(basicAuthUser(`Basic ${Buffer.from('bob:pw:x').toString('base64')}`)).toBe('bob');
    expect(basicAuthUser('Bearer abc')).toBeUndefined();
    expect(basicAuthUser(undefined)).toBeUndefined();
  });

  it('formats CLF time', () => {
    expect(clfTime(new Date(2026, 0, 5, 1, 2, 3))).toMatch(/^\[05\/Jan\/2026:01:02:03 [+-]\d{4}\]$/);
  });

  it('gives named fields for structured logs', () => {
    expect(accessFields(facts(), 7)).toEqual({
      remote_addr: '10.1.2.3',
      user: 'alice',
      method: 'GET',
      path: '/café/x',
      query: 'q=1&r=2',
      protocol: 'HTTP/1.1',
      status: 200,
      bytes: 1234,
      referer: 'http://example.com/from',
      user_agent: 'curl/8.0',
      duration_ms: 2345.678,
      queue_ms: null,
    });
  });

  it('Q is the router queue time in whole ms (X-Request-Start), - without it', () => {
    expect(baseAtoms(facts(), 1).Q).toBe('-');
    expect(baseAtoms(facts({ queueMs: 0 }), 1).Q).toBe('0');
    expect(baseAtoms(facts({ queueMs: 40_012.7 }), 1).Q).toBe('40012');
    expect(compileAccessFormat('%(s)s %(Q)s', {}, 1)(facts({ queueMs: 3.2 }))).toBe('200 3');
    expect(accessFields(facts({ queueMs: 12.9 }), 1).queue_ms).toBe(12);
  });

  it('works on real node:http request and response objects', async () => {
    let captured: { req: IncomingMessage; res: ServerResponse } | undefined;
    const server = createServer((req, res) => {
      res.setHeader('X-Served-By', 'test');
      res.end('hello');
      captured = { req, res };
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const resp = await fetch(`http://127.0.0.1:${port}/p?x=1`, { headers: { 'X-Trace': 't1' } });
      await resp.text();
      const line = compileAccessFormat(
        '%(m)s %(U)s %(q)s %(s)s %({x-trace}i)s %({x-served-by}o)s %(H)s',
        {},
        1,
      )({
        ...captured!,
        remoteAddr: '127.0.0.1',
        startTime: new Date(),
        durationUs: 10,
        bytesSent: 5,
      });
      expect(line).toBe('GET /p x=1 200 t1 test HTTP/1.1');
    } finally {
      server.close();
    }
  });
});
