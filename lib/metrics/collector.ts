// The worker's side of metrics: a few counters the HTTP layer bumps per request, and everything
// else read from the runtime only when the heartbeat asks for figures (event-loop delay and
// utilisation, GC, heap, RSS). The event-loop-delay sampler and the GC observer run only when a
// metrics output will report them (loopAndGcWanted): the sampler is a 10 ms timer, 2.4 ms of an
// idle worker's 3.0 ms of CPU per second, and nothing but the metrics outputs reads either.
// Per request: two integer updates, at most two performance.now() calls when the worker turns busy
// or idle, and one histogram bucket increment when the request carries X-Request-Start. No
// allocation, no message.

import { createRequire } from 'node:module';
import {
  constants,
  type EventLoopUtilization,
  type IntervalHistogram,
  monitorEventLoopDelay,
  PerformanceObserver,
} from 'node:perf_hooks';
import { performance } from '../clock.ts';
import type { WorkerFigures } from './figures.ts';
import { herokuTarget } from './heroku.ts';
import { addNative, Histogram } from './histogram.ts';

/** node:v8 is loaded at the first heartbeat with figures, after the worker is ready, not on its
 * way to ready (2-3 ms of a worker's start). */
let v8: typeof import('node:v8') | undefined;
function heapStatistics() {
  v8 ??= createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  return v8.getHeapStatistics();
}

/** What the HTTP layer calls per request. */
export interface RequestMeter {
  /** A request arrived; queueMs is its router queue time, null without X-Request-Start. `now` is
   * performance.now() when the caller read it already (one clock read per request saved). */
  start(queueMs: number | null, now?: number): void;
  /** It was answered 503 without running the app (waited longer than --max-queue-time). */
  shed(): void;
  /** It ended (answered or aborted); exactly once per start. */
  done(): void;
}

/** Does any metrics output report event-loop delay and GC: the sample# line (--metrics-interval),
 * the Prometheus endpoint (--metrics-bind) or Heroku's runtime metrics (posted by the master when
 * herokuTarget() finds a usable HEROKU_METRICS_URL, the same rule it follows). Pure. */
export function loopAndGcWanted(
  settings: { metricsInterval: number; metricsBind: string | null },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return settings.metricsInterval > 0 || settings.metricsBind !== null || 'url' in herokuTarget(env);
}

/** monitorEventLoopDelay's sampling period (Node's default, as Heroku's plugin and prom-client use). */
const LOOP_DELAY_RESOLUTION_MS = 10;

export class WorkerCollector implements RequestMeter {
  requests = 0;
  inFlight = 0;
  private shedCount = 0;
  private busyMs = 0;
  private busySince = 0;
  private readonly queue = new Histogram();
  private readonly loopDelay = new Histogram();
  /** Null when no output reports loop delay and GC (see loopAndGcWanted). */
  private readonly delayMonitor: IntervalHistogram | null = null;
  private lastLoop: EventLoopUtilization;
  private gcYoung = 0;
  private gcYoungNs = 0;
  private gcOld = 0;
  private gcOldNs = 0;
  private readonly gcObserver: PerformanceObserver | null = null;

  constructor(opts: { loopAndGc: boolean }) {
    this.lastLoop = performance.eventLoopUtilization();
    if (!opts.loopAndGc) return;
    this.delayMonitor = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
    this.delayMonitor.enable();
    this.gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const kind = (e as { detail?: { kind?: number } }).detail?.kind;
        const ns = e.duration * 1e6;
        if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
          this.gcYoung++;
          this.gcYoungNs += ns;
        } else {
          this.gcOld++;
          this.gcOldNs += ns;
        }
      }
    });
    this.gcObserver.observe({ entryTypes: ['gc'] });
  }

  start(queueMs: number | null, now?: number): void {
    if (this.inFlight++ === 0) this.busySince = now ?? performance.now();
    if (queueMs !== null) this.queue.observe(queueMs / 1000);
  }

  shed(): void {
    this.shedCount++;
  }

  done(): void {
    this.requests++;
    if (--this.inFlight === 0) this.busyMs += performance.now() - this.busySince;
  }

  /** Everything the master wants, read now. Resets the per-window parts (delay max, utilisation). */
  figures(): WorkerFigures {
    const loop = performance.eventLoopUtilization();
    const window = performance.eventLoopUtilization(loop, this.lastLoop);
    this.lastLoop = loop;
    const monitor = this.delayMonitor;
    const delayMaxMs = monitor && monitor.count > 0 ? monitor.max / 1e6 : 0;
    if (monitor) {
      addNative(this.loopDelay, monitor);
      monitor.reset();
    }
    const heap = heapStatistics();
    return {
      requests: this.requests,
      shed: this.shedCount,
      busyMs: this.busyMs + (this.inFlight > 0 ? performance.now() - this.busySince : 0),
      loopActiveMs: loop.active,
      loopIdleMs: loop.idle,
      gcYoung: this.gcYoung,
      gcYoungNs: this.gcYoungNs,
      gcOld: this.gcOld,
      gcOldNs: this.gcOldNs,
      queue: this.queue.toWire(),
      loopDelay: this.loopDelay.toWire(),
      inFlight: this.inFlight,
      rss: process.memoryUsage.rss(),
      heapUsed: heap.used_heap_size,
      heapTotal: heap.total_heap_size,
      heapLimit: heap.heap_size_limit,
      loopUtilization: window.utilization,
      loopDelayMaxMs: delayMaxMs,
    };
  }

  close(): void {
    this.delayMonitor?.disable();
    this.gcObserver?.disconnect();
  }
}
