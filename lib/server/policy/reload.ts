// Reload (HUP) sequencing. Every HUP starts a new generation; a worker forked before it may run
// code loaded before it. Ready workers of an older generation are replaced one at a time,
// successor first, so capacity never drops. Older workers still booting serve nobody yet, so they
// are stopped at once and refilled by the count policy with workers forked after the HUP: after a
// reload every worker runs code loaded after the HUP, including the ones booting when it came.
// A successor of the new generation that dies before it is ready abandons the reload: the new
// version does not boot, and the old workers keep serving.
import type { Action, Facts, PolicyEvent, WorkerFacts } from './types.ts';

const isStale = (f: Facts) => (w: WorkerFacts) => w.generation < f.generation && w.state !== 'stopping';

export function reloadPolicy(f: Facts, ev: PolicyEvent): Action[] {
  if (f.phase !== 'running' || f.settledGeneration >= f.generation) return [];
  const stale = f.workers.filter(isStale(f));
  const out: Action[] = [];
  if (ev.type === 'reload')
    out.push({
      do: 'say',
      level: 'info',
      text: `Reloading: replacing ${stale.length} worker(s) one at a time`,
    });
  if (
    ev.type === 'exit' &&
    !ev.worker.expected &&
    !ev.worker.wasReady &&
    ev.worker.generation === f.generation
  )
    return [
      {
        do: 'settle-reload',
        outcome: 'abandoned',
        reason: `Reload aborted: the new version did not boot (${ev.worker.how}). Old workers keep serving.`,
      },
    ];
  for (const w of stale)
    if (w.state === 'booting')
      out.push({
        do: 'retire',
        pid: w.pid,
        reason: 'it was booting when the reload came, maybe with the old code',
      });
  // One replacement at a time: a retiring worker that is not stopping yet has a successor booting.
  const replacing = f.workers.some((w) => w.retiring && w.state !== 'stopping');
  if (replacing) return out;
  const next = stale.filter((w) => w.state === 'ready').sort((a, b) => a.age - b.age)[0];
  if (next) out.push({ do: 'replace', pid: next.pid, reason: 'reload' });
  // Complete once no old worker is left and the new ones that took their places are ready.
  else if (stale.length === 0 && f.pendingSpawns === 0 && !f.workers.some((w) => w.state === 'booting'))
    out.push({ do: 'settle-reload', outcome: 'complete', reason: 'Reload complete' });
  return out;
}
