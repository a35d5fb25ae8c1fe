// Every Gunicorn hook, run by a real master through a real life (requests, a hung worker, TTIN,
// HUP, INT): each must run in the process the hook table says (lib/config/settings.ts HOOKS[].runsIn)
// and in Gunicorn's order.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOOKS } from '../../lib/config/settings.ts';
import { childPids, eventually, freePort, ROOT, request, spawnTsicorn } from '../helpers/proc.ts';

describe('hooks', () => {
  it('each hook runs in the process the table names, in order', async () => {
    const hookLog = join(mkdtempSync(join(tmpdir(), 'tsicorn-hooks-')), 'hooks.log');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`], {
      cwd: `${ROOT}fixtures/apps/all-hooks`,
      env: { HOOK_LOG: hookLog },
    });
    await p.ready();
    await request(base);
    // A hung worker: aborted by the master after --timeout 2, then replaced.
    const before = childPids(p.pid);
    void request(`${base}/spin`, { timeoutMs: 20_000 }).catch(() => {});
    const hung = Number((await p.waitFor(/WORKER TIMEOUT \(pid:(\d+)\)/, 15_000))[1]);
    expect(before).toContain(hung);
    await eventually(() => childPids(p.pid).length === 2 && !childPids(p.pid).includes(hung), 15_000);
    p.signal('SIGTTIN');
    // Two first workers, the hung one's replacement, the TTIN one: four booted.
    await eventually(() => (p.output().match(/Booted worker with pid/g) ?? []).length === 4, 15_000);
    const beforeHup = childPids(p.pid);
    p.signal('SIGHUP');
    await p.waitFor(/Reload complete/, 20_000);
    await eventually(() => childPids(p.pid).every((pid) => !beforeHup.includes(pid)), 15_000);
    const afterHup = childPids(p.pid);
    p.signal('SIGINT');
    expect(await p.exited()).toBe(0);

    const master = p.pid;
    const workers = new Set(
      [...p.output().matchAll(/Booting worker with pid: (\d+)/g)].map((m) => Number(m[1])),
    );
    const lines = readFileSync(hookLog, 'utf8')
      .trim()
      .split('\n')
      .map((l) => {
        const [name, pid, about] = l.split(' ');
        return { name: name!, pid: Number(pid), about: about! };
      });
    const at = (name: string, about?: string) =>
      lines.findIndex((l) => l.name === name && (about === undefined || l.about === about));

    // Where: every hook ran, and only in the process its table row names.
    for (const h of HOOKS) {
      const ran = lines.filter((l) => l.name === h.name);
      expect(ran.length, `${h.name} never ran`).toBeGreaterThan(0);
      for (const l of ran) {
        if (h.runsIn === 'master') expect(l.pid, `${h.name} ran outside the master`).toBe(master);
        else expect(workers.has(l.pid), `${h.name} ran in ${l.pid}, not a worker`).toBe(true);
      }
    }

    // Order.
    expect(lines[0]!.name).toBe('on_starting');
    expect(lines.at(-1)!.name).toBe('on_exit');
    for (const fork of lines.filter((l) => l.name === 'post_fork')) {
      // pre_fork (master) before post_fork (the new worker) before post_worker_init (the same worker).
      expect(at('pre_fork', fork.about)).toBeLessThan(lines.indexOf(fork));
      const init = lines.findIndex((l) => l.name === 'post_worker_init' && l.pid === fork.pid);
      if (init >= 0) expect(lines.indexOf(fork)).toBeLessThan(init);
    }
    expect(lines.filter((l, i) => l.name === 'post_worker_init' && i < at('when_ready'))).toHaveLength(2);
    expect(at('pre_request')).toBeLessThan(at('post_request'));
    expect(at('worker_abort', String(hung))).toBeGreaterThan(0);
    expect(at('worker_abort', String(hung))).toBeLessThan(at('child_exit', String(hung)));
    expect(at('nworkers_changed', '2->3')).toBeGreaterThan(at('child_exit', String(hung)));
    expect(at('on_reload')).toBeGreaterThan(at('nworkers_changed'));
    for (const old of beforeHup) {
      // Old workers drain after the reload began: worker_exit in the worker, then child_exit in the master.
      expect(at('worker_exit', String(old))).toBeGreaterThan(at('on_reload'));
      expect(lines[at('worker_exit', String(old))]!.pid).toBe(old);
      expect(at('child_exit', String(old))).toBeGreaterThan(at('worker_exit', String(old)));
    }
    for (const w of afterHup) {
      // INT: a quick stop, so worker_int in each remaining worker before the master's on_exit.
      expect(lines[at('worker_int', String(w))]?.pid).toBe(w);
    }
  });
});
