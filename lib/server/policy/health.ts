// Liveness: a worker that does not get ready within --boot-timeout, a ready worker whose
// heartbeats stop for --timeout (its event loop is blocked: Gunicorn's WORKER TIMEOUT), and a
// stopping worker past its kill deadline.
import type { Action, Facts } from './types.ts';

export function healthPolicy(f: Facts): Action[] {
  const out: Action[] = [];
  const { timeout, bootTimeout } = f.settings;
  for (const w of f.workers) {
    if (w.aborting) continue;
    if (w.state === 'booting' && bootTimeout > 0 && f.now - w.spawnedAt > bootTimeout * 1000) {
      out.push({
        do: 'kill',
        pid: w.pid,
        level: 'critical',
        reason: `WORKER BOOT TIMEOUT (pid:${w.pid}): the app did not get ready within ${bootTimeout} s`,
      });
    } else if (w.state === 'ready' && timeout > 0 && f.now - w.lastBeat > timeout * 1000) {
      const silent = ((f.now - w.lastBeat) / 1000).toFixed(1);
      out.push({ do: 'abort', pid: w.pid, reason: `no heartbeat for ${silent} s (--timeout ${timeout})` });
    } else if (w.state === 'stopping' && w.stopDeadline !== null && f.now > w.stopDeadline) {
      out.push({
        do: 'kill',
        pid: w.pid,
        level: 'warning',
        reason: `Worker ${w.pid} did not stop within the graceful timeout; killing it`,
      });
    }
  }
  return out;
}
