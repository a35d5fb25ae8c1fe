// Every app shape, loaded by loadApp and served by createHttpServer in a real Node process,
// answered over real HTTP: GET /, POST bodies, streamed responses, several Set-Cookie headers.

import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { eventually, request } from '../helpers/proc.ts';
import { serveApp } from '../http/serve.ts';

const CASES: Array<{ app: string; shape: RegExp; factory?: boolean; cookies?: boolean }> = [
  { app: 'plain-listener', shape: /^node-listener$/, cookies: true },
  { app: 'express4', shape: /^express$/, cookies: true },
  { app: 'express5', shape: /^express$/, cookies: true },
  { app: 'koa', shape: /^koa$/, cookies: true },
  { app: 'fastify', shape: /^fastify$/, cookies: true },
  { app: 'hono', shape: /^fetch \(Hono\)$/, cookies: true },
  { app: 'itty-router', shape: /^fetch/, cookies: true },
  { app: 'fetch-function', shape: /^fetch-function$/, cookies: true },
  { app: 'factory-async', shape: /^factory -> fetch$/, factory: true },
  { app: 'node-server', shape: /^node-server$/ },
];

describe.each(CASES)('$app', ({ app, shape, factory, cookies }) => {
  it('serves GET /, echoes a POST body, streams a response', async () => {
    const s = await serveApp(app, { factory });
    expect(s.shape).toMatch(shape);

    const root = await request(`${s.url}/`);
    expect(root.status).toBe(200);
    expect(JSON.parse(root.body)).toEqual({ pid: s.proc.pid, shape: app });

    const payload = 'x'.repeat(200_000) + 'END';
    const echo = await request(`${s.url}/echo`, {
      method: 'POST',
      body: payload,
      headers: { 'content-type': 'text/plain' },
    });
    expect(echo.status).toBe(200);
    expect(echo.body).toBe(payload);

    const res = await fetch(`${s.url}/stream`);
    expect(res.status).toBe(200);
    const chunks: string[] = [];
    const decoder = new TextDecoder();
    for await (const c of res.body!) chunks.push(decoder.decode(c, { stream: true }));
    expect(chunks.join('')).toBe('chunk 0\nchunk 1\nchunk 2\nchunk 3\nchunk 4\n');
    // Delivered as it was produced, not buffered into one piece.
    expect(chunks.length).toBeGreaterThan(1);

    if (cookies) {
      const c = await fetch(`${s.url}/cookies`);
      expect(c.headers.getSetCookie().map((v) => v.split(';')[0])).toEqual(['a=1', 'b=2']);
      await c.text();
    }
  });
});

it('an http.Server app gets WebSocket-style upgrades through its own upgrade listener', async () => {
  const s = await serveApp('node-server');
  const sock = connect(s.port, '127.0.0.1');
  let data = '';
  sock.on('data', (d) => {
    data += d;
    if (data.includes('\r\n\r\n') && !data.includes('ping')) sock.write('ping');
  });
  sock.write('GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n');
  await eventually(() => data.endsWith('ping'));
  expect(data).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
  sock.destroy();
});
