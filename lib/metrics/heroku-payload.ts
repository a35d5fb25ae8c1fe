// Heroku Language Runtime Metrics: the JSON document Heroku's Node plugin posts to
// HEROKU_METRICS_URL, built here once for the whole dyno instead of once per process.
//   counters: GC collections and pause time, deltas since the previous post, summed over workers;
//   gauges:   event-loop utilisation, time-weighted over workers (total active / total elapsed
//             loop time, a 0..1 fraction under the plugin's `percent` name, as the plugin sends it);
//             delay median/p95/p99 over every worker's samples together; max = the largest sample.
import type { Interval } from './aggregate.ts';

export interface HerokuPayload {
  counters: {
    'node.gc.collections': number;
    'node.gc.pause.ns': number;
    'node.gc.old.collections': number;
    'node.gc.old.pause.ns': number;
    'node.gc.young.collections': number;
    'node.gc.young.pause.ns': number;
  };
  gauges: {
    'node.eventloop.usage.percent': number;
    'node.eventloop.delay.ms.median': number;
    'node.eventloop.delay.ms.p95': number;
    'node.eventloop.delay.ms.p99': number;
    'node.eventloop.delay.ms.max': number;
  };
}

const ms = (seconds: number | null) => (seconds === null ? 0 : seconds * 1000);

export function herokuPayload(i: Interval): HerokuPayload {
  const loopTime = i.loopActiveMs + i.loopIdleMs;
  return {
    counters: {
      'node.gc.collections': i.gcYoung + i.gcOld,
      'node.gc.pause.ns': Math.round(i.gcYoungNs + i.gcOldNs),
      'node.gc.old.collections': i.gcOld,
      'node.gc.old.pause.ns': Math.round(i.gcOldNs),
      'node.gc.young.collections': i.gcYoung,
      'node.gc.young.pause.ns': Math.round(i.gcYoungNs),
    },
    gauges: {
      'node.eventloop.usage.percent': loopTime > 0 ? i.loopActiveMs / loopTime : 0,
      'node.eventloop.delay.ms.median': ms(i.loopDelay.quantile(0.5)),
      'node.eventloop.delay.ms.p95': ms(i.loopDelay.quantile(0.95)),
      'node.eventloop.delay.ms.p99': ms(i.loopDelay.quantile(0.99)),
      'node.eventloop.delay.ms.max': i.loopDelayMaxMs,
    },
  };
}
