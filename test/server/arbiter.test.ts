// Fault tests of the master: real processes, real signals, loopback load.
import { describe, expect, it } from 'vitest';
import { hold } from '../helpers/inflight.ts';
import { type Load, startLoad } from '../helpers/load.ts';
import { childPids, eventually, freePort, ROOT, request, spawnTsicorn } from '../helpers/proc.ts';

const APP_DIR = `${ROOT}fixtures/apps/arbiter`;

async function boot(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const port = await freePort();
  const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`, ...args], {
    cwd: opts.cwd ?? APP_DIR,
    env: opts.env,
  });
  await p.ready();
  return { p, port, base: `http://127.0.0.1:${port}` };
}

async function pidOf(base: string, path = '/'): Promise<number> {
  return (JSON.parse((await request(base + path)).body) as { pid: number }).pid;
}

/**
 * Keep-alive load on 4 connections, each answered at least once (so every failure can be put down
 * to the worker its connection is on), one of them or more on `pid`. Which worker accepts a
 * connection is the kernel's choice: a load that missed `pid` is stopped and started again.
 */
async function loadReaching(base: string, pid: number): Promise<Load> {
  for (let attempt = 1; ; attempt++) {
    const load = startLoad(base, { concurrency: 4 });
    const c = load.result.connections;
    await eventually(() => c.answered === 4 && c.opened === 4, 10_000, 10);
    if (load.result.servedBy.has(pid)) return load;
    await load.stop();
    if (attempt === 5) throw new Error(`5 loads of 4 connections never reached worker ${pid}`);
  }
}

describe('arbiter', () => {
  it('runs the asked number of workers as direct children and serves from all of them', async () => {
    const { p, base } = await boot(['-w', '2']);
    expect(childPids(p.pid)).toHaveLength(2);
    const seen = new Set<number>();
    await eventually(async () => {
      seen.add(await pidOf(base));
      return seen.size === 2;
    });
    expect([...seen].sort()).toEqual(childPids(p.pid).sort());
  });

  it('SIGKILL to a worker: its in-flight request fails, its neighbour drops nothing, a replacement forks within 1 s', async () => {
    const { p, base } = await boot(['-w', '2']);
    // The held request's head names the worker it is in flight on: that one is killed.
    const held = await hold(base, 10_000);
    const victim = held.pid;
    const workers = childPids(p.pid);
    expect(workers).toContain(victim);
    const neighbour = workers.find((pid) => pid !== victim)!;
    const load = await loadReaching(base, neighbour);
    const killedAt = Date.now();
    process.kill(victim, 'SIGKILL');
    await p.waitFor(new RegExp(`Worker \\(pid:${victim}\\) was killed by signal SIGKILL`));
    await eventually(() => childPids(p.pid).length === 2 && !childPids(p.pid).includes(victim), 5000, 5);
    const replacedMs = Date.now() - killedAt;
    // The load goes on after the kill, then stops.
    const servedBefore = load.result.servedBy.get(neighbour) ?? 0;
    const okBefore = load.result.ok;
    await eventually(() => load.result.ok > okBefore + 40, 10_000, 10);
    const r = await load.stop();
    expect(await held.outcome).toMatch(/^failed/);
    expect(r.failedOn.get(neighbour) ?? 0, `failures on the neighbour: ${r.errors.join('; ')}`).toBe(0);
    // Only requests on the victim's connections may fail: at most one per load connection.
    expect(
      [...r.failedOn.keys()].filter((pid) => pid !== victim),
      r.errors.join('; '),
    ).toEqual([]);
    expect(r.failed).toBeLessThanOrEqual(4);
    expect(
      r.servedBy.get(neighbour),
      'answers from the neighbour, before and after the kill',
    ).toBeGreaterThan(servedBefore);
    // The README's promise (crash replaced at once): measured from the kill to the new fork.
    expect(replacedMs, `replacement forked ${replacedMs} ms after the kill`).toBeLessThan(1000);
  });

  it('HUP twice under steady load: zero failed requests, every worker replaced', async () => {
    const { p, base } = await boot(['-w', '2']);
    const before = childPids(p.pid);
    const load = startLoad(base, { concurrency: 4 });
    await eventually(() => load.result.ok >= 20, 10_000, 10);
    // After a reload, the old workers drain and exit: wait until only new ones are left.
    const settledAfterReload = async (previous: number[]) => {
      await eventually(() => {
        const now = childPids(p.pid);
        return now.length === 2 && now.every((pid) => !previous.includes(pid));
      }, 20_000);
      return childPids(p.pid);
    };
    p.signal('SIGHUP');
    await p.waitFor(/Reload complete/);
    const middle = await settledAfterReload(before);
    p.signal('SIGHUP');
    await eventually(() => (p.output().match(/Reload complete/g) ?? []).length === 2, 20_000);
    const after = await settledAfterReload(middle);
    // The load goes on against the newest workers before it stops.
    await eventually(() => after.some((pid) => (load.result.servedBy.get(pid) ?? 0) >= 20), 10_000, 10);
    const r = await load.stop();
    expect(r.errors).toEqual([]);
    expect(r.ok).toBeGreaterThan(50);
    expect(after).toHaveLength(2);
    for (const pid of before) expect(middle).not.toContain(pid);
    for (const pid of middle) expect(after).not.toContain(pid);
  });

  it('HUP while a worker is still booting: afterwards every worker was started after the HUP (issue 15)', async () => {
    const port = await freePort();
    const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`, '-w', '2'], {
      cwd: `${ROOT}fixtures/apps/slow-boot`,
      env: { BOOT_MS: '2000' },
    });
    // The canary loads (2 s), then the second worker starts its own 2 s boot: HUP in the middle of it,
    // once the fixture says that second worker is importing.
    await eventually(() => (p.output().match(/slow-boot: importing in \d+/g) ?? []).length === 2, 15_000, 10);
    const beforeHup = [...p.output().matchAll(/Booting worker with pid: (\d+)/g)].map((m) => Number(m[1]));
    expect(p.output()).not.toMatch(/All 2 worker\(s\) ready/);
    const cut = p.output().length;
    p.signal('SIGHUP');
    await p.waitFor(/Reload complete/, 20_000);
    expect(p.output().slice(cut)).toMatch(/Reloading: replacing 2 worker\(s\)/);
    const bootedAfter = [
      ...p
        .output()
        .slice(cut)
        .matchAll(/Booting worker with pid: (\d+)/g),
    ].map((m) => Number(m[1]));
    await eventually(() => {
      const now = childPids(p.pid);
      return now.length === 2 && now.every((pid) => bootedAfter.includes(pid));
    }, 10_000);
    for (const pid of childPids(p.pid)) expect(beforeHup).not.toContain(pid);
    const served = new Set<number>();
    await eventually(async () => {
      served.add(await pidOf(`http://127.0.0.1:${port}`));
      return served.size === 2;
    });
    for (const pid of served) expect(bootedAfter).toContain(pid);
  });

  it('TERM during a slow request: the request completes, new connections are refused, master exits 0', async () => {
    const { p, base } = await boot(['-w', '2']);
    const workers = childPids(p.pid);
    const held = await hold(base, 1500);
    p.signal('SIGTERM');
    await p.waitFor(/Shutting down gracefully/);
    // Workers close their copy of the socket as soon as they read the stop message; from then on
    // the kernel refuses connections (a connection accepted in that instant is still served).
    const refused = await eventually(
      () =>
        request(`${base}/`, { timeoutMs: 2000 }).then(
          () => false,
          (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED',
        ),
      1000,
      10,
    );
    expect(refused).toBe(true);
    expect(await held.outcome).toBe('answered');
    expect(await p.exited()).toBe(0);
    for (const w of workers) expect(() => process.kill(w, 0)).toThrow();
  });

  it('TERM to the whole process group gives one clean graceful stop', async () => {
    const { p } = await boot(['-w', '2']);
    process.kill(-p.pid, 'SIGTERM');
    expect(await p.exited()).toBe(0);
    expect(p.output().match(/Shutting down gracefully/g)).toHaveLength(1);
  });

  it('kills a busy-looping worker after --timeout, logs the function it was stuck in, replaces it', async () => {
    const { p, base } = await boot(['-w', '1', '--timeout', '2']);
    const victim = childPids(p.pid)[0]!;
    void request(`${base}/spin`, { timeoutMs: 15_000 }).catch(() => {});
    await p.waitFor(new RegExp(`WORKER TIMEOUT \\(pid:${victim}\\)`), 15_000);
    await p.waitFor(/stuck in:\n\s+at spinForever \(/, 10_000);
    await eventually(() => childPids(p.pid).length === 1 && childPids(p.pid)[0] !== victim, 10_000);
    await eventually(async () => (await pidOf(base)) !== victim, 10_000);
  });

  it('--no-hang-stacks: a hung worker is killed and replaced with no stack capture attempted', async () => {
    const { p, base } = await boot(['-w', '1', '--timeout', '2', '--no-hang-stacks']);
    const victim = childPids(p.pid)[0]!;
    void request(`${base}/spin`, { timeoutMs: 15_000 }).catch(() => {});
    await p.waitFor(new RegExp(`WORKER TIMEOUT \\(pid:${victim}\\)`), 15_000);
    await p.waitFor(new RegExp(`Worker \\(pid:${victim}\\) was killed by signal SIGKILL`), 10_000);
    expect(p.output()).not.toMatch(/was stuck in|Could not capture the stack/);
    await eventually(async () => (await pidOf(base)) !== victim, 10_000);
  });

  it('a worker hung in native code: the log says its stack could not be captured, then it is replaced', async () => {
    const { p, base } = await boot(['-w', '1', '--timeout', '2']);
    const victim = childPids(p.pid)[0]!;
    void request(`${base}/native?s=20`, { timeoutMs: 25_000 }).catch(() => {});
    await p.waitFor(new RegExp(`WORKER TIMEOUT \\(pid:${victim}\\)`), 15_000);
    await p.waitFor(new RegExp(`Could not capture the stack of hung worker ${victim}: `), 15_000);
    await p.waitFor(new RegExp(`Worker \\(pid:${victim}\\) was killed by signal SIGKILL`), 10_000);
    expect(p.output()).not.toMatch(/was stuck in/);
    await eventually(async () => (await pidOf(base)) !== victim, 10_000);
  });

  it('--max-requests 20 -w 1 recycles the worker repeatedly with zero failed requests', async () => {
    const { p, base } = await boot(['-w', '1', '--max-requests', '20']);
    const load = startLoad(base, { concurrency: 2 });
    await eventually(
      () => (p.output().match(/Replacing worker \d+ \(max-requests/g) ?? []).length >= 3,
      20_000,
    );
    const r = await load.stop();
    expect(r.errors).toEqual([]);
    expect(r.pids.size).toBeGreaterThanOrEqual(3);
  });

  it('a crash loop after boot backs off visibly: delays double (0.25, 0.5, 1, 2 s), one worker started per delay', async () => {
    const port = await freePort();
    const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`, '-w', '1'], {
      cwd: `${ROOT}fixtures/apps/crash-after-boot`,
    });
    await p.waitFor(/next worker starts in 2\.00 s/, 20_000);
    const events = [
      ...p.output().matchAll(/Booting worker with pid|next worker starts in (\d+\.\d+) s/g),
    ].map((m) => m[1] ?? 'boot');
    // The first crash is replaced at once; each later one waits twice as long, and nothing else forks.
    expect(events).toEqual(['boot', 'boot', '0.25', 'boot', '0.50', 'boot', '1.00', 'boot', '2.00']);
    expect(p.output()).toMatch(/Worker \(pid:\d+\) exited with code 7/);
  });

  it('an app that throws at import makes the master exit 3 after one failed boot, with the error, without a boot loop', async () => {
    const port = await freePort();
    const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`, '-w', '8'], {
      cwd: `${ROOT}fixtures/apps/throws-at-import`,
    });
    const code = await p.exited(15_000);
    expect(code).toBe(3);
    expect(p.output()).toMatch(/Worker failed to boot/);
    // One worker boots first; the other seven would only start once it had loaded the app.
    expect((p.output().match(/Booting worker with pid/g) ?? []).length).toBe(1);
  });

  it('TTIN adds a worker and TTOU removes one', async () => {
    const { p } = await boot(['-w', '1']);
    p.signal('SIGTTIN');
    await eventually(() => childPids(p.pid).length === 2);
    p.signal('SIGTTOU');
    await eventually(() => childPids(p.pid).length === 1);
    p.signal('SIGTTOU');
    await p.waitFor(/TTOU ignored/);
    expect(childPids(p.pid)).toHaveLength(1);
  });
});
