// createHttpServer over real sockets: request limits (raw requests), parse errors, app exceptions,
// hooks, access records with trusted X-Forwarded-*, keep-alive off, drain, and the fetch adapter's
// HEAD and client-abort handling.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { eventually, request } from '../helpers/proc.ts';
import { sendRaw } from './corpus.ts';
import { serveApp } from './serve.ts';

/** Raw request; resolves with everything the server sent until it closed (or `ms` passed). */
function raw(port: number, text: string | Buffer, ms = 3000): Promise<{ data: string; closed: boolean }> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => {
      sock.destroy();
      resolve({ data, closed: false });
    }, ms);
    sock.on('connect', () => sock.write(text));
    sock.on('data', (d) => {
      data += d.toString('latin1');
    });
    sock.on('error', () => {});
    sock.on('close', () => {
      clearTimeout(timer);
      resolve({ data, closed: true });
    });
  });
}

const statusOf = (data: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0);

describe('request limits, before the app runs', () => {
  it('414 for a request line over limit_request_line, 431 for too many or too large fields, with Connection: close', async () => {
    const s = await serveApp('plain-listener');
    const longLine = await raw(s.port, `GET /${'r'.repeat(4100)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(statusOf(longLine.data)).toBe(414);
    expect(longLine.data).toMatch(/\r\nConnection: close\r\n/i);
    expect(longLine.closed).toBe(true);

    const fields = Array.from({ length: 101 }, (_, i) => `X-F${i}: v\r\n`).join('');
    const many = await raw(s.port, `GET / HTTP/1.1\r\nHost: x\r\n${fields}\r\n`);
    expect(statusOf(many.data)).toBe(431);
    expect(many.closed).toBe(true);

    const big = await raw(s.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(8190)}\r\n\r\n`);
    expect(statusOf(big.data)).toBe(431);

    // Just under each limit passes: a 4094-byte request line, 100 fields, an 8190-byte field line.
    const path = `/${'a'.repeat(4094 - 'GET  HTTP/1.1'.length - 1)}`;
    expect(
      statusOf((await raw(s.port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).data),
    ).toBe(200);
    const ninetyEight = Array.from({ length: 98 }, (_, i) => `X-F${i}: v\r\n`).join('');
    expect(
      statusOf(
        (await raw(s.port, `GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${ninetyEight}\r\n`)).data,
      ),
    ).toBe(200);
    const okField = `X-Big: ${'b'.repeat(8190 - 'X-Big: '.length - 2)}`;
    expect(
      statusOf(
        (await raw(s.port, `GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${okField}\r\n\r\n`)).data,
      ),
    ).toBe(200);

    // The app never saw the rejected requests, and the worker still serves.
    expect(s.proc.stdout()).not.toMatch(/PRE GET \/rrrr/);
    expect(s.proc.stdout()).toMatch(/PRE GET \/aaaa/);
    expect(JSON.parse((await request(`${s.url}/`)).body).pid).toBe(s.proc.pid);
  });

  it('limits are settings; 0 means unlimited for the request line, field size and total head size', async () => {
    const s = await serveApp('plain-listener', {
      settings: {
        limitRequestLine: 0,
        limitRequestFieldSize: 0,
        limitRequestFields: 3,
        limitRequestHeadSize: 0,
      },
    });
    const longHead = `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(50_000)}\r\nConnection: close\r\n\r\n`;
    const long = await raw(s.port, longHead);
    expect(statusOf(long.data)).toBe(200);
    const four = await raw(s.port, 'GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n');
    expect(statusOf(four.data)).toBe(431);
    // The total cap (64 KB by default) holds even when every per-field limit is off.
    const capped = await serveApp('plain-listener', {
      settings: { limitRequestLine: 0, limitRequestFieldSize: 0, limitRequestFields: 3 },
    });
    expect(statusOf((await raw(capped.port, longHead)).data)).toBe(431);
  });

  it("parse errors get 400, a head larger than Node's buffer 431, HTTP/1.1 without Host 400; the worker lives on", async () => {
    const s = await serveApp('plain-listener');
    expect(statusOf((await raw(s.port, 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n')).data)).toBe(400);
    expect(statusOf((await raw(s.port, 'NOT A REQUEST\r\n\r\n')).data)).toBe(400);
    expect(statusOf((await raw(s.port, 'GET / HTTP/1.1\r\n\r\n')).data)).toBe(400);
    expect(statusOf((await raw(s.port, 'GET / HTTP/2.0\r\nHost: x\r\n\r\n')).data)).toBe(505);
    // 120 fields of 8000 bytes: each under the field limit, but the head outgrows what Node buffers.
    const fields = Array.from({ length: 120 }, (_, i) => `X-F${i}: ${'c'.repeat(8000)}\r\n`).join('');
    expect(statusOf((await raw(s.port, `GET / HTTP/1.1\r\nHost: x\r\n${fields}\r\n`)).data)).toBe(431);
    expect((await request(`${s.url}/`)).status).toBe(200);
  });
});

describe('the app failing', () => {
  it('a sync throw and a rejected promise become 500s, logged with their stack; the same process serves on', async () => {
    const s = await serveApp('plain-listener');
    const t = await request(`${s.url}/throw`);
    expect(t.status).toBe(500);
    expect(t.body).toBe('Internal Server Error\n');
    expect((await request(`${s.url}/reject`)).status).toBe(500);
    await eventually(() => /listener rejected on purpose/.test(s.proc.stderr()));
    expect(s.proc.stderr()).toMatch(
      /Error handling request GET \/throw\n.*listener exploded on purpose\n\s+at /,
    );
    expect(JSON.parse((await request(`${s.url}/`)).body).pid).toBe(s.proc.pid);
  });

  it('a fetch handler that throws gives a 500 too', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'tsicorn-app-'));
    writeFileSync(
      join(dir, 'app.mjs'),
      "export default { fetch() { throw new Error('fetch exploded'); } };\n",
    );
    const s = await serveApp(dir);
    expect((await request(`${s.url}/`)).status).toBe(500);
    await eventually(() => /fetch exploded/.test(s.proc.stderr()));
  });
});

describe('hooks and access records', () => {
  it('pre_request and post_request run around each request; a throwing hook is logged and the request served', async () => {
    const s = await serveApp('plain-listener');
    await request(`${s.url}/`);
    await eventually(() => /PRE GET \/\nACCESS .*\nPOST GET \/ 200\n/.test(s.proc.stdout()));
    const r = await request(`${s.url}/`, { headers: { 'x-hook': 'throw' } });
    expect(r.status).toBe(200);
    await eventually(() =>
      /pre_request hook failed: Error: pre_request hook failed on purpose/.test(s.proc.stderr()),
    );
  });

  it('X-Forwarded-For / -Proto count only from a trusted peer', async () => {
    const trusted = await serveApp('fetch-function');
    const headers = { 'x-forwarded-for': '198.51.100.7, 203.0.113.9', 'x-forwarded-proto': 'https' };
    const who = JSON.parse((await request(`${trusted.url}/whoami`, { headers })).body);
    // The scheme reaches the app too: fetch handlers see the URL the client used.
    expect(who.url).toMatch(/^https:\/\//);
    await eventually(() => /ACCESS .*"url":"\/whoami"/.test(trusted.proc.stdout()));
    const rec = JSON.parse(/ACCESS (.*"url":"\/whoami".*)/.exec(trusted.proc.stdout())![1]!);
    // 203.0.113.9 is not a trusted proxy, so it is the client (198.51.100.7 could be forged by it).
    expect(rec).toMatchObject({ remoteAddr: '203.0.113.9', scheme: 'https', status: 200 });

    const untrusted = await serveApp('fetch-function', { settings: { forwardedAllowIps: ['10.0.0.1'] } });
    const who2 = JSON.parse((await request(`${untrusted.url}/whoami`, { headers })).body);
    expect(who2.url).toMatch(/^http:\/\//);
    await eventually(() => /ACCESS .*"url":"\/whoami"/.test(untrusted.proc.stdout()));
    const rec2 = JSON.parse(/ACCESS (.*"url":"\/whoami".*)/.exec(untrusted.proc.stdout())![1]!);
    expect(rec2).toMatchObject({ remoteAddr: '127.0.0.1', scheme: 'http' });
  });

  it('the access record counts body bytes sent', async () => {
    const s = await serveApp('echo');
    await request(`${s.url}/x`, { method: 'POST', body: 'twelve bytes' });
    await eventually(() => /ACCESS .*"url":"\/x".*"bytes":12/.test(s.proc.stdout()));
  });
});

describe('per-request bookkeeping', () => {
  it("the access record counts the body an Express app sends, though Express swaps the response's prototype", async () => {
    const s = await serveApp('express5');
    const r = await request(`${s.url}/`);
    const length = Buffer.byteLength(r.body);
    expect(length).toBeGreaterThan(10);
    await eventually(() => new RegExp(`ACCESS .*"url":"/".*"bytes":${length}\\b`).test(s.proc.stdout()));
    const stream = await request(`${s.url}/stream`);
    await eventually(() =>
      new RegExp(`ACCESS .*"url":"/stream".*"bytes":${Buffer.byteLength(stream.body)}\\b`).test(
        s.proc.stdout(),
      ),
    );
  });

  it('post_request runs for requests the app served, not for those tsicorn refused', async () => {
    const s = await serveApp('plain-listener');
    const refused = await raw(s.port, 'GET / HTTP/1.1\r\nHost: a b\r\n\r\n');
    expect(statusOf(refused.data)).toBe(400);
    await request(`${s.url}/after`);
    await eventually(() => /POST GET \/after 200/.test(s.proc.stdout()));
    // The refused request was logged, but no hook ran around it.
    expect(s.proc.stdout()).toMatch(/ACCESS .*"status":400/);
    expect(s.proc.stdout()).not.toMatch(/(PRE|POST) GET \/ /);
  });
});

describe('connections', () => {
  it('keepalive 0 answers every request with Connection: close', async () => {
    const s = await serveApp('plain-listener', { settings: { keepalive: 0 } });
    const r = await raw(s.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(r.data).toMatch(/\r\nConnection: close\r\n/i);
    expect(r.closed).toBe(true);
    const k = await serveApp('plain-listener');
    const r2 = await raw(k.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', 500);
    expect(r2.data).toMatch(/\r\nConnection: keep-alive\r\n/i);
    expect(r2.data).toMatch(/Keep-Alive: timeout=5/i);
    expect(r2.closed).toBe(false);
  });

  it('a response sent before a large body was read closes the connection instead of draining the body', async () => {
    // plain-listener answers without reading the body. The client announces 50 MB, sends 1 MB,
    // then stalls: Node alone would keep reading (and wait for) the rest forever.
    const s = await serveApp('plain-listener');
    const sock = connect(s.port, '127.0.0.1');
    let data = '';
    sock.on('data', (d) => {
      data += d.toString('latin1');
    });
    sock.on('error', () => {});
    const closed = new Promise<number>((resolve) => sock.on('close', () => resolve(Date.now())));
    await new Promise((r) => sock.on('connect', r));
    sock.write(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n`);
    sock.write(Buffer.alloc(1024 * 1024, 120));
    await eventually(() => statusOf(data) === 200);
    const answeredAt = Date.now();
    expect((await closed) - answeredAt).toBeLessThan(2500);
  });

  it('body_idle_timeout: a body that stops arriving while the app reads it closes the connection', async () => {
    const s = await serveApp('read-body', { settings: { bodyIdleTimeout: 1 } });
    const sock = connect(s.port, '127.0.0.1');
    sock.on('error', () => {});
    const closed = new Promise<number>((resolve) => sock.on('close', () => resolve(Date.now())));
    await new Promise((r) => sock.on('connect', r));
    sock.write('POST /stall HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789');
    const sentAt = Date.now();
    const after = (await closed) - sentAt;
    expect(after).toBeGreaterThanOrEqual(900);
    expect(after).toBeLessThan(2500);
    // Off by default: the same stall keeps the connection (Gunicorn has no body deadline either).
    const d = await serveApp('read-body');
    const r = await raw(
      d.port,
      'POST /stall HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789',
      2500,
    );
    expect(r.closed).toBe(false);
  });

  it('drain: a request in flight is answered with Connection: close, then its connection closes', async () => {
    const s = await serveApp('slow');
    const pending = raw(s.port, 'GET /slow?ms=600 HTTP/1.1\r\nHost: x\r\n\r\n', 5000);
    await eventually(() => s.proc.stdout().includes('PRE GET /slow'));
    s.proc.signal('SIGUSR2');
    await eventually(() => s.proc.stdout().includes('DRAINED inFlight=1'));
    const r = await pending;
    expect(statusOf(r.data)).toBe(200);
    expect(r.data).toMatch(/\r\nConnection: close\r\n/i);
    expect(r.closed).toBe(true);
  });
});

describe('fetch adapter', () => {
  it('HEAD gets the headers and no body', async () => {
    const s = await serveApp('fetch-function');
    const r = await raw(s.port, 'HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statusOf(r.data)).toBe(200);
    expect(r.data.endsWith('\r\n\r\n')).toBe(true);
    expect(r.data).toMatch(/content-type: application\/json/i);
  });

  it('a client that goes away aborts request.signal and the response stream', async () => {
    const s = await serveApp('fetch-function');
    const o = await sendRaw(s.port, Buffer.from('GET /forever HTTP/1.1\r\nHost: x\r\n\r\n'), false, 300);
    expect(o.status).toBe(200);
    await eventually(() => s.proc.stdout().includes('ABORTED /forever'));
    expect((await request(`${s.url}/`)).status).toBe(200);
  });
});
