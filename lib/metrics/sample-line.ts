// The periodic line in the style of Heroku's log-runtime-metrics (`source=... sample#name=value`),
// read by people in `heroku logs` and by log-based metrics tools. Counts are for the interval
// just ended; gauges are the state now; memory is the master plus every worker.
import type { DynoReport, Interval } from './aggregate.ts';

const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(2)}MB`;
const msText = (seconds: number) => `${Number((seconds * 1000).toFixed(2))}ms`;

/** The line's fields in order (`source` first), values already formatted with their units. */
export function sampleFields(r: DynoReport, i: Interval): Record<string, string | number> {
  let rss = r.masterRss;
  let heap = 0;
  for (const w of r.workers) {
    rss += w.rss;
    heap += w.figures?.heapUsed ?? 0;
  }
  const restarts = Object.values(i.restarts).reduce((a, b) => a + b, 0);
  const loopTime = i.loopActiveMs + i.loopIdleMs;
  const out: Record<string, string | number> = {
    source: 'tsicorn',
    'sample#workers': r.readyWorkers,
    'sample#busy_workers': r.busyWorkers,
    'sample#requests': i.requests,
    'sample#requests_in_flight': r.inFlight,
    'sample#requests_shed': i.shed,
    'sample#restarts': restarts,
    'sample#memory_rss': mb(rss),
    'sample#memory_heap_used': mb(heap),
  };
  if (r.memoryLimitBytes !== null) out['sample#memory_limit'] = mb(r.memoryLimitBytes);
  if (i.queue.n > 0) {
    out['sample#queue_time_p50'] = msText(i.queue.quantile(0.5)!);
    out['sample#queue_time_p95'] = msText(i.queue.quantile(0.95)!);
    out['sample#queue_time_p99'] = msText(i.queue.quantile(0.99)!);
  }
  if (i.loopDelay.n > 0) {
    out['sample#event_loop_delay_p50'] = msText(i.loopDelay.quantile(0.5)!);
    out['sample#event_loop_delay_p99'] = msText(i.loopDelay.quantile(0.99)!);
    out['sample#event_loop_delay_max'] = msText(i.loopDelayMaxMs / 1000);
  }
  if (loopTime > 0) out['sample#event_loop_utilization'] = Number((i.loopActiveMs / loopTime).toFixed(3));
  out['sample#gc_pause'] = msText((i.gcYoungNs + i.gcOldNs) / 1e9);
  return out;
}

/** `source=tsicorn sample#workers=3 ...`: every value is a bare logfmt token (no spaces, no quotes). */
export function sampleLine(r: DynoReport, i: Interval): string {
  return Object.entries(sampleFields(r, i))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}
