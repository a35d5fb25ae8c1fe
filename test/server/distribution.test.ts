// The three ways connections reach workers, plus Unix and IPv6 listeners and --preload.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  childPids,
  eventually,
  freePort,
  ROOT,
  request,
  spawnTsicorn,
  TEST_NODE,
  TEST_NODE_VERSION,
} from '../helpers/proc.ts';

const APP = `${ROOT}fixtures/apps/arbiter`;
const [major, minor] = TEST_NODE_VERSION;
const hasReusePort = major > 22 || (major === 22 && minor >= 12);

async function seesBothWorkers(base: string, master: number) {
  const seen = new Set<number>();
  await eventually(
    async () => {
      seen.add((JSON.parse((await request(`${base}/`)).body) as { pid: number }).pid);
      return seen.size === 2;
    },
    15_000,
    5,
  );
  expect([...seen].sort()).toEqual(childPids(master).sort());
}

async function servesWithBothWorkers(mode: string) {
  const port = await freePort();
  const p = spawnTsicorn(['app', '-w', '2', '-b', `127.0.0.1:${port}`, '--distribution', mode], {
    cwd: APP,
  });
  await p.waitFor(/All 2 worker\(s\) ready/);
  expect(p.output()).toContain(`Connection distribution: ${mode}`);
  await seesBothWorkers(`http://127.0.0.1:${port}`, p.pid);
  p.signal('SIGTERM');
  expect(await p.exited()).toBe(0);
}

describe('connection distribution', () => {
  it.each(['shared', 'round-robin'])('%s: both workers serve, TERM stops cleanly', servesWithBothWorkers);

  // The server tests run on Node 24 and on Node 20, which cannot do reuseport: there it must say so.
  it(
    hasReusePort
      ? 'reuseport: both workers serve, TERM stops cleanly'
      : `reuseport on Node ${TEST_NODE_VERSION.join('.')}: refused at start, naming the Node it needs and shared`,
    async () => {
      if (hasReusePort) return servesWithBothWorkers('reuseport');
      const port = await freePort();
      const p = spawnTsicorn(['app', '-w', '2', '-b', `127.0.0.1:${port}`, '--distribution', 'reuseport'], {
        cwd: APP,
      });
      expect(await p.exited()).toBe(1);
      expect(p.stderr()).toMatch(
        /--distribution reuseport needs Node 22\.12 or newer \(this is v[\d.]+\); use shared/,
      );
      expect(p.output()).not.toMatch(/Booting worker/);
    },
  );

  it('serves on a Unix socket and removes it on exit', async () => {
    const sock = join(mkdtempSync(join(tmpdir(), 'tsicorn-unix-')), 'app.sock');
    const p = spawnTsicorn(['app', '-w', '2', '-b', `unix:${sock}`], { cwd: APP });
    await p.waitFor(/All 2 worker\(s\) ready/);
    const body = await new Promise<string>((resolve, reject) => {
      httpRequest({ socketPath: sock, path: '/' }, (res) => {
        let b = '';
        res.on('data', (d) => {
          b += d;
        });
        res.on('end', () => resolve(b));
      })
        .on('error', reject)
        .end();
    });
    expect(JSON.parse(body).pid).toBeGreaterThan(0);
    p.signal('SIGTERM');
    expect(await p.exited()).toBe(0);
    const { existsSync } = await import('node:fs');
    expect(existsSync(sock)).toBe(false);
  });

  it('listens on IPv6 loopback and IPv4 at once', async () => {
    const port4 = await freePort();
    const port6 = await freePort('::1');
    const p = spawnTsicorn(['app', '-w', '1', '-b', `127.0.0.1:${port4}`, '-b', `[::1]:${port6}`], {
      cwd: APP,
    });
    await p.waitFor(/All 1 worker\(s\) ready/);
    expect((await request(`http://127.0.0.1:${port4}/`)).status).toBe(200);
    expect((await request(`http://[::1]:${port6}/`)).status).toBe(200);
  });

  it('a port already in use is a clear error and exit 1', async () => {
    const port = await freePort();
    const first = spawnTsicorn(['app', '-w', '1', '-b', `127.0.0.1:${port}`], { cwd: APP });
    await first.waitFor(/All 1 worker\(s\) ready/);
    const second = spawnTsicorn(['app', '-w', '1', '-b', `127.0.0.1:${port}`], { cwd: APP });
    expect(await second.exited()).toBe(1);
    expect(second.stderr()).toMatch(
      /cannot bind 127\.0\.0\.1:\d+: EADDRINUSE \(another process is listening there/,
    );
  });
});

describe('--preload', () => {
  it('loads the app in the master first and still serves from every worker', async () => {
    const port = await freePort();
    const p = spawnTsicorn(['app', '-w', '2', '-b', `127.0.0.1:${port}`, '--preload'], { cwd: APP });
    await p.waitFor(/All 2 worker\(s\) ready/);
    expect(p.output()).toMatch(/Preloaded app \(node-listener\) in the master/);
    await seesBothWorkers(`http://127.0.0.1:${port}`, p.pid);
  });

  // Node 22.10+ can flush a compile cache to disk while running; Node 20 has none to share.
  const sharesCache =
    execFileSync(TEST_NODE, ['-p', "typeof require('node:module').flushCompileCache"], {
      encoding: 'utf8',
    }).trim() === 'function';
  it(
    sharesCache
      ? "each worker loads the app with the V8 code cache the master's preload wrote (Node's own compile-cache log says so)"
      : `on Node ${TEST_NODE_VERSION.join('.')}, the log says there is no compile cache to share`,
    async () => {
      const port = await freePort();
      const p = spawnTsicorn(['app', '-w', '2', '-b', `127.0.0.1:${port}`, '--preload'], {
        cwd: APP,
        env: { NODE_DEBUG_NATIVE: 'COMPILE_CACHE' },
      });
      await p.waitFor(/All 2 worker\(s\) ready/);
      if (!sharesCache) {
        expect(p.output()).toMatch(/workers load it again; this Node has no compile cache to share/);
        return;
      }
      expect(p.output()).toMatch(/workers load it again from the warmed compile cache/);
      const workers = p.output().slice(p.output().indexOf('Booting worker with pid'));
      expect(
        workers.match(/V8 code cache for ESM file:\/\/\S+\/arbiter\/app\.mjs was accepted/g),
      ).toHaveLength(2);
    },
  );

  it('an app that fails to preload stops the master before any worker starts (exit 3)', async () => {
    const port = await freePort();
    const p = spawnTsicorn(['app', '-w', '2', '-b', `127.0.0.1:${port}`, '--preload'], {
      cwd: `${ROOT}fixtures/apps/throws-at-import`,
    });
    expect(await p.exited()).toBe(3);
    expect(p.output()).toMatch(/Failed to preload the app/);
    expect(p.output()).not.toMatch(/Booting worker/);
  });
});
