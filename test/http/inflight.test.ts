// The HTTP layer's in-flight view (inFlight, activeRequests, busySockets: the graceful drain and
// the hung-request report read them) over real sockets, on the pinned Node and on the system Node:
// it learns that a request ended from Node's own finish channel and the connection's close, not
// from a listener per response, so it must hold when Express swaps the response's prototype, when
// the client goes away before the answer, for pipelined requests, for answers Node writes itself,
// and with another http.Server in the same process (the probe that reports the view is one).
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { eventually, request, systemNode } from '../helpers/proc.ts';
import { type Served, serveApp } from './serve.ts';

interface View {
  inFlight: number;
  active: { method: string; url: string; startedAt: number }[];
  busy: number;
}

async function withProbe(app: string, node: string | undefined): Promise<Served & { view(): Promise<View> }> {
  const s = await serveApp(app, { node, probe: true });
  const m = await s.proc.waitFor(/PROBE (\d+)\n/, 20_000);
  const probeUrl = `http://127.0.0.1:${m[1]}/`;
  return { ...s, view: async () => JSON.parse((await request(probeUrl)).body) as View };
}

function open(port: number): Promise<Socket & { got(): string }> {
  return new Promise((resolve, reject) => {
    let data = '';
    const sock = connect(port, '127.0.0.1') as Socket & { got(): string };
    sock.got = () => data;
    sock.on('data', (d) => {
      data += d.toString('latin1');
    });
    sock.on('error', () => {});
    sock.once('connect', () => resolve(sock));
    sock.once('error', reject);
  });
}

const count = (text: string, re: RegExp) => (text.match(new RegExp(re, 'g')) ?? []).length;

const sys = systemNode();
const nodes: [string, string | undefined][] = [['pinned Node', undefined]];
if (sys) nodes.push([`system Node (${sys})`, sys]);
else console.warn('inflight.test: no system Node on PATH; runs on the pinned Node only');

describe.each(nodes)('requests in flight, on the %s', (_name, node) => {
  it('Express (its own response prototype): counted while running, ended once when answered', async () => {
    const s = await withProbe('express5', node);
    for (let i = 0; i < 3; i++) expect((await request(`${s.url}/`)).status).toBe(200);
    expect(await s.view()).toEqual({ inFlight: 0, active: [], busy: 0 });
    const slow = request(`${s.url}/slow?ms=800`);
    await eventually(() => s.proc.stdout().includes('PRE GET /slow'));
    const during = await s.view();
    expect(during.inFlight).toBe(1);
    expect(during.busy).toBe(1);
    expect(during.active.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /slow?ms=800']);
    expect(Math.abs(Date.now() - during.active[0]!.startedAt)).toBeLessThan(5000);
    expect((await slow).status).toBe(200);
    await eventually(() => s.proc.stdout().includes('POST GET /slow?ms=800 200'));
    expect(await s.view()).toEqual({ inFlight: 0, active: [], busy: 0 });
    const out = s.proc.stdout();
    // post_request and the access log: once per request, and nothing for the probe's requests.
    expect(count(out, /POST GET \/ 200\n/)).toBe(3);
    expect(count(out, /ACCESS /)).toBe(4);
  });

  it('a client gone before the answer: the request ends (post_request, no access line) and nothing is left', async () => {
    const s = await withProbe('slow', node);
    const sock = await open(s.port);
    sock.write('GET /slow?ms=1500 HTTP/1.1\r\nHost: x\r\n\r\n');
    await eventually(() => s.proc.stdout().includes('PRE GET /slow'));
    expect((await s.view()).inFlight).toBe(1);
    sock.destroy();
    await eventually(async () => (await s.view()).inFlight === 0);
    expect(await s.view()).toEqual({ inFlight: 0, active: [], busy: 0 });
    expect(s.proc.stdout()).toMatch(/POST GET \/slow\?ms=1500 /);
    // The app answers later, to nobody: still nothing in flight, no access line, no second end.
    await new Promise((r) => setTimeout(r, 1700));
    expect(await s.view()).toEqual({ inFlight: 0, active: [], busy: 0 });
    expect(count(s.proc.stdout(), /POST GET \/slow/)).toBe(1);
    expect(s.proc.stdout()).not.toMatch(/ACCESS .*\/slow/);
  });

  it('pipelined requests: both in flight on one busy socket; answered, or dropped with their connection', async () => {
    const s = await withProbe('slow', node);
    const pair = 'GET /slow?ms=700 HTTP/1.1\r\nHost: x\r\n\r\nGET /slow?ms=10 HTTP/1.1\r\nHost: x\r\n\r\n';
    const answered = await open(s.port);
    answered.write(pair);
    await eventually(() => s.proc.stdout().includes('PRE GET /slow?ms=10'));
    const both = await s.view();
    expect(both.inFlight).toBe(2);
    expect(both.busy).toBe(1);
    expect(both.active.map((r) => r.url).sort()).toEqual(['/slow?ms=10', '/slow?ms=700']);
    await eventually(() => count(answered.got(), /HTTP\/1\.1 200/) === 2);
    await eventually(async () => (await s.view()).inFlight === 0);
    expect(count(s.proc.stdout(), /ACCESS .*"url":"\/slow/)).toBe(2);
    answered.destroy();

    // The second's response never got the socket: Node 20 emits no 'close' for it at all.
    const dropped = await open(s.port);
    dropped.write(pair.replace('ms=700', 'ms=1500').replace('ms=10', 'ms=20'));
    await eventually(() => s.proc.stdout().includes('PRE GET /slow?ms=20'));
    expect((await s.view()).inFlight).toBe(2);
    dropped.destroy();
    await eventually(async () => (await s.view()).inFlight === 0);
    expect(await s.view()).toEqual({ inFlight: 0, active: [], busy: 0 });
  });

  it('an answer Node writes itself (417 to an unknown Expect) was never in flight and ends nothing', async () => {
    const s = await withProbe('slow', node);
    const sock = await open(s.port);
    sock.write('GET /slow?ms=600 HTTP/1.1\r\nHost: x\r\n\r\n');
    await eventually(() => s.proc.stdout().includes('PRE GET /slow'));
    const other = await open(s.port);
    other.write('GET / HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\n\r\n');
    await eventually(() => /HTTP\/1\.1 417/.test(other.got()));
    // The slow request on the other connection is still the one in flight.
    expect((await s.view()).inFlight).toBe(1);
    await eventually(() => /HTTP\/1\.1 200/.test(sock.got()));
    await eventually(async () => (await s.view()).inFlight === 0);
    expect((await s.view()).inFlight).toBe(0);
    sock.destroy();
    other.destroy();
  });
});
