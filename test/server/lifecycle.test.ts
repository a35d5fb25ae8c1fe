// More of the master's life: hooks, reload of broken code, memory limit, boot timeout, graceful
// timeout, log reopening, pid file, USR2 binary upgrade, quick stop. Real processes and signals.
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hold } from '../helpers/inflight.ts';
import { startLoad } from '../helpers/load.ts';
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

/** Paths the process `pid` has open (its /proc/PID/fd links). */
function openFiles(pid: number): string[] {
  return readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/${pid}/fd/${fd}`)];
    } catch {
      return [];
    }
  });
}

const pidOf = async (url: string) => (JSON.parse((await request(url)).body) as { pid: number }).pid;

describe('arbiter lifecycle', () => {
  it('tsicorn.config.mjs hooks in the app directory: pre_request edits the request, a throwing on_reload is logged and the reload completes, on_starting first and on_exit last', async () => {
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

  it('--max-worker-memory under load: the successor is ready before the old worker is stopped, zero failed requests', async () => {
    const { p, base } = await boot(`${APPS}/memory-hog`, ['-w', '1', '--max-worker-memory', '100']);
    const first = await pidOf(base);
    const load = startLoad(base, { concurrency: 2 });
    await eventually(() => load.result.ok >= 20, 10_000, 10);
    await request(`${base}/grow`);
    await request(`${base}/grow`);
    const over = await p.waitFor(
      new RegExp(
        `Worker ${first} uses \\d+ MB RSS, above --max-worker-memory 100 MB[^]*?Booting worker with pid: (\\d+)`,
      ),
      10_000,
    );
    const successor = Number(over[1]);
    await p.waitFor(new RegExp(`Booted worker with pid: ${successor}`), 15_000);
    await p.waitFor(new RegExp(`Worker exited \\(pid: ${first}\\)`), 15_000);
    await eventually(() => (load.result.servedBy.get(successor) ?? 0) >= 20, 10_000, 10);
    const r = await load.stop();
    expect(r.errors).toEqual([]);
    // Master and workers write one log stream, in the order things happened: the successor said it
    // was booted (just before reporting ready) before the old worker began to drain, and the old
    // one stopped on its own after draining (not killed).
    const out = p.output();
    const booted = out.indexOf(`Booted worker with pid: ${successor}`);
    expect(
      out.indexOf(`Worker exiting (pid: ${first})`),
      'old worker drained before its successor was ready',
    ).toBeGreaterThan(booted);
    expect(out.indexOf(`Worker exited (pid: ${first})`)).toBeGreaterThan(booted);
    expect(out).toContain(`Worker ${successor} is ready; retiring ${first} (max-worker-memory)`);
    expect(childPids(p.pid)).toEqual([successor]);
  });

  it('--boot-timeout: a worker that never gets ready is killed (its pid gone) and another one is tried', async () => {
    const port = await freePort();
    const p = spawnTsicorn(
      ['app', '--factory', '-b', `127.0.0.1:${port}`, '-w', '1', '--boot-timeout', '1'],
      {
        cwd: `${APPS}/never-ready`,
      },
    );
    const stuck = Number(
      (await p.waitFor(/WORKER BOOT TIMEOUT \(pid:(\d+)\): the app did not get ready within 1 s/, 10_000))[1],
    );
    await p.waitFor(
      new RegExp(`Worker \\(pid:${stuck}\\) was killed by signal SIGKILL before it was ready`),
      5000,
    );
    expect(() => process.kill(stuck, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    const next = Number(
      (await p.waitFor(new RegExp(`${stuck}\\) was killed[^]*Booting worker with pid: (\\d+)`), 5000))[1],
    );
    expect(next).not.toBe(stuck);
    expect(childPids(p.pid)).toEqual([next]);
    // The retry never gets ready either, and meets the same end.
    await p.waitFor(new RegExp(`WORKER BOOT TIMEOUT \\(pid:${next}\\)`), 10_000);
    await p.waitFor(
      new RegExp(`Worker \\(pid:${next}\\) was killed by signal SIGKILL before it was ready`),
      5000,
    );
  });

  it('graceful timeout: a request that outlives it is logged as abandoned and cut off; master exits 0', async () => {
    const { p, base } = await boot(`${APPS}/arbiter`, ['-w', '1', '--graceful-timeout', '1']);
    const held = await hold(base, 5000);
    p.signal('SIGTERM');
    expect(await p.exited(10_000)).toBe(0);
    expect(p.output()).toMatch(/abandoning 1 request\(s\) in flight: GET \/hold\?ms=5000/);
    expect(await held.outcome).toMatch(/^failed/);
  });

  it.each(['SIGINT', 'SIGQUIT'] as const)(
    '%s: quick stop, the in-flight request is cut instead of waited for, master exits 0',
    async (sig) => {
      const { p, base } = await boot(`${APPS}/arbiter`, ['-w', '2']);
      const held = await hold(base, 20_000);
      p.signal(sig);
      expect(await p.exited(10_000)).toBe(0);
      expect(p.output()).toMatch(/Shutting down quickly/);
      expect(await held.outcome).toMatch(/^failed/);
    },
  );

  it('WINCH is ignored: the master logs it and changes nothing', async () => {
    const { p, base } = await boot(`${APPS}/arbiter`, ['-w', '2']);
    const workers = childPids(p.pid).sort();
    p.signal('SIGWINCH');
    await p.waitFor(/Handling signal: winch/);
    expect((await request(base)).status).toBe(200);
    expect(childPids(p.pid).sort()).toEqual(workers);
    const after = p.output().slice(p.output().indexOf('Handling signal: winch'));
    expect(after).not.toMatch(/Booting worker|Shutting down|exited|Number of workers/);
    p.signal('SIGTERM');
    expect(await p.exited()).toBe(0);
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

  it('USR1 reopens the access log in every worker: requests after it go to the new file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsicorn-logs-'));
    const accessLog = join(dir, 'access.log');
    const { p, base } = await boot(`${APPS}/arbiter`, ['-w', '2', '--access-logfile', accessLog]);
    const workers = childPids(p.pid);
    await request(`${base}/before-rotation`);
    await eventually(() => readFileSync(accessLog, 'utf8').includes('GET /before-rotation'));
    renameSync(accessLog, `${accessLog}.1`);
    p.signal('SIGUSR1');
    // Each worker has reopened once none of its descriptors points at the rotated file any more.
    await eventually(() =>
      workers.every((pid) => {
        const files = openFiles(pid);
        return files.includes(accessLog) && !files.includes(`${accessLog}.1`);
      }),
    );
    for (let i = 0; i < 6; i++) await request(`${base}/after-rotation-${i}`);
    await eventually(
      () => (readFileSync(accessLog, 'utf8').match(/GET \/after-rotation-\d/g) ?? []).length === 6,
    );
    expect(readFileSync(`${accessLog}.1`, 'utf8')).not.toMatch(/after-rotation/);
    expect(readFileSync(`${accessLog}.1`, 'utf8')).toMatch(/GET \/before-rotation/);
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
