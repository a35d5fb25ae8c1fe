// What a draining worker does at the edges of a rolling reload, seen from a real client on
// loopback: a request that meets the close of an idle keep-alive connection is never run.
import { once } from 'node:events';
import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
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
