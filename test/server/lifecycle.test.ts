// More of the master's life: hooks, reload of broken code, memory limit, boot timeout, graceful
// timeout, log reopening, pid file, USR2 binary upgrade, quick stop. Real processes and signals.
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childPids, eventually, freePort, ROOT, request, spawnTsicorn } from '../helpers/proc.ts';

const APPS = `${ROOT}fixtures/apps`;

function tempCopy(app: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsicorn-life-'));
  cpSync(`${APPS}/${app}`, dir, { recursive: true });
  return dir;
}

async function boot(cwd: string, args: string[], env: Record<string, string> = {}) {
  const port = await freePort();
  const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`, ...args], { cwd, env });
  await p.ready();
  return { p, port, base: `http://127.0.0.1:${port}` };
}

const pidOf = async (url: string) => (JSON.parse((await request(url)).body) as { pid: number }).pid;

describe('arbiter lifecycle', () => {
  it('calls the config-file hooks in order; a throwing hook is logged and the master lives on', async () => {
    const dir = tempCopy('hooks');
    const hookLog = join(dir, 'hooks.log');
    const { p, base } = await boot(dir, [], { HOOK_LOG: hookLog });
    const body = JSON.parse((await request(base)).body) as { tagged: string };
    expect(body.tagged).toBe('yes');
    p.signal('SIGTTIN');
    await eventually(() => childPids(p.pid).length === 3);
    p.signal('SIGHUP');
    await p.waitFor(/on_reload hook failed: Error: on_reload hook blew up on purpose/);
    await p.waitFor(/Reload complete/);
    p.signal('SIGTERM');
    expect(await p.exited()).toBe(0);
    const names = readFileSync(hookLog, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ')[0]);
    expect(names[0]).toBe('on_starting');
    expect(names.filter((n) => n === 'pre_fork').length).toBeGreaterThanOrEqual(2);
    expect(names.filter((n) => n === 'post_fork').length).toBeGreaterThanOrEqual(2);
    expect(names.filter((n) => n === 'post_worker_init').length).toBeGreaterThanOrEqual(2);
    for (const n of [
      'when_ready',
      'post_request',
      'nworkers_changed',
      'on_reload',
      'child_exit',
      'worker_exit',
    ])
      expect(names).toContain(n);
    expect(names.at(-1)).toBe('on_exit');
  });

  it('HUP with code that no longer loads keeps the old workers serving and says why', async () => {
    const dir = tempCopy('arbiter');
    const { p, base } = await boot(dir, ['-w', '2']);
    const before = childPids(p.pid).sort();
    writeFileSync(join(dir, 'app.mjs'), "throw new Error('broken deploy');\n");
    p.signal('SIGHUP');
    await p.waitFor(/Reload aborted/, 15_000);
    expect(p.output()).toMatch(/broken deploy/);
    expect(childPids(p.pid).sort()).toEqual(before);
    expect(before).toContain(await pidOf(base));
  });

  it('--max-worker-memory replaces a worker whose RSS grows past the limit, successor first', async () => {
    const { p, base } = await boot(`${APPS}/memory-hog`, ['-w', '1', '--max-worker-memory', '100']);
    const first = await pidOf(base);
    await request(`${base}/grow`);
    await request(`${base}/grow`);
    await p.waitFor(new RegExp(`Worker ${first} uses \\d+ MB RSS, above --max-worker-memory 100 MB`), 10_000);
    await p.waitFor(new RegExp(`retiring ${first} \\(max-worker-memory\\)`), 10_000);
    await eventually(async () => (await pidOf(base)) !== first, 10_000);
  });

  it('--boot-timeout kills a worker that never gets ready', async () => {
    const port = await freePort();
    const p = spawnTsicorn(
      ['app', '--factory', '-b', `127.0.0.1:${port}`, '-w', '1', '--boot-timeout', '2'],
      {
        cwd: `${APPS}/never-ready`,
      },
    );
    await p.waitFor(/WORKER BOOT TIMEOUT \(pid:\d+\)/, 10_000);
    await p.waitFor(/before it was ready/, 5000);
  });

  it('graceful timeout: a request that outlives it is logged and its worker killed; master exits 0', async () => {
    const { p, base } = await boot(`${APPS}/arbiter`, ['-w', '1', '--graceful-timeout', '1']);
    const slow = request(`${base}/slow?ms=5000`, { timeoutMs: 8000 }).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 200));
    p.signal('SIGTERM');
    expect(await p.exited(10_000)).toBe(0);
    expect(p.output()).toMatch(/abandoning 1 request\(s\) in flight: GET \/slow\?ms=5000/);
    expect(await slow).toBeInstanceOf(Error);
  });

  it('INT stops quickly without waiting for slow requests', async () => {
    const { p, base } = await boot(`${APPS}/arbiter`, ['-w', '2']);
    void request(`${base}/slow?ms=20000`, { timeoutMs: 25_000 }).catch(() => {});
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    p.signal('SIGINT');
    expect(await p.exited(10_000)).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('USR1 reopens the error log file (logrotate)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsicorn-logs-'));
    const logFile = join(dir, 'error.log');
    const port = await freePort();
    const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`, '-w', '1', '--error-logfile', logFile], {
      cwd: `${APPS}/arbiter`,
    });
    await eventually(
      () => existsSync(logFile) && /All 1 worker\(s\) ready/.test(readFileSync(logFile, 'utf8')),
    );
    renameSync(logFile, `${logFile}.1`);
    p.signal('SIGUSR1');
    await eventually(() => existsSync(logFile));
    p.signal('SIGTERM');
    expect(await p.exited()).toBe(0);
    expect(readFileSync(logFile, 'utf8')).toMatch(/Shutting down: Master/);
    expect(readFileSync(`${logFile}.1`, 'utf8')).toMatch(/Handling signal: usr1/);
  });

  it('writes the pid file and removes it on exit', async () => {
    const pidfile = join(mkdtempSync(join(tmpdir(), 'tsicorn-pid-')), 'master.pid');
    const { p } = await boot(`${APPS}/arbiter`, ['-w', '1', '-p', pidfile]);
    expect(Number(readFileSync(pidfile, 'utf8'))).toBe(p.pid);
    p.signal('SIGTERM');
    expect(await p.exited()).toBe(0);
    expect(existsSync(pidfile)).toBe(false);
  });

  it('USR2 starts a new master on the same socket; TERM to the old one leaves the new one serving', async () => {
    const pidfile = join(mkdtempSync(join(tmpdir(), 'tsicorn-usr2-')), 'master.pid');
    const { p, base } = await boot(`${APPS}/arbiter`, ['-w', '1', '-p', pidfile]);
    const oldWorker = await pidOf(base);
    p.signal('SIGUSR2');
    await p.waitFor(/Started a new master \(pid: (\d+)\)/);
    const newMaster = Number(p.output().match(/Started a new master \(pid: (\d+)\)/)![1]);
    try {
      await eventually(() => (p.output().match(/All 1 worker\(s\) ready/g) ?? []).length === 2, 15_000);
      expect(existsSync(`${pidfile}.oldbin`)).toBe(true);
      p.signal('SIGTERM');
      expect(await p.exited()).toBe(0);
      const served = await pidOf(base);
      expect(served).not.toBe(oldWorker);
      expect(childPids(newMaster)).toContain(served);
      expect(Number(readFileSync(pidfile, 'utf8'))).toBe(newMaster);
    } finally {
      try {
        process.kill(newMaster, 'SIGTERM');
      } catch {}
      await eventually(() => {
        try {
          process.kill(newMaster, 0);
          return false;
        } catch {
          return true;
        }
      }, 15_000);
    }
  });
});
