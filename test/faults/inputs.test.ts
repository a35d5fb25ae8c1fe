// Bad configuration, environment and disks, through the real CLI and buildpack: a clear message and
// a documented exit code (1: usage, configuration or startup error; see the README), never a
// worker started from a bad count; a log that cannot be written is reported and serving goes on.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appDir, stageBuildpack, tempDir, treeHash } from '../buildpack/stage.ts';
import { freePort, isRoot, ROOT, request, spawnTsicorn, systemNode } from '../helpers/proc.ts';

const APP = `${ROOT}fixtures/apps/faults`;

async function fails(args: string[], env: Record<string, string> = {}) {
  const p = spawnTsicorn(args, { cwd: APP, env });
  const code = await p.exited(15_000);
  return { code, out: p.output() };
}

/** A tmpfs we can make read-only (root only); removed after each test. */
const mounts: string[] = [];
afterEach(() => {
  for (const m of mounts.splice(0)) spawnSync('umount', ['-l', m]);
});
function tmpfs(): string | null {
  if (!isRoot()) return null;
  const dir = mkdtempSync(join(tmpdir(), 'tsicorn-ro-'));
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir]).status !== 0) return null;
  mounts.push(dir);
  return dir;
}
const readOnly = (dir: string, ro = true) =>
  execFileSync('mount', ['-o', `remount,${ro ? 'ro' : 'rw'}`, dir]);

describe('bad configuration and environment: a clear message, exit 1, no worker started', () => {
  it.each([
    [{ WEB_CONCURRENCY: 'abc' }, [], /WEB_CONCURRENCY="abc" is not a whole number/],
    [{ WEB_CONCURRENCY: '0' }, [], /WEB_CONCURRENCY=0 is too small: at least 1 worker/],
    [{ WEB_CONCURRENCY: '-1' }, [], /WEB_CONCURRENCY="-1" is not a whole number/],
    [{ WEB_CONCURRENCY: '1e9' }, [], /WEB_CONCURRENCY="1e9" is not a whole number/],
    [{ WEB_CONCURRENCY: '100000' }, [], /WEB_CONCURRENCY=100000 is more than 1000 workers/],
    [{ PORT: 'http' }, [], /PORT="http" is not a port number \(1 to 65535\)/],
    [{ PORT: '0' }, [], /PORT="0" is not a port number/],
    [{ PORT: '70000' }, [], /PORT="70000" is not a port number/],
    [{}, ['-b', 'nonsense:port'], /^Error: -b: invalid port in bind address "nonsense:port"/],
    [
      {},
      ['-b', '127.0.0.1:99999'],
      /^Error: -b: invalid port in bind address "127\.0\.0\.1:99999": 99999 is above 65535/,
    ],
    [{}, ['-b', 'unix:'], /^Error: -b: bind address "unix:" has no socket path/],
    [{}, ['-b', '[::1'], /^Error: -b: bind address "\[::1" opens "\[" without closing "\]"/],
    [{}, ['-b', '10.255.255.1:80'], /cannot bind 10\.255\.255\.1:80: EADDRNOTAVAIL/],
    [{}, ['--timeout', '-1'], /^Error: --timeout: -1 is invalid: must be from 0 to 86400/],
    [{}, ['--graceful-timeout', 'soon'], /^Error: --graceful-timeout: "soon" is not a whole number/],
    [{}, ['--boot-timeout', '1e3'], /^Error: --boot-timeout: "1e3" is not a whole number/],
    [{}, ['-w', '100000'], /^Error: -w: 100000 is invalid: must be from 1 to 1000/],
    [{}, ['--wokers', '2'], /^Error: unknown option --wokers\. Did you mean --workers\?/],
    [
      {},
      ['-p', '/nonexistent/dir/tsicorn.pid'],
      /cannot write pid file \/nonexistent\/dir\/tsicorn\.pid: ENOENT/,
    ],
    [
      {},
      ['--error-logfile', '/nonexistent/dir/e.log'],
      /cannot open the error log \/nonexistent\/dir\/e\.log/,
    ],
    [
      {},
      ['--access-logfile', '/nonexistent/dir/a.log'],
      /cannot open the access log \/nonexistent\/dir\/a\.log/,
    ],
  ] as Array<[Record<string, string>, string[], RegExp]>)('%j %j', async (env, args, message) => {
    const { code, out } = await fails(
      ['app', ...(args.includes('-b') ? [] : ['-b', '127.0.0.1:0']), ...args],
      env,
    );
    expect(code, out).toBe(1);
    expect(out).toMatch(message);
    expect(out).not.toMatch(/Booting worker/);
  });

  it('an empty WEB_CONCURRENCY counts as unset: one worker, never zero', async () => {
    const port = await freePort();
    const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`], { cwd: APP, env: { WEB_CONCURRENCY: '' } });
    await p.waitFor(/All 1 worker\(s\) ready/);
    expect((await request(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });

  it('an unknown config-file key stops the start with a did-you-mean, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsicorn-cfg-'));
    cpSync(APP, dir, { recursive: true });
    writeFileSync(join(dir, 'tsicorn.config.mjs'), 'export default { graceful_timout: 5 };\n');
    const p = spawnTsicorn(['app', '-b', '127.0.0.1:0'], { cwd: dir });
    expect(await p.exited()).toBe(1);
    expect(p.output()).toMatch(
      /tsicorn\.config\.mjs: unknown setting "graceful_timout"\. Did you mean "graceful_timeout"\?/,
    );
  });
});

describe('a log that cannot be written: reported, and serving goes on', () => {
  it('access log on a full disk (/dev/full): every request still served, the error log says so once', async () => {
    const port = await freePort();
    const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`, '-w', '1', '--access-logfile', '/dev/full'], {
      cwd: APP,
    });
    await p.ready();
    for (let i = 0; i < 5; i++) expect((await request(`http://127.0.0.1:${port}/`)).status).toBe(200);
    await p.waitFor(
      /\[ERROR\] cannot write the access log \/dev\/full: ENOSPC: no space left on device.*1 line\(s\) lost so far\. Still serving/,
    );
    expect(p.output().match(/cannot write the access log/g)).toHaveLength(1);
  });

  it('access log on a disk that fills up, then has room again: lines lost are counted, writing resumes by itself (root)', async () => {
    const dir = tmpfs();
    if (!dir) {
      console.warn('SKIPPED full access-log disk: needs root and a tmpfs mount');
      return;
    }
    const log = join(dir, 'access.log');
    const port = await freePort();
    const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`, '-w', '1', '--access-logfile', log], {
      cwd: APP,
    });
    await p.ready();
    // Fill the 4 MB file system before the log has a byte (a page it already has would take more).
    spawnSync('dd', ['if=/dev/zero', `of=${join(dir, 'filler')}`, 'bs=64k', 'count=100']);
    // An access line is written when its response has gone out: ask until the loss is reported.
    const askUntil = async (re: RegExp) => {
      for (let i = 0; i < 50 && !re.test(p.output()); i++) {
        expect((await request(`http://127.0.0.1:${port}/`)).status).toBe(200);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(p.output()).toMatch(re);
    };
    await askUntil(
      /cannot write the access log .*access\.log: ENOSPC: no space left on device.*1 line\(s\) lost so far/,
    );
    rmSync(join(dir, 'filler'));
    await askUntil(/writing the access log .*access\.log again after \d+ lost line\(s\)/);
    p.signal('SIGTERM');
    expect(await p.exited()).toBe(0);
    expect(readFileSync(log, 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(1);
  });

  it('access log or pid file on a read-only file system: a clear error, exit 1 (root)', async () => {
    const dir = tmpfs();
    if (!dir) {
      console.warn('SKIPPED read-only log and pid file: needs root and a tmpfs mount');
      return;
    }
    readOnly(dir);
    const log = await fails(['app', '-b', '127.0.0.1:0', '--access-logfile', join(dir, 'access.log')]);
    expect(log.code).toBe(1);
    expect(log.out).toMatch(/cannot open the access log .*access\.log: EROFS/);
    const pid = await fails(['app', '-b', '127.0.0.1:0', '-p', join(dir, 'tsicorn.pid')]);
    expect(pid.code).toBe(1);
    expect(pid.out).toMatch(/cannot write pid file .*tsicorn\.pid: EROFS/);
    expect(pid.out).not.toMatch(/Booting worker/);
  });
});
describe('buildpack inputs', () => {
  const NODE = systemNode() ?? process.execPath;
  const compile = (bp: string, app: string, cache: string) =>
    spawnSync('/bin/bash', [join(bp, 'bin/compile'), app, cache, tempDir()], {
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin' },
    });
  const withNode = (app: string) => {
    execFileSync('mkdir', ['-p', join(app, '.heroku/node/bin')]);
    symlinkSync(NODE, join(app, '.heroku/node/bin/node'));
    return app;
  };

  it('a read-only CACHE_DIR does not matter (the build caches nothing); a read-only BUILD_DIR is a clear error and loses nothing (root)', () => {
    const cache = tmpfs();
    if (!cache) {
      console.warn('SKIPPED read-only build inputs: needs root and a tmpfs mount');
      return;
    }
    readOnly(cache);
    const bp = stageBuildpack();
    const ok = compile(bp, withNode(appDir('demo')), cache);
    expect(ok.status, ok.stderr).toBe(0);

    const build = tmpfs()!;
    cpSync(withNode(appDir('demo')), build, { recursive: true, verbatimSymlinks: true });
    readOnly(build);
    const before = treeHash(build);
    const r = compile(bp, build, tempDir());
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^ ! {5}/m);
    expect(r.stderr).toMatch(/BUILD_DIR .* is not writable: it is on a read-only file system/);
    expect(treeHash(build)).toBe(before);
    expect(existsSync(join(build, '.tsicorn'))).toBe(false);
    rmSync(join(bp, 'export'), { force: true });
  });
});
