// Fault scenarios driven from outside: workers killed with SIGKILL, and every signal the master
// obeys (TERM, HUP, TTIN/TTOU, USR1, USR2) arriving while clients are being served.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Attempt } from './load.ts';
import {
  type Context,
  describeFailures,
  type Scenario,
  type Session,
  session,
  sleep,
  unexplained,
} from './run.ts';

const WORKERS = 3;

export const kill9: Scenario = {
  name: 'kill -9 a random worker every second',
  promise:
    'failed requests <= requests in flight on the killed workers; the worker count is back within 1 s each time; the master never dies',
  run: (ctx: Context) =>
    session(
      ctx,
      'kill -9 a random worker every second',
      { args: ['app', '-w', String(WORKERS)] },
      async (s) => {
        const load = s.load({ concurrency: 6 });
        await sleep(300);
        const killed = new Set<number>();
        const restoreMs: number[] = [];
        let exposed = 0;
        const t0 = Date.now();
        while (Date.now() - t0 < ctx.durationMs) {
          const tick = Date.now();
          // A random serving worker: one that has answered (a process still loading the app is
          // not serving yet, and killing those in a row is what a crash loop looks like).
          const serving = new Set(load.attempts.map((a) => a.pid));
          const pids = s.server.workers().filter((p) => serving.has(p));
          if (pids.length === 0) {
            await sleep(50);
            continue;
          }
          const victim = pids[Math.floor(Math.random() * pids.length)]!;
          exposed += load.exposedTo(victim);
          killed.add(victim);
          process.kill(victim, 'SIGKILL');
          const took = await s.until(() => {
            const now = s.server.workers();
            return now.length === WORKERS && !now.includes(victim);
          }, 5000);
          restoreMs.push(took ?? 5000);
          s.check(
            took !== null && took < 1000,
            `worker count not restored within 1 s after killing ${victim} (${took} ms)`,
          );
          await sleep(Math.max(0, 1000 - (Date.now() - tick)));
        }
        await sleep(300);
        const attempts = await load.stop();
        const failures = attempts.filter((a) => !a.ok);
        s.check(s.server.alive(), 'the master died');
        s.check(
          failures.length <= exposed,
          `${failures.length} failed requests, but only ${exposed} were exposed to killed workers`,
        );
        const odd = unexplained(attempts, killed);
        s.check(odd.length === 0, `failures not on killed workers: ${describeFailures(odd)}`);
        s.check(
          s.server.count(/was killed by signal SIGKILL/) >= killed.size,
          'the log does not name every kill',
        );
        return {
          attempts,
          measured: `${killed.size} kills; count restored in max ${Math.max(...restoreMs)} ms (median ${restoreMs.sort((a, b) => a - b)[restoreMs.length >> 1]} ms); ${failures.length} failed of ${exposed} exposed`,
        };
      },
    ),
};

/** Clients on slow requests (so some are always in flight), then the stop signal(s). */
function termScenario(name: string, signals: Array<{ afterMs: number; group: boolean }>): Scenario {
  return {
    name,
    promise: 'requests in flight finish (200); new connections are refused; one graceful shutdown; exit 0',
    run: (ctx) =>
      session(ctx, name, { args: ['app', '-w', '2'] }, async (s) => {
        let n = 0;
        const load = s.load({ concurrency: 6, path: () => (n++ % 2 ? '/slow?ms=400' : '/') });
        await sleep(Math.min(ctx.durationMs, 1500));
        const termAt = Date.now();
        for (const sig of signals) {
          await sleep(sig.afterMs);
          s.server.signal('SIGTERM', sig.group);
        }
        const code = await s.server.exited(40_000).catch(() => 'still running');
        const attempts = await load.stop();
        // Started before the stop: must have been answered. After it: refused, never half-served.
        const lost = attempts.filter((a) => !a.ok && a.start < termAt);
        const badLate = attempts.filter((a) => !a.ok && a.start >= termAt && a.error !== 'ECONNREFUSED');
        s.check(code === 0, `exit code ${code}`);
        s.check(lost.length === 0, `requests in flight at TERM failed: ${describeFailures(lost)}`);
        s.check(
          badLate.length === 0,
          `requests after TERM failed other than by refusal: ${describeFailures(badLate)}`,
        );
        s.check(s.server.count(/Shutting down gracefully/) === 1, 'not exactly one graceful shutdown');
        const inFlight = attempts.filter((a) => a.start < termAt && a.end > termAt).length;
        const refused = attempts.filter((a) => a.start >= termAt && a.error === 'ECONNREFUSED').length;
        // Counted: the requests sent before the stop. The ones refused after it are as promised.
        return {
          attempts: attempts.filter((a) => a.start < termAt),
          measured: `${inFlight} requests in flight at TERM, all answered; ${refused} new connections refused after it; exit ${code}`,
        };
      }),
  };
}

export const term = termScenario('TERM during load', [{ afterMs: 0, group: true }]);
export const termTwice = termScenario('TERM twice during load (group, then master)', [
  { afterMs: 0, group: true },
  { afterMs: 300, group: true },
  { afterMs: 300, group: false },
]);

/** Zero failures and, after the reload(s), only workers started after the last HUP. */
function hupScenario(name: string, hups: number, gapMs: number): Scenario {
  return {
    name,
    promise: 'zero failed requests; afterwards every worker runs code loaded after the last HUP',
    run: (ctx) => {
      const versionFile = join(tmpdir(), `tsicorn-fault-version-${process.pid}-${Date.now()}`);
      writeFileSync(versionFile, 'v0');
      return session(
        ctx,
        name,
        { args: ['app', '-w', '2'], env: { FAULT_VERSION_FILE: versionFile } },
        async (s) => {
          const load = s.load({ concurrency: 4 });
          await sleep(Math.min(ctx.durationMs / 3, 1000));
          for (let i = 1; i <= hups; i++) {
            writeFileSync(versionFile, `v${i}`);
            s.server.signal('SIGHUP');
            await sleep(gapMs);
          }
          const took = await s.until(
            () =>
              s.server.count(/Reload complete/) >= 1 &&
              allBootedAfterLastHup(s) &&
              settledOn(load.attempts, `v${hups}`),
            30_000,
          );
          s.check(took !== null, `workers still answer with old code: ${lastVersions(load.attempts)}`);
          await sleep(Math.min(ctx.durationMs / 3, 1000));
          const attempts = await load.stop();
          const failed = attempts.filter((a) => !a.ok);
          s.check(failed.length === 0, `${failed.length} failed requests: ${describeFailures(failed)}`);
          return {
            attempts,
            measured: `${hups} HUP(s); every worker on the new code ${took} ms after the last`,
          };
        },
      );
    },
  };
}

/** Every current worker was started after the last HUP (so it loaded the code written before it). */
function allBootedAfterLastHup(s: Session): boolean {
  const log = s.server.output();
  const after = log.slice(log.lastIndexOf('Handling signal: hup'));
  const fresh = new Set([...after.matchAll(/Booting worker with pid: (\d+)/g)].map((m) => Number(m[1])));
  const now = s.server.workers();
  return now.length > 0 && now.every((pid) => fresh.has(pid));
}

/** The last 20 answers all came from the expected version. */
function settledOn(attempts: Attempt[], version: string): boolean {
  const recent = attempts.filter((a) => a.ok).slice(-20);
  return recent.length === 20 && recent.every((a) => a.version === version);
}

function lastVersions(attempts: Attempt[]): string {
  return [...new Set(attempts.slice(-20).map((a) => a.version))].join(',');
}

export const hup = hupScenario('HUP during load', 1, 0);
export const hupTwice = hupScenario('HUP twice in a row during load', 2, 50);

export const hupWhileBooting: Scenario = {
  name: 'HUP while a worker is still booting',
  promise: 'the booting worker (old code) is replaced too: afterwards every worker answers with the new code',
  run: (ctx) => {
    const versionFile = join(tmpdir(), `tsicorn-fault-version-${process.pid}-${Date.now()}`);
    writeFileSync(versionFile, 'v0');
    return session(
      ctx,
      'HUP while a worker is still booting',
      { args: ['app', '-w', '2'], env: { FAULT_VERSION_FILE: versionFile, BOOT_DELAY_MS: '1500' } },
      async (s) => {
        const load = s.load({ concurrency: 4 });
        await sleep(300);
        // A replacement starts loading the old code (it reads the version at once, then boots 1.5 s).
        const victim = s.server.workers()[0]!;
        const exposed = load.exposedTo(victim);
        process.kill(victim, 'SIGKILL');
        await s.until(() => s.server.count(/Booting worker with pid/) >= 3, 2000);
        await sleep(300);
        writeFileSync(versionFile, 'v1');
        s.server.signal('SIGHUP');
        const took = await s.until(() => allBootedAfterLastHup(s) && settledOn(load.attempts, 'v1'), 30_000);
        s.check(took !== null, `old code still answers after the HUP: ${lastVersions(load.attempts)}`);
        await sleep(500);
        const attempts = await load.stop();
        const failed = attempts.filter((a) => !a.ok);
        s.check(
          failed.length <= exposed,
          `${failed.length} failed requests, ${exposed} exposed to the killed worker`,
        );
        return {
          attempts,
          measured: `every worker on the new code ${took} ms after the HUP; ${failed.length} failed (the kill)`,
        };
      },
    );
  },
};

export const ttinTtou: Scenario = {
  name: 'TTIN and TTOU during load',
  promise: 'one worker more, then one fewer, with zero failed requests',
  run: (ctx) =>
    session(ctx, 'TTIN and TTOU during load', { args: ['app', '-w', '2'] }, async (s) => {
      const load = s.load({ concurrency: 4 });
      await sleep(Math.min(ctx.durationMs / 4, 500));
      s.server.signal('SIGTTIN');
      const up = await s.until(() => s.server.workers().length === 3, 10_000);
      await sleep(Math.min(ctx.durationMs / 4, 500));
      s.server.signal('SIGTTOU');
      const down = await s.until(() => s.server.workers().length === 2, 10_000);
      await sleep(Math.min(ctx.durationMs / 4, 500));
      const attempts = await load.stop();
      const failed = attempts.filter((a) => !a.ok);
      s.check(up !== null && down !== null, `count did not follow: up ${up} ms, down ${down} ms`);
      s.check(failed.length === 0, `${failed.length} failed requests: ${describeFailures(failed)}`);
      return { attempts, measured: `3 workers after ${up} ms, 2 again after ${down} ms` };
    }),
};

export const usr1: Scenario = {
  name: 'USR1 (reopen logs) during load',
  promise: 'zero failed requests; the log files are reopened',
  run: (ctx) => {
    const dir = tmpdir();
    const access = join(dir, `tsicorn-fault-access-${process.pid}-${Date.now()}.log`);
    return session(
      ctx,
      'USR1 (reopen logs) during load',
      { args: ['app', '-w', '2', '--access-logfile', access] },
      async (s) => {
        const load = s.load({ concurrency: 4 });
        await sleep(Math.min(ctx.durationMs / 3, 500));
        s.server.signal('SIGUSR1');
        await sleep(Math.min(ctx.durationMs / 3, 500));
        s.server.signal('SIGUSR1');
        await sleep(Math.min(ctx.durationMs / 3, 500));
        const attempts = await load.stop();
        const failed = attempts.filter((a) => !a.ok);
        s.check(failed.length === 0, `${failed.length} failed requests: ${describeFailures(failed)}`);
        s.check(s.server.count(/Handling signal: usr1/) === 2, 'USR1 not handled twice');
        return { attempts, measured: '2 reopens' };
      },
    );
  },
};

export const usr2: Scenario = {
  name: 'USR2, then TERM to the old master, during load',
  promise: 'the new master takes over on the same socket with zero failed requests; the old one exits 0',
  run: (ctx) =>
    session(
      ctx,
      'USR2, then TERM to the old master, during load',
      { args: ['app', '-w', '2'] },
      async (s) => {
        const load = s.load({ concurrency: 4 });
        await sleep(Math.min(ctx.durationMs / 3, 500));
        const oldPids = new Set(s.server.workers());
        s.server.signal('SIGUSR2');
        const newMaster = Number((await s.server.waitFor(/Started a new master \(pid: (\d+)\)/))[1]);
        await s.until(() => s.server.count(/All \d+ worker\(s\) ready/) >= 2, 20_000);
        s.server.signal('SIGTERM');
        const code = await s.server.exited(40_000).catch(() => 'still running');
        await sleep(Math.min(ctx.durationMs / 3, 1000));
        const attempts = await load.stop();
        const failed = attempts.filter((a) => !a.ok);
        const servedByNew = attempts.filter((a) => a.ok && a.pid && !oldPids.has(a.pid)).length;
        try {
          process.kill(newMaster, 'SIGKILL');
        } catch {}
        s.check(code === 0, `old master exit code ${code}`);
        s.check(servedByNew > 0, 'the new master never answered');
        s.check(failed.length === 0, `${failed.length} failed requests: ${describeFailures(failed)}`);
        return {
          attempts,
          measured: `${servedByNew} requests answered by the new master's workers; old master exit ${code}`,
        };
      },
    ),
};
