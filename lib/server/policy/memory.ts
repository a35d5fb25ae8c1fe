// Memory: replace a worker past --max-worker-memory (successor first), report once what workers
// cost against the dyno limit, and warn (at most once a minute) before the dyno swaps (R14).
import { memoryPressure, memoryReport } from '../memory.ts';
import type { Action, Facts, PolicyEvent } from './types.ts';

const MB = 1024 * 1024;
export const PRESSURE_WARNING_EVERY_MS = 60_000;

export function memoryPolicy(f: Facts, ev: PolicyEvent): Action[] {
  const out: Action[] = [];
  const limitMb = f.settings.maxWorkerMemory;
  if (limitMb > 0)
    for (const w of f.workers)
      if (w.state === 'ready' && !w.retiring && w.rss > limitMb * MB) {
        out.push({
          do: 'say',
          level: 'warning',
          text: `Worker ${w.pid} uses ${(w.rss / MB).toFixed(0)} MB RSS, above --max-worker-memory ${limitMb} MB`,
        });
        out.push({ do: 'replace', pid: w.pid, reason: 'max-worker-memory' });
      }
  if (ev.type !== 'tick') return out;
  const ready = f.workers.filter((w) => w.state === 'ready' && w.rss > 0);
  if (ready.length === 0) return out;
  const sample = { masterRss: f.memory.masterRss, workerRss: ready.map((w) => w.rss) };
  if (f.said['memory-report'] === undefined && f.allReadyAnnounced && ready.length >= f.target)
    out.push({ do: 'say', level: 'info', text: memoryReport(sample, f.memory.limit), key: 'memory-report' });
  const pressure = memoryPressure(sample, f.memory.limit);
  const last = f.said['memory-pressure'];
  if (pressure && (last === undefined || f.now - last >= PRESSURE_WARNING_EVERY_MS))
    out.push({ do: 'say', level: 'warning', text: pressure, key: 'memory-pressure' });
  return out;
}
