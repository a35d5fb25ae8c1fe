// The HTTP layer's pure decisions: trusted forwarding, limits, conformance.
import { describe, expect, it } from 'vitest';
import { staticDefaults } from '../../lib/config/settings.ts';
import { checkHead, emptyHeadFacts, forbiddenTrailer, type Head } from '../../lib/http/conformance.ts';
import { type ConnectionFacts, deadlines, judge } from '../../lib/http/deadlines.ts';
import { parseTrustList, resolveClient } from '../../lib/http/forwarded.ts';
import { clientErrorStatus, type Limits, MAX_HEAD_BYTES, maxHeaderSize } from '../../lib/http/limits.ts';
import { parseHostPort, targetProblem, transferEncodingProblem, validHost } from '../../lib/http/target.ts';

const DEFAULT_LIMITS = { limitRequestLine: 4094, limitRequestFields: 100, limitRequestFieldSize: 8190 };
const NO_LIMITS: Limits = { limitRequestLine: 0, limitRequestFields: 0, limitRequestFieldSize: 0 };

/** The conformance checks alone: checkHead with every limit off. */
const checkConformance = (head: Head) =>
  checkHead(
    { ...head, method: head.method ?? '', url: head.url ?? '', httpVersion: '' },
    NO_LIMITS,
    emptyHeadFacts(),
  );

describe('resolveClient', () => {
  const local = parseTrustList(['127.0.0.1', '::1']);
  it('ignores forwarding headers from an untrusted peer', () => {
    expect(resolveClient('192.0.2.1', '1.2.3.4', 'https', local)).toEqual({
      remoteAddr: '192.0.2.1',
      scheme: 'http',
    });
  });
  it('walks X-Forwarded-For right to left past trusted proxies', () => {
    const t = parseTrustList(['127.0.0.1', '10.0.0.0/8']);
    expect(resolveClient('127.0.0.1', '6.6.6.6, 198.51.100.2, 10.1.2.3', 'https', t)).toEqual({
      remoteAddr: '198.51.100.2',
      scheme: 'https',
    });
    expect(resolveClient('127.0.0.1', '10.0.0.2, 10.0.0.3', undefined, t).remoteAddr).toBe('10.0.0.2');
  });
  it("'*' trusts only the direct peer: the client is the last hop", () => {
    expect(resolveClient('192.0.2.1', 'forged, 203.0.113.5', 'HTTPS', parseTrustList(['*']))).toEqual({
      remoteAddr: '203.0.113.5',
      scheme: 'https',
    });
  });
  it('IPv4-mapped peers match IPv4 entries; unix-socket peers are trusted; junk schemes are ignored', () => {
    expect(resolveClient('::ffff:127.0.0.1', '203.0.113.5', 'ftp', local)).toEqual({
      remoteAddr: '203.0.113.5',
      scheme: 'http',
    });
    expect(resolveClient(undefined, '203.0.113.5', 'https', parseTrustList([])).remoteAddr).toBe(
      '203.0.113.5',
    );
    expect(resolveClient('::1', ['203.0.113.5', '198.51.100.1'], undefined, local).remoteAddr).toBe(
      '198.51.100.1',
    );
  });
  it('a hop counts only if it is an address: the first invalid one from the right ends the walk', () => {
    // Garbage from a trusted peer: the peer itself is the client, never the text.
    expect(resolveClient('127.0.0.1', '6.6.6.6 injected=1 "', undefined, local).remoteAddr).toBe('127.0.0.1');
    expect(resolveClient('127.0.0.1', 'unknown', undefined, local).remoteAddr).toBe('127.0.0.1');
    expect(resolveClient('127.0.0.1', '1.2.3.4, ', undefined, local).remoteAddr).toBe('127.0.0.1');
    // Brackets and ports are stripped to the address.
    expect(resolveClient('127.0.0.1', '[2001:db8::2]:443', undefined, local).remoteAddr).toBe('2001:db8::2');
    expect(resolveClient('127.0.0.1', '[2001:db8::3]', undefined, local).remoteAddr).toBe('2001:db8::3');
    expect(resolveClient('127.0.0.1', '1.2.3.4:5678', undefined, local).remoteAddr).toBe('1.2.3.4');
    expect(resolveClient('127.0.0.1', '::ffff:1.2.3.4', undefined, local).remoteAddr).toBe('1.2.3.4');
    // Not addresses: a port on a bare IPv6, a bad port, a zone index, a host name, brackets around IPv4.
    for (const bad of [
      '2001:db8::2:443x',
      '1.2.3.4:http',
      'fe80::1%eth0',
      'example.com',
      '[1.2.3.4]',
      '[::1',
    ]) {
      expect(resolveClient('127.0.0.1', bad, undefined, local).remoteAddr, bad).toBe('127.0.0.1');
    }
    // Behind two trusted proxies, an invalid entry left of a valid one: the valid one is the client.
    const t = parseTrustList(['127.0.0.1', '10.0.0.0/8']);
    expect(resolveClient('127.0.0.1', 'evil, 203.0.113.9, 10.0.0.7', undefined, t).remoteAddr).toBe(
      '203.0.113.9',
    );
    // Trusted all the way to an invalid entry: the last valid address reached.
    expect(resolveClient('127.0.0.1', 'evil, 10.0.0.8, 10.0.0.7', undefined, t).remoteAddr).toBe('10.0.0.8');
    // With '*', an invalid last entry leaves the peer.
    expect(resolveClient('192.0.2.1', '203.0.113.5, evil', undefined, parseTrustList(['*'])).remoteAddr).toBe(
      '192.0.2.1',
    );
  });
  it('X-Forwarded-Proto: only http and https count, walked right to left', () => {
    const scheme = (v: string) => resolveClient('127.0.0.1', undefined, v, local).scheme;
    expect(scheme('https')).toBe('https');
    expect(scheme(' HTTPS ')).toBe('https');
    expect(scheme('https, http')).toBe('https');
    expect(scheme('garbage, https')).toBe('https');
    expect(scheme('https, garbage')).toBe('http');
    expect(scheme('https;evil')).toBe('http');
    expect(scheme('wss')).toBe('http');
  });
  it('rejects entries that are not addresses or networks', () => {
    expect(() => parseTrustList(['localhost'])).toThrow(/not an IP address, a CIDR network or '\*'/);
    expect(() => parseTrustList(['10.0.0.0/40'])).toThrow(/invalid prefix length/);
    expect(parseTrustList(['127.0.0.1,::1']).has('::1')).toBe(true);
  });
});

describe('limits', () => {
  // Through checkHead, which runs them: a conforming head (with Host) that only the limits can refuse.
  const head = (url: string, fields: string[] = []) => ({
    method: 'GET',
    url,
    httpVersion: '1.1',
    httpVersionMajor: 1,
    httpVersionMinor: 1,
    rawHeaders: ['Host', 'x', ...fields],
  });
  const checkLimits = (h: ReturnType<typeof head>, limits: Limits) => checkHead(h, limits, emptyHeadFacts());
  it('measures the request line as Gunicorn does (without CRLF)', () => {
    const exact = '/' + 'a'.repeat(4094 - 'GET  HTTP/1.1'.length - 1);
    expect(checkLimits(head(exact), DEFAULT_LIMITS)).toBeNull();
    expect(checkLimits(head(exact + 'a'), DEFAULT_LIMITS)?.status).toBe(414);
    expect(checkLimits(head(exact + 'a'), { ...DEFAULT_LIMITS, limitRequestLine: 0 })).toBeNull();
  });
  it('counts fields and field-line size with CRLF', () => {
    const v = 'b'.repeat(8190 - 'X: '.length - 2); // "X: v" + CRLF is exactly 8190
    expect(checkLimits(head('/', ['X', v]), DEFAULT_LIMITS)).toBeNull();
    expect(checkLimits(head('/', ['X', v + 'b']), DEFAULT_LIMITS)?.status).toBe(431);
    const many = Array.from({ length: 100 }, (_, i) => [`h${i}`, 'v']).flat(); // + Host = 101
    expect(checkLimits(head('/', many), DEFAULT_LIMITS)?.reason).toMatch(
      /101 header fields, over limit_request_fields 100/,
    );
  });
  it("sizes Node's head buffer to let our limits decide, with a ceiling", () => {
    expect(maxHeaderSize(DEFAULT_LIMITS)).toBeGreaterThan(4094 + 100 * 8192);
    expect(maxHeaderSize({ limitRequestLine: 0, limitRequestFields: 100, limitRequestFieldSize: 0 })).toBe(
      MAX_HEAD_BYTES,
    );
  });
  it('maps parser errors to answers', () => {
    expect(clientErrorStatus('HPE_HEADER_OVERFLOW')?.status).toBe(431);
    expect(clientErrorStatus('HPE_INVALID_METHOD')?.status).toBe(400);
    expect(clientErrorStatus('ECONNRESET')).toBeNull();
  });
});

describe('conformance', () => {
  const h = (o: Partial<Parameters<typeof checkConformance>[0]>) =>
    checkConformance({
      method: 'GET',
      url: '/',
      httpVersionMajor: 1,
      httpVersionMinor: 1,
      rawHeaders: ['Host', 'x'],
      ...o,
    });
  it('accepts an ordinary request', () => expect(h({})).toBeNull());
  it('refuses what RFC 9110/9112 forbid', () => {
    expect(h({ httpVersionMajor: 2, httpVersionMinor: 0 })?.status).toBe(505);
    expect(h({ rawHeaders: [] })?.reason).toMatch(/without Host/);
    expect(h({ httpVersionMinor: 0, rawHeaders: [] })).toBeNull();
    expect(h({ rawHeaders: ['Host', 'a', 'host', 'b'] })?.status).toBe(400);
    expect(h({ rawHeaders: ['Host', 'a', 'Content-Type', 'a', 'Content-Type', 'b'] })?.status).toBe(400);
    expect(h({ httpVersionMinor: 0, rawHeaders: ['Transfer-Encoding', 'chunked'] })?.status).toBe(400);
    expect(h({ url: '*' })?.status).toBe(400);
    expect(h({ url: '*', method: 'OPTIONS' })).toBeNull();
  });
  it('spots forbidden trailer fields', () => {
    expect(forbiddenTrailer(['Expires', 'x', 'Host', 'evil'])).toBe('Host');
    expect(forbiddenTrailer(['Server-Timing', 'x'])).toBeNull();
  });
});

describe('request-target forms per method (RFC 9112 3.2)', () => {
  it('origin-form for every method but CONNECT', () => {
    expect(targetProblem('GET', '/a?b', 'x')).toBeNull();
    expect(targetProblem('OPTIONS', '/', 'x')).toBeNull();
    expect(targetProblem('CONNECT', '/', 'x')).toMatch(/authority-form/);
  });
  it('authority-form for CONNECT only, with a port, and a Host identical to it', () => {
    expect(targetProblem('CONNECT', 'example.com:443', 'example.com:443')).toBeNull();
    expect(targetProblem('CONNECT', 'EXAMPLE.com:443', 'example.COM:443')).toBeNull();
    expect(targetProblem('CONNECT', '[::1]:443', '[::1]:443')).toBeNull();
    expect(targetProblem('CONNECT', 'example.com:443', undefined)).toBeNull();
    for (const bad of ['example.com', 'example.com:', ':443', 'u@example.com:443', '*', 'http://a:1/', 'a:b'])
      expect(targetProblem('CONNECT', bad, bad), bad).toMatch(/authority-form/);
    expect(targetProblem('CONNECT', 'example.com:443', 'other:443')).toMatch(/Host differs/);
    expect(targetProblem('GET', 'example.com:443', 'example.com:443')).toMatch(/not in origin/);
  });
  it('asterisk-form is exactly * and only for OPTIONS', () => {
    expect(targetProblem('OPTIONS', '*', 'x')).toBeNull();
    expect(targetProblem('GET', '*', 'x')).toMatch(/\* with method GET/);
    expect(targetProblem('OPTIONS', '*x', 'x')).toMatch(/not in origin/);
  });
  it('absolute-form: http(s), a valid non-empty host, and Host identical to the authority', () => {
    expect(targetProblem('GET', 'http://example.com/x', 'example.com')).toBeNull();
    expect(targetProblem('GET', 'HTTPS://Example.com:8443', 'example.com:8443')).toBeNull();
    expect(targetProblem('GET', 'http://u:p@example.com/x', 'example.com')).toBeNull();
    expect(targetProblem('GET', 'http://example.com/x', undefined)).toBeNull();
    expect(targetProblem('GET', 'http://example.com/x', 'evil')).toMatch(/Host differs/);
    expect(targetProblem('GET', 'http://example.com:81/x', 'example.com')).toMatch(/Host differs/);
    expect(targetProblem('GET', 'ftp://example.com/x', 'example.com')).toMatch(/scheme/);
    expect(targetProblem('GET', 'http:///x', '')).toMatch(/valid host/);
    expect(targetProblem('GET', 'http://[::1/x', '[::1')).toMatch(/valid host/);
  });
});

describe('Host grammar (RFC 9110 7.2, RFC 3986 3.2.2)', () => {
  it('accepts reg-names, IPv4, IP-literals, an empty value and an empty port', () => {
    for (const ok of [
      'example.com',
      'example.com:8080',
      '',
      'a:',
      'my_app.example',
      'ex%61mple',
      "a!$&'()*+,;=b",
      '127.0.0.1',
      '[::1]',
      '[2001:db8::1]:65535',
      '[v1.fe80::a+en1]',
      'Example.COM:65535',
      'a:0000065535',
      'a~b_c-d.e:0',
    ])
      expect(validHost(ok), ok).toBe(true);
  });
  it('refuses everything else', () => {
    for (const bad of [
      'a b',
      'a\tb',
      'u@a',
      'a/b',
      'a?b',
      'a#b',
      'a\\b',
      'ex\u00e4mple',
      'a,b c',
      'a:80a',
      'a:-1',
      'a:65536',
      'a:0065536',
      'a:99999999999999999999',
      'a:80:80',
      '::1',
      '[::1',
      '[::g]',
      '[fe80::1%25eth0]',
      '[127.0.0.1]',
      '[::1]x',
      '%4',
    ])
      expect(validHost(bad), bad).toBe(false);
  });
  it('splits host and port', () => {
    expect(parseHostPort('[::1]:80')).toEqual({ host: '[::1]', port: '80' });
    expect(parseHostPort('a')).toEqual({ host: 'a', port: null });
    expect(parseHostPort('a:')).toEqual({ host: 'a', port: '' });
  });
  it('checkConformance refuses an invalid Host and keeps the common request cheap', () => {
    const head = (host: string) => ({
      method: 'GET',
      url: '/',
      httpVersionMajor: 1,
      httpVersionMinor: 1,
      rawHeaders: ['Host', host],
    });
    expect(checkConformance(head('example.com:8000'))).toBeNull();
    expect(checkConformance(head('a b'))?.status).toBe(400);
  });
});

describe('checkHead: every check in one pass', () => {
  const head = (rawHeaders: string[], o: Record<string, unknown> = {}) => ({
    method: 'GET',
    url: '/',
    httpVersion: '1.1',
    httpVersionMajor: 1,
    httpVersionMinor: 1,
    rawHeaders,
    ...o,
  });
  const big = 'v'.repeat(9000);
  it('keeps the precedence of the separate checks: limits first, then version, duplicates, Host, framing, target', () => {
    const facts = emptyHeadFacts();
    // A too-large field after a duplicate Host: the limit answers (431), as when limits ran first.
    expect(checkHead(head(['Host', 'a', 'Host', 'b', 'X', big]), DEFAULT_LIMITS, facts)?.status).toBe(431);
    expect(checkHead(head(['X', big, 'Host', 'a', 'Host', 'b']), DEFAULT_LIMITS, facts)?.status).toBe(431);
    expect(
      checkHead(head(['Host', 'a'], { url: `/${'a'.repeat(5000)}` }), DEFAULT_LIMITS, facts)?.status,
    ).toBe(414);
    expect(checkHead(head(['host', 'a', 'HOST', 'b']), DEFAULT_LIMITS, facts)).toEqual({
      status: 400,
      reason: 'more than one HOST header',
    });
    expect(
      checkHead(head(['Host', 'a', 'Host', 'b'], { httpVersionMajor: 2 }), DEFAULT_LIMITS, facts)?.status,
    ).toBe(505);
    expect(checkHead(head([]), DEFAULT_LIMITS, facts)?.reason).toBe('HTTP/1.1 request without Host');
    expect(checkHead(head(['Host', 'a', 'Transfer-Encoding', 'gzip']), DEFAULT_LIMITS, facts)?.status).toBe(
      400,
    );
    expect(checkHead(head(['Host', 'a'], { url: '*' }), DEFAULT_LIMITS, facts)?.status).toBe(400);
    // With no limits it is checkConformance, and a too-large field passes.
    expect(
      checkHead(head(['Host', 'a', 'X', big]), { ...DEFAULT_LIMITS, limitRequestFieldSize: 0 }, facts),
    ).toBeNull();
  });
  it('reports what the HTTP layer acts on, whatever the case of the names, and resets it per head', () => {
    const facts = emptyHeadFacts();
    const h = head(
      [
        'Host',
        'a',
        'X-Request-Start',
        't=1700000000.123',
        'x-request-start',
        '1',
        'X-FORWARDED-PROTO',
        'https',
        'Transfer-Encoding',
        'chunked',
        'Accept-Encoding',
        'gzip',
      ],
      { method: 'POST' },
    );
    expect(checkHead(h, DEFAULT_LIMITS, facts)).toBeNull();
    expect(facts).toEqual({ requestStart: 't=1700000000.123', forwarded: true, chunked: true });
    expect(checkHead(head(['Host', 'a', 'x-forwarded-for', '1.2.3.4']), DEFAULT_LIMITS, facts)).toBeNull();
    expect(facts).toEqual({ requestStart: undefined, forwarded: true, chunked: false });
    expect(
      checkHead(head(['Host', 'a', 'X-Forwarded-Host', 'b', 'Accept-Language', 'x']), DEFAULT_LIMITS, facts),
    ).toBeNull();
    expect(facts).toEqual({ requestStart: undefined, forwarded: false, chunked: false });
  });
});

describe('Transfer-Encoding in a request (RFC 9112 6.1, 6.3)', () => {
  it('chunked must be final and only once', () => {
    for (const ok of [
      'chunked',
      'CHUNKED',
      'gzip, chunked',
      'gzip,chunked',
      'identity, chunked',
      ', chunked',
    ])
      expect(transferEncodingProblem(ok), ok).toBeNull();
    expect(transferEncodingProblem('gzip')).toMatch(/final chunked/);
    expect(transferEncodingProblem('chunked, gzip')).toMatch(/final chunked/);
    expect(transferEncodingProblem('chunked;q=1')).toMatch(/final chunked/);
    expect(transferEncodingProblem('chunked\x0b')).toMatch(/final chunked/);
    expect(transferEncodingProblem('chunked, chunked')).toMatch(/twice/);
  });
  it('checkConformance joins the field lines in order', () => {
    const head = (...te: string[]) => ({
      method: 'POST',
      url: '/',
      httpVersionMajor: 1,
      httpVersionMinor: 1,
      rawHeaders: ['Host', 'x', ...te.flatMap((v) => ['Transfer-Encoding', v])],
    });
    expect(checkConformance(head('gzip', 'chunked'))).toBeNull();
    expect(checkConformance(head('chunked', 'gzip'))?.status).toBe(400);
  });
});

describe('connection deadlines', () => {
  const d = deadlines(staticDefaults());
  it('defaults: 30 s for a whole head, 5 s (the keep-alive time) for a connection that sends nothing, body idle off', () => {
    expect(d).toEqual({
      headMs: 30_000,
      firstByteMs: 5_000,
      keepAliveMs: 5_000,
      bodyIdleMs: 0,
      sweepMs: 625,
    });
    // Keep-alive longer than the header timeout (Heroku raises it): a silent connection still gets only 30 s.
    expect(deadlines({ headerTimeout: 30, keepalive: 100, bodyIdleTimeout: 0 }).firstByteMs).toBe(30_000);
    // Keep-alive off: a new connection still must speak within 5 s.
    expect(deadlines({ headerTimeout: 30, keepalive: 0, bodyIdleTimeout: 0 }).firstByteMs).toBe(5_000);
    // The sweep looks often enough for short deadlines, at least once a second for long ones.
    expect(deadlines({ headerTimeout: 2, keepalive: 5, bodyIdleTimeout: 0 }).sweepMs).toBe(250);
    expect(deadlines({ headerTimeout: 600, keepalive: 600, bodyIdleTimeout: 0 }).sweepMs).toBe(1000);
  });
  const fresh: ConnectionFacts = {
    busy: false,
    bodyFlowing: false,
    served: false,
    waitingSince: 0,
    headSince: 0,
    bodySince: 0,
  };
  it('a silent new connection: closed after the first-byte wait', () => {
    expect(judge(fresh, d, 4_999)).toBe('keep');
    expect(judge(fresh, d, 5_000)).toBe('idle');
  });
  it('a head that started: the header timeout counts from its first byte, however slowly it drips', () => {
    const f = { ...fresh, headSince: 1_000 };
    expect(judge(f, d, 30_999)).toBe('keep');
    expect(judge(f, d, 31_000)).toBe('head-timeout');
  });
  it('between requests: the keep-alive time', () => {
    const f = { ...fresh, served: true, waitingSince: 10_000 };
    expect(judge(f, d, 14_999)).toBe('keep');
    expect(judge(f, d, 15_000)).toBe('idle');
  });
  it('a request in flight is never cut by the head or idle deadlines; a stalled body only with body_idle_timeout', () => {
    const busy = { ...fresh, busy: true, bodyFlowing: true, headSince: 1, bodySince: 0 };
    expect(judge(busy, d, 1_000_000)).toBe('keep');
    const withBodyIdle = deadlines({ headerTimeout: 30, keepalive: 5, bodyIdleTimeout: 10 });
    expect(judge(busy, withBodyIdle, 9_999)).toBe('keep');
    expect(judge(busy, withBodyIdle, 10_000)).toBe('body-idle');
    // The app not reading (backpressure) is not the client stalling.
    expect(judge({ ...busy, bodyFlowing: false }, withBodyIdle, 1_000_000)).toBe('keep');
  });
});

describe('head size cap', () => {
  it('limit_request_head_size caps what Node buffers for one head; 0 leaves only the per-field limits', () => {
    expect(maxHeaderSize({ ...DEFAULT_LIMITS, limitRequestHeadSize: 65536 })).toBe(65536);
    expect(maxHeaderSize({ ...DEFAULT_LIMITS, limitRequestHeadSize: 0 })).toBe(maxHeaderSize(DEFAULT_LIMITS));
    expect(maxHeaderSize({ ...DEFAULT_LIMITS, limitRequestHeadSize: 1 << 30 })).toBe(
      maxHeaderSize(DEFAULT_LIMITS),
    );
  });
});
