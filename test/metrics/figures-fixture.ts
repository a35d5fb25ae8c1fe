// Worker figures as plain data for the pure aggregation and rendering tests.
import type { WorkerFigures } from '../../lib/metrics/figures.ts';
import { Histogram } from '../../lib/metrics/histogram.ts';

/** Figures with every counter and gauge zero, overridden by `over`; queue/delay given as seconds. */
export function figures(
  over: Partial<Omit<WorkerFigures, 'queue' | 'loopDelay'>> & { queue?: number[]; loopDelay?: number[] } = {},
): WorkerFigures {
  const { queue = [], loopDelay = [], ...rest } = over;
  const q = new Histogram();
  for (const v of queue) q.observe(v);
  const d = new Histogram();
  for (const v of loopDelay) d.observe(v);
  return {
    requests: 0,
    shed: 0,
    busyMs: 0,
    loopActiveMs: 0,
    loopIdleMs: 0,
    gcYoung: 0,
    gcYoungNs: 0,
    gcOld: 0,
    gcOldNs: 0,
    inFlight: 0,
    rss: 0,
    heapUsed: 0,
    heapTotal: 0,
    heapLimit: 0,
    loopUtilization: 0,
    loopDelayMaxMs: 0,
    ...rest,
    queue: q.toWire(),
    loopDelay: d.toWire(),
  };
}
