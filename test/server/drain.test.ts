// What a draining worker does at the edges of a rolling reload, seen from a real client on
// loopback: a request that meets the close of an idle keep-alive connection is never run.
import { once } from 'node:events';
import { Agent, get } from 'node:http';
import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { readMigrateSysctl } from '../../lib/server/reuseport-migrate.ts';
import { childPids, eventually, freePort, ROOT, spawnTsicorn, TEST_NODE_VERSION } from '../helpers/proc.ts';

const LEDGER = `${ROOT}fixtures/apps/ledger/app.mjs`;

/** Reads from a raw socket until `re` matches what arrived. */
function readUntil(sock: net.Socket, re: RegExp): Promise<string> {
  let got = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      got += d.toString('latin1');
      if (re.test(got)) {
        sock.off('data', onData);
        resolve(got);
      }
    };
    sock.on('data', onData);
    sock.once('error', reject);
  });
}

describe('drain on reload', () => {
  it('a request sent on an idle keep-alive connection as the draining worker closes it is never run', async () => {
    const port = await freePort();
    const p = spawnTsicorn(['-w', '1', '-b', `127.0.0.1:${port}`, '--graceful-timeout', '5', LEDGER]);
    await p.ready();
    const old = childPids(p.pid);
    // allowHalfOpen: the client may still send after the server's FIN, as any client does whose
    // request left before the FIN arrived (the keep-alive race, here made certain).
    const sock = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    sock.on('error', () => {}); // the reset a late request may earn is the expected outcome
    await once(sock, 'connect');
    sock.write('GET /first HTTP/1.1\r\nHost: x\r\n\r\n');
    await readUntil(sock, /"pid":\d+\}/);
    const closed = once(sock, 'end');
    p.signal('SIGHUP');
    await closed; // the draining worker closed the idle connection
    sock.write('GET /late HTTP/1.1\r\nHost: x\r\n\r\n');
    await eventually(() => {
      const now = childPids(p.pid);
      return now.length === 1 && !old.includes(now[0]!);
    }, 20_000);
    sock.destroy();
    expect(p.stdout()).toMatch(/^ran \d+ \/first$/m);
    // Run by the app after the FIN, its answer had nowhere to go: a lost request the client could
    // not safely send again. Unread and reset, it is one the client may resend.
    expect(p.stdout()).not.toMatch(/\/late/);
  }, 40_000);
});

describe('hand-over on reload', () => {
  it('a retiring worker moves its keep-alive connections to its successor over about a second, not all at once, losing none', async () => {
    const port = await freePort();
    const p = spawnTsicorn(['-w', '1', '-b', `127.0.0.1:${port}`, '--graceful-timeout', '10', 'app'], {
      cwd: `${ROOT}fixtures/bench/app`,
    });
    await p.ready();
    const old = childPids(p.pid);
    // 16 keep-alive clients, each sending its next request as soon as the last is answered. A
    // connection's `Connection: close` is the moment it moves: the successor never sends one.
    const CLIENTS = 16;
    const movedAt: number[] = [];
    let failed = 0;
    let answered = 0;
    let running = true;
    const client = async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      while (running) {
        await new Promise<void>((resolve) => {
          get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
            if (res.headers.connection === 'close') movedAt.push(performance.now());
            res.resume();
            res.on('end', () => {
              if (res.statusCode === 200) answered++;
              else failed++;
              resolve();
            });
          }).on('error', () => {
            failed++;
            resolve();
          });
        });
      }
      agent.destroy();
    };
    const clients = Array.from({ length: CLIENTS }, client);
    await new Promise((r) => setTimeout(r, 300));
    p.signal('SIGHUP');
    await eventually(() => {
      const now = childPids(p.pid);
      expect(now.some((pid) => old.includes(pid))).toBe(false);
      expect(now).toHaveLength(1);
      return true;
    }, 20_000);
    await new Promise((r) => setTimeout(r, 200));
    running = false;
    await Promise.all(clients);
    expect(failed).toBe(0);
    expect(answered).toBeGreaterThan(CLIENTS * 10);
    // Every old connection moved once, spread over the window (1 s; 16 uniform draws all inside
    // 300 ms would happen about once in ten million runs); before, all moved within a few ms.
    expect(movedAt).toHaveLength(CLIENTS);
    const spread = Math.max(...movedAt) - Math.min(...movedAt);
    expect(spread).toBeGreaterThan(300);
    expect(spread).toBeLessThan(3000);
  }, 40_000);
});

describe('reuseport reload', () => {
  const hasReusePort =
    TEST_NODE_VERSION[0] > 22 || (TEST_NODE_VERSION[0] === 22 && TEST_NODE_VERSION[1] >= 12);
  it.skipIf(!hasReusePort)(
    'the master warns at start unless queued connections migrate (tcp_migrate_req)',
    async () => {
      const port = await freePort();
      const p = spawnTsicorn(['-w', '1', '-b', `127.0.0.1:${port}`, '--distribution', 'reuseport', LEDGER]);
      await p.ready();
      const migrates = readMigrateSysctl()?.trim() === '1';
      if (migrates) expect(p.output()).not.toMatch(/tcp_migrate_req/);
      else
        expect(p.output()).toMatch(/\[WARNING\] net\.ipv4\.tcp_migrate_req is (0|not available).*sysctl -w/);
    },
  );
});

describe('WebSockets at shutdown', () => {
  const WS_APP = `${ROOT}fixtures/apps/ws-shutdown`;

  /** A WebSocket client that sends a message every 50 ms (a busy chat), noting how it ended. */
  async function chattyClient(port: number) {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    await once(ws, 'open');
    let echoes = 0;
    ws.on('message', () => echoes++);
    const timer = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send('hi'), 50);
    const closed = new Promise<{ code: number; at: number }>((resolve) =>
      ws.on('close', (code) => {
        clearInterval(timer);
        resolve({ code, at: Date.now() });
      }),
    );
    ws.on('error', () => {});
    return { closed, echoes: () => echoes };
  }

  it("TERM: a busy WebSocket does not hold the drain; the app's SIGTERM handler closes it (1001) right after the HTTP requests finished", async () => {
    const port = await freePort();
    const p = spawnTsicorn(['-w', '1', '-b', `127.0.0.1:${port}`, '--graceful-timeout', '20', 'server.js'], {
      cwd: WS_APP,
    });
    await p.ready();
    const client = await chattyClient(port);
    const slow = fetch(`http://127.0.0.1:${port}/slow?ms=1500`).then(async (r) => ({
      status: r.status,
      at: Date.now(),
    }));
    await eventually(() => client.echoes() > 3, 5_000);
    await new Promise((r) => setTimeout(r, 200)); // the slow request is in flight
    const termAt = Date.now();
    p.signal('SIGTERM');
    const answer = await slow;
    const end = await client.closed;
    expect(answer.status).toBe(200);
    // The goodbye came from the app (1001), not a cut connection (1006), and only once the
    // request in flight had its answer: the handler runs after the HTTP drain.
    expect(end.code).toBe(1001);
    expect(end.at).toBeGreaterThanOrEqual(answer.at);
    expect(await p.exited(25_000)).toBe(0);
    // Not the 20 s graceful timeout: the WebSocket is the app's to close, not a request to wait for.
    expect(Date.now() - termAt).toBeLessThan(8_000);
    expect(p.stdout()).toMatch(/goodbye to 1 websocket client\(s\)/);
  }, 40_000);

  it('TERM: with no SIGTERM handler a busy WebSocket ends with the worker as soon as the HTTP requests drained', async () => {
    const port = await freePort();
    const p = spawnTsicorn(['-w', '1', '-b', `127.0.0.1:${port}`, '--graceful-timeout', '20', 'server.js'], {
      cwd: WS_APP,
      env: { WS_NO_HANDLER: '1' },
    });
    await p.ready();
    const client = await chattyClient(port);
    await eventually(() => client.echoes() > 3, 5_000);
    const termAt = Date.now();
    p.signal('SIGTERM');
    await client.closed;
    expect(await p.exited(25_000)).toBe(0);
    expect(Date.now() - termAt).toBeLessThan(8_000);
    expect(p.output()).toMatch(/1 upgraded connection\(s\) \(WebSocket\) still open/);
  }, 40_000);
});
