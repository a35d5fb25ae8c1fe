// lib/http/connections.ts on real sockets: a connection's state is made by the first sweep that
// sees it (nothing per connection when it opens), and the deadlines still mean what they say: a
// connection that sends nothing, or a head that stalls, is closed no earlier than its deadline and
// at most a couple of sweeps after it; a connection gone before any sweep leaves nothing behind.
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionTracker, type Expiry } from '../../lib/http/connections.ts';
import type { Deadlines } from '../../lib/http/deadlines.ts';

const D: Deadlines = { headMs: 600, firstByteMs: 300, keepAliveMs: 300, bodyIdleMs: 0, sweepMs: 50 };

interface Expired {
  why: Expiry;
  at: number;
}

let server: Server | null = null;
let tracker: ConnectionTracker | null = null;

async function serve(): Promise<{ port: number; expired: Map<number, Expired>; busy: Set<Socket> }> {
  const expired = new Map<number, Expired>();
  const busy = new Set<Socket>();
  server = createServer((_req, res) => res.end('ok\n'));
  tracker = new ConnectionTracker(server, {
    deadlines: D,
    busySockets: () => busy,
    onExpired(sock, why) {
      expired.set(sock.remotePort ?? 0, { why, at: Date.now() });
      sock.destroy();
    },
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const addr = server.address();
  return { port: typeof addr === 'object' && addr ? addr.port : 0, expired, busy };
}

afterEach(async () => {
  tracker?.destroyAll();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = null;
  tracker = null;
});

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => {
      (s as Socket & { port0?: number }).port0 = s.localPort;
      resolve(s);
    });
    s.once('error', reject);
  });
}
const portOf = (s: Socket) => (s as Socket & { port0?: number }).port0 ?? -1;
const closed = (s: Socket) => new Promise<void>((r) => (s.destroyed ? r() : s.once('close', () => r())));

describe('ConnectionTracker', () => {
  it('a connection that sends nothing is closed idle, not before the first-byte deadline', async () => {
    const { port, expired } = await serve();
    const s = await open(port);
    s.on('error', () => {});
    const opened = Date.now();
    await closed(s);
    const e = expired.get(portOf(s));
    expect(e?.why).toBe('idle');
    expect(e!.at - opened).toBeGreaterThanOrEqual(D.firstByteMs - 5);
    // Made at the first sweep, the state's wait may start one sweep late; the sweep that judges
    // it may come one more sweep late. Generous slack for a loaded machine.
    expect(e!.at - opened).toBeLessThan(D.firstByteMs + 2 * D.sweepMs + 1500);
  });

  it('a head that stalls right after the connection opens gets the head deadline (408 path), not the idle one', async () => {
    const { port, expired } = await serve();
    const s = await open(port);
    s.on('error', () => {});
    const opened = Date.now();
    s.write('GET / HTTP/1.1\r\nHost: x\r\n');
    await closed(s);
    const e = expired.get(portOf(s));
    expect(e?.why).toBe('head-timeout');
    expect(e!.at - opened).toBeGreaterThanOrEqual(D.headMs - 5);
  });

  it('connections answered and closed before any sweep leave no entry behind', async () => {
    const { port } = await serve();
    for (let i = 0; i < 50; i++) {
      const s = await open(port);
      let got = '';
      s.setEncoding('latin1');
      s.on('data', (d) => {
        got += d;
      });
      s.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      await closed(s);
      expect(got).toMatch(/^HTTP\/1\.1 200/);
    }
    // The server's side closes a moment after the client has seen the end.
    for (let i = 0; i < 100 && tracker!.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(tracker!.size).toBe(0);
  });

  it('a keep-alive connection served before its first sweep waits the keep-alive time, not the first-byte one, from then', async () => {
    const { port, expired } = await serve();
    const s = await open(port);
    s.on('error', () => {});
    s.setEncoding('latin1');
    let got = '';
    s.on('data', (d) => {
      got += d;
    });
    s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    while (!got.includes('ok\n')) await new Promise((r) => setTimeout(r, 5));
    const answered = Date.now();
    await closed(s);
    const e = expired.get(portOf(s));
    expect(e?.why).toBe('idle');
    expect(e!.at - answered).toBeGreaterThanOrEqual(D.keepAliveMs - 5);
  });
});
