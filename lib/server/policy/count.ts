// The worker count: keep `target` workers booting or ready (not counting ones on their way out).
// Until one worker has loaded the app only that one boots: an app that cannot be imported then
// costs one failed boot, not WEB_CONCURRENCY of them (--preload already proved it loads). While the
// autotuner measures that first worker (a memory limit is known), the others wait for its verdict.
import type { Action, Facts, WorkerFacts } from './types.ts';

export function countPolicy(f: Facts): Action[] {
  const out: Action[] = [];
  const active = f.workers.filter((w) => w.state !== 'stopping' && !w.retiring);
  const running = active.length + f.pendingSpawns;
  // The autotuner measures the first worker before it sizes the rest (lib/server/policy/autotune.ts).
  const measuring = f.tune.state.bootFit === 'pending' && f.tune.dyno.limitMb !== null;
  const canary = (!f.everReady && !f.settings.preloadApp) || measuring;
  const want = canary ? Math.min(1, f.target) : f.target;
  if (canary && f.target > 1 && f.said.canary === undefined)
    out.push({
      do: 'say',
      level: 'info',
      text: 'Booting one worker first; the others start as soon as it has loaded the app',
      key: 'canary',
    });
  if (running < want && f.now >= f.crash.notBefore) {
    for (let i = running; i < want; i++)
      out.push({ do: 'spawn', reason: `${running} of ${want} worker(s) running or booting` });
  } else if (running > want) {
    for (const w of surplusOrder(active).slice(0, running - want)) {
      out.push({ do: 'retire', pid: w.pid, reason: 'more workers than wanted' });
      // A successor and the worker it replaces fill one slot: dropping the slot retires both.
      if (w.replaces !== null)
        out.push({ do: 'retire', pid: w.replaces, reason: 'more workers than wanted' });
    }
  }
  return out;
}

/** Which workers go first when there are too many: older code first (a reload replaces them
 * anyway), then the youngest (older workers have warm caches). */
function surplusOrder(active: WorkerFacts[]): WorkerFacts[] {
  return [...active].sort((a, b) => a.generation - b.generation || b.age - a.age);
}
