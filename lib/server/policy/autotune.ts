// The autotuner in the master: the pure fits of lib/autotune/ applied to what the master sees.
// - Boot-time fit: the first worker boots alone (the count policy holds the others while
//   Facts.tune.state.bootFit is pending); once it is ready and has reported its RSS and heap, the
//   count becomes what fits (a platform default, or no choice) or stays as the user chose (with a
//   warning when it cannot fit).
// - The heap limit and default --max-worker-memory for the count are logged whenever they change.
// - The first worker started with the heap limit for one worker (the count was not known yet):
//   once every worker is ready it is replaced, successor first, if the count gives it less. The
//   master announces "All N worker(s) ready" only once that is over (startupSettled()).
// - Run-time fit: on each new cgroup usage sample, retire the largest worker near the limit or
//   grow back toward the dyno table's number when room returns (lib/autotune/run-fit.ts).
import { bootFit } from '../../autotune/boot-fit.ts';
import { runFit } from '../../autotune/run-fit.ts';
import { DECISIONS_KEPT, type TuneState } from '../../autotune/state.ts';
import type { Action, Facts, PolicyEvent } from './types.ts';

const MB = 1024 * 1024;

/** The start-up is over: the count is fitted and the first worker's heap limit settled. */
export function startupSettled(state: TuneState): boolean {
  return state.bootFit === 'done' && state.canaryPid === null;
}

export function autotunePolicy(f: Facts, _ev: PolicyEvent): Action[] {
  const t = f.tune;
  let state: TuneState = t.state;
  const out: Action[] = [];
  const after: Action[] = [];
  const decided: string[] = [];
  const say = (level: 'info' | 'warning', text: string) => {
    out.push({ do: 'say', level, text });
    decided.push(text);
  };

  if (state.bootFit === 'pending') {
    const first = f.workers.find((w) => w.state === 'ready' && w.rss > 0 && w.heapUsed > 0);
    if (t.dyno.limitMb === null || first) {
      const masterMb = f.memory.masterRss / MB;
      const workerRssMb = first ? first.rss / MB : 0;
      const fit = bootFit({
        origin: t.origin,
        requested: f.target,
        dyno: t.dyno,
        masterRssMb: masterMb,
        workerRssMb,
      });
      say('info', fit.log);
      if (fit.warning) say('warning', fit.warning);
      state = {
        ...state,
        bootFit: 'done',
        masterMb: first ? masterMb : null,
        bootRssMb: first ? workerRssMb : null,
        bootHeapUsedMb: first ? first.heapUsed / MB : null,
        canaryPid: first && first.heapLimitMb !== null ? first.pid : null,
      };
      if (fit.workers !== f.target)
        after.push({ do: 'set-target', workers: fit.workers, reason: 'boot-time fit' });
    }
  } else {
    const line = `${t.limits.heapReason}; ${t.limits.maxWorkerMemoryReason}`;
    if (line !== state.loggedLimits) {
      say('info', `Worker memory: ${line}`);
      state = { ...state, loggedLimits: line };
    }
    if (state.canaryPid !== null) {
      const canary = f.workers.find((w) => w.pid === state.canaryPid);
      const ready = f.workers.filter((w) => w.state === 'ready' && !w.retiring).length;
      if (!canary) state = { ...state, canaryPid: null };
      else if (canary.state === 'ready' && !canary.retiring) {
        if (state.canarySwapped) {
          // Its successor died before it was ready (the pool kept it serving): keep it.
          state = { ...state, canaryPid: null };
          say(
            'warning',
            `Worker ${canary.pid} keeps its V8 heap limit of ${canary.heapLimitMb} MB: its successor did not boot`,
          );
        } else if (ready >= f.target && f.pendingSpawns === 0) {
          const heapMb = t.limits.heapMb;
          if (heapMb !== null && canary.heapLimitMb !== null && canary.heapLimitMb > heapMb) {
            const reason = `its V8 heap limit ${canary.heapLimitMb} MB was for one worker; ${f.target} workers get ${heapMb} MB each`;
            after.push({ do: 'replace', pid: canary.pid, reason });
            decided.push(`Replacing worker ${canary.pid}: ${reason}`);
            state = { ...state, canarySwapped: true };
          } else state = { ...state, canaryPid: null };
        }
      }
      // Else it is on its way out: the start-up is settled once it has exited.
    }
    if (t.usage !== null && t.usage.at > state.lastSampleAt) {
      const serving = f.workers.filter((w) => w.state === 'ready' && !w.retiring);
      const settling =
        f.pendingSpawns > 0 || f.workers.some((w) => w.state !== 'ready' || w.retiring !== null);
      const r = runFit(
        state.run,
        {
          now: f.now,
          limitMb: t.dyno.limitMb,
          usageMb: t.usage.inUseMb,
          masterRssMb: f.memory.masterRss / MB,
          workers: serving.map((w) => ({ pid: w.pid, rssMb: w.rss / MB })),
          settling,
        },
        { ceiling: t.dyno.tableWorkers, origin: t.origin },
      );
      state = { ...state, run: r.state, lastSampleAt: t.usage.at };
      const a = r.action;
      if (a.kind === 'retire') {
        after.push({ do: 'retire', pid: a.pid, reason: a.reason });
        decided.push(a.reason);
        after.push({ do: 'set-target', workers: Math.max(1, f.target - 1), reason: 'run-time fit' });
      } else if (a.kind === 'grow') {
        say('info', a.reason);
        after.push({ do: 'set-target', workers: f.target + 1, reason: 'run-time fit' });
      } else if (a.kind === 'note') {
        say('warning', a.reason);
      }
    }
  }
  if (decided.length > 0)
    state = {
      ...state,
      decisions: [...state.decisions, ...decided.map((text) => ({ at: f.now, text }))].slice(-DECISIONS_KEPT),
    };
  // The new state first: a set-target below evaluates every policy again, this one included.
  return state === t.state ? [...out, ...after] : [{ do: 'tune', state }, ...out, ...after];
}
