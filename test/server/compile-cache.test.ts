// Node's compile cache shared by one master's workers (lib/server/compile-cache.ts): a private
// directory under TMPDIR, written by a worker about a second after ready, once nothing is in flight, and
// read by the workers started after that (replacements, reloads, added workers),
// invisible to the app's environment, and removed when the master exits. A NODE_COMPILE_CACHE the
// user set is used as it is. Node 20 has no compile cache: nothing is created.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, freePort, ROOT, request, spawnTsicorn, TEST_NODE_VERSION } from '../helpers/proc.ts';

const APP = `${ROOT}fixtures/apps/env-report`;
const [major, minor] = TEST_NODE_VERSION;
/** module.flushCompileCache (22.10+): before it, Node writes the cache only at exit. */
const canFlush = major > 22 || (major === 22 && minor >= 10);
const hasCache = major > 22 || (major === 22 && minor >= 1);
const NAMES = 'NODE_COMPILE_CACHE,TSICORN_COMPILE_CACHE';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tsicorn-cc-test-'));
  dirs.push(d);
  return d;
}

/** Every file under dir, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('compile cache shared by the workers', () => {
  it('a worker writes it once idle after ready, a worker started later reads it, the app never sees it, exit removes it', async () => {
    const tmp = tempDir();
    const port = await freePort();
    const p = spawnTsicorn(['app', '-w', '1', '-b', `127.0.0.1:${port}`], {
      cwd: APP,
      env: { TMPDIR: tmp, NODE_DEBUG_NATIVE: 'COMPILE_CACHE', NODE_COMPILE_CACHE: undefined },
    });
    await p.ready();
    const res = JSON.parse((await request(`http://127.0.0.1:${port}/?names=${NAMES}`)).body);
    expect(res.env).toEqual({ NODE_COMPILE_CACHE: null, TSICORN_COMPILE_CACHE: null });
    const made = readdirSync(tmp).filter((n) => n.startsWith('tsicorn-compile-cache-'));
    if (!hasCache) {
      expect(made).toEqual([]);
      return;
    }
    expect(made).toHaveLength(1);
    const cacheDir = join(tmp, made[0]!);
    if (canFlush) {
      // Written a moment after ready (about 1 s, the worker being idle), not before it listens.
      await eventually(() => files(cacheDir).length >= 2, 10_000);
      // A worker added now (TTIN) loads the app's module and the bundle from it.
      p.signal('SIGTTIN');
      await eventually(() => /V8 code cache for ESM \S+env-report\/app\.mjs was accepted/.test(p.output()));
      expect(p.output()).toMatch(/V8 code cache for ESM \S+tsicorn\.mjs was accepted/);
    }
    p.signal('SIGTERM');
    expect(await p.exited()).toBe(0);
    expect(existsSync(cacheDir)).toBe(false);
  });

  it('is not written while a request is in flight: the write blocks the event loop', async (ctx) => {
    if (!canFlush) return ctx.skip();
    const tmp = tempDir();
    const port = await freePort();
    const p = spawnTsicorn(['app', '-w', '1', '-b', `127.0.0.1:${port}`], {
      cwd: APP,
      env: { TMPDIR: tmp, NODE_COMPILE_CACHE: undefined },
    });
    await p.ready();
    const cacheDir = join(tmp, readdirSync(tmp).find((n) => n.startsWith('tsicorn-compile-cache-'))!);
    const held = request(`http://127.0.0.1:${port}/?holdMs=3000`, { timeoutMs: 10_000 });
    // Past the first look (1 s after ready) and a retry, the request still in flight: nothing yet.
    await new Promise((r) => setTimeout(r, 2000));
    expect(files(cacheDir)).toEqual([]);
    expect((await held).status).toBe(200);
    await eventually(() => files(cacheDir).length >= 2, 10_000);
    p.signal('SIGTERM');
    expect(await p.exited()).toBe(0);
  });

  it('a NODE_COMPILE_CACHE the user set is used as it is, and tsicorn makes no directory of its own', async (ctx) => {
    if (!hasCache) return ctx.skip();
    const tmp = tempDir();
    const mine = tempDir();
    const port = await freePort();
    const p = spawnTsicorn(['app', '-w', '1', '-b', `127.0.0.1:${port}`], {
      cwd: APP,
      env: { TMPDIR: tmp, NODE_COMPILE_CACHE: mine },
    });
    await p.ready();
    const res = JSON.parse((await request(`http://127.0.0.1:${port}/?names=${NAMES}`)).body);
    expect(res.env).toEqual({ NODE_COMPILE_CACHE: mine, TSICORN_COMPILE_CACHE: null });
    expect(readdirSync(tmp).filter((n) => n.startsWith('tsicorn-compile-cache-'))).toEqual([]);
    if (canFlush) await eventually(() => files(mine).length > 0);
    p.signal('SIGTERM');
    expect(await p.exited()).toBe(0);
    expect(files(mine).length).toBeGreaterThan(0);
  });
});
