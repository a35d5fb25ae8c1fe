// The Heroku fit, through a real master and workers: with DYNO set, an idle keep-alive connection
// outlives the 5 s local default (the router reuses connections idle up to 90 s; the 95 s default
// itself is proven by test/config/resolve.test.ts, and a real 92 s idle runs in `npm run soak`), and
// a SIGTERM that arrives again during the drain keeps the stop graceful.
import { Agent, get } from 'node:http';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { hold } from '../helpers/inflight.ts';
import { freePort, ROOT, spawnTsicorn } from '../helpers/proc.ts';

const APP_DIR = `${ROOT}fixtures/apps/arbiter`;

async function boot(args: string[], env: Record<string, string> = {}) {
  const port = await freePort();
  const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`, ...args], { cwd: APP_DIR, env });
  await p.ready();
  return { p, port, base: `http://127.0.0.1:${port}` };
}

/** One keep-alive connection: a request, `idleMs` of silence, a second request. Reports whether
 * the second was answered on the same connection, or when the server closed it. */
function idleThenAsk(
  port: number,
  idleMs: number,
): Promise<{ answers: number; closedAfterMs: number | null }> {
  return new Promise((resolve) => {
    const sock: Socket = connect(port, '127.0.0.1');
    const ask = 'GET / HTTP/1.1\r\nHost: example.herokuapp.com\r\n\r\n';
    let data = '';
    let firstAt = 0;
    let closedAfterMs: number | null = null;
    const count = () => (data.match(/HTTP\/1\.1 200/g) ?? []).length;
    sock.on('connect', () => sock.write(ask));
    sock.on('data', (d) => {
      data += d;
      if (count() === 1 && !firstAt) {
        firstAt = Date.now();
        setTimeout(() => {
          if (!sock.destroyed) sock.write(ask);
          setTimeout(() => {
            sock.destroy();
            resolve({ answers: count(), closedAfterMs });
          }, 1000);
        }, idleMs);
      }
    });
    sock.on('error', () => {});
    sock.on('close', () => {
      if (closedAfterMs === null && firstAt) closedAfterMs = Date.now() - firstAt;
    });
  });
}

describe('Heroku fit', () => {
  it('DYNO set: a connection idle past the local 5 s default is still served; without DYNO, and with an explicit --keep-alive, the server closes it on time', async () => {
    const heroku = await boot(['-w', '1'], { DYNO: 'web.1' });
    const local = await boot(['-w', '1'], { DYNO: '' });
    const explicit = await boot(['-w', '1', '--keep-alive', '2'], { DYNO: 'web.1' });
    // Idle 8 s: past 5 s plus the up-to-1 s grace some Node versions add to keepAliveTimeout.
    const [h, l, e] = await Promise.all([
      idleThenAsk(heroku.port, 8000),
      idleThenAsk(local.port, 8000),
      idleThenAsk(explicit.port, 8000),
    ]);
    expect(h).toEqual({ answers: 2, closedAfterMs: null });
    expect(l.answers).toBe(1);
    expect(l.closedAfterMs).toBeGreaterThanOrEqual(4500);
    expect(l.closedAfterMs).toBeLessThan(7500);
    expect(e.answers).toBe(1);
    expect(e.closedAfterMs).toBeGreaterThanOrEqual(1500);
    expect(e.closedAfterMs).toBeLessThan(4500);
  });

  it('idle time between requests is not a slow head: a connection idle past --header-timeout is still served, not answered 408', async () => {
    // With the default 30 s header timeout, a router connection idle 30 s to 90 s got a 408 and
    // was closed (found by the soak's real 92 s idle); a 2 s header timeout shows it in 4 s.
    const { p, port } = await boot(['-w', '1', '--header-timeout', '2'], { DYNO: 'web.1' });
    const r = await idleThenAsk(port, 4000);
    expect(r).toEqual({ answers: 2, closedAfterMs: null });
    expect(p.output()).not.toMatch(/\b408\b/);
  });

  it('a SIGTERM repeated during the drain (to the group, then the master) keeps the stop graceful', async () => {
    const { p, base } = await boot(['-w', '2'], { DYNO: 'web.1' });
    const held = await hold(base, 2500);
    // The platform signals every process of the dyno, and may do it again.
    process.kill(-p.pid, 'SIGTERM');
    await p.waitFor(/Shutting down gracefully/);
    await new Promise((r) => setTimeout(r, 400));
    process.kill(-p.pid, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 400));
    p.signal('SIGTERM');
    expect(await held.outcome).toBe('answered');
    expect(await p.exited()).toBe(0);
    expect(p.output().match(/Shutting down gracefully/g)).toHaveLength(1);
    expect(p.output().match(/Handling signal: term/g)!.length).toBeGreaterThanOrEqual(3);
    expect(p.output()).not.toMatch(/abandoning|was killed by signal/);
  });

  it('a keep-alive connection kept busy for longer than the header timeout never gets a 408 (the router reuses its connections back to back)', async () => {
    const { p, port } = await boot(['-w', '1', '--header-timeout', '1']);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const statuses = new Map<number | string, number>();
    const t0 = Date.now();
    while (Date.now() - t0 < 4000) {
      const s = await new Promise<number | string>((resolve) => {
        const r = get({ host: '127.0.0.1', port, agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        r.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      });
      statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    agent.destroy();
    expect([...statuses.keys()]).toEqual([200]);
    expect(p.output()).not.toMatch(/\b408\b/);
  });
});
