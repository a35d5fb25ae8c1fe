// What one worker tells the master about itself, riding on a heartbeat at most once a second.
// Counters are totals since the worker started (a lost or late message loses nothing: the next one
// carries the new totals); gauges are the state at the moment it was sent. Nothing per request.
import type { HistogramWire } from './histogram.ts';

export interface WorkerFigures {
  // ---- counters since the worker started
  /** Requests answered (by the app, by tsicorn's own checks, or shed). */
  requests: number;
  /** Requests answered 503 at once because they had waited longer than --max-queue-time. */
  shed: number;
  /** Milliseconds with at least one request in flight. */
  busyMs: number;
  /** Event-loop time spent running (active) and waiting for I/O (idle), ms, from eventLoopUtilization(). */
  loopActiveMs: number;
  loopIdleMs: number;
  /** Garbage collections, as Heroku's plugin splits them: minor (young) and everything else (old). */
  gcYoung: number;
  gcYoungNs: number;
  gcOld: number;
  gcOldNs: number;
  /** Router queue time (X-Request-Start) of the requests that carried one, seconds. */
  queue: HistogramWire;
  /** Event-loop delay samples (monitorEventLoopDelay, 10 ms resolution), seconds. */
  loopDelay: HistogramWire;
  // ---- gauges now
  inFlight: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  heapLimit: number;
  // ---- since the previous figures
  /** Event-loop utilisation 0..1. */
  loopUtilization: number;
  /** Longest event-loop delay sample, ms. */
  loopDelayMaxMs: number;
}
