// The master's view of the whole dyno, built from the figures its workers send: the live workers
// one by one, totals that survive worker restarts (a retired worker's last totals are kept), the
// restarts by reason, and intervals (what happened since the previous sample line or Heroku post).
import type { WorkerFigures } from './figures.ts';
import { Histogram } from './histogram.ts';

export const RESTART_REASONS = ['crash', 'timeout', 'max-requests', 'memory', 'reload'] as const;
export type RestartReason = (typeof RESTART_REASONS)[number];

/** Counters summed over workers (live and gone). */
export interface Totals {
  requests: number;
  shed: number;
  busyMs: number;
  loopActiveMs: number;
  loopIdleMs: number;
  gcYoung: number;
  gcYoungNs: number;
  gcOld: number;
  gcOldNs: number;
  queue: Histogram;
  loopDelay: Histogram;
}

const COUNTERS = [
  'requests',
  'shed',
  'busyMs',
  'loopActiveMs',
  'loopIdleMs',
  'gcYoung',
  'gcYoungNs',
  'gcOld',
  'gcOldNs',
] as const;

function emptyTotals(): Totals {
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
    queue: new Histogram(),
    loopDelay: new Histogram(),
  };
}

function addFigures(into: Totals, f: WorkerFigures): void {
  for (const k of COUNTERS) into[k] += f[k];
  into.queue.addWire(f.queue);
  into.loopDelay.addWire(f.loopDelay);
}

export interface WorkerEntry {
  pid: number;
  /** Serial number of the worker (1, 2, ...), as in the logs. */
  age: number;
  ready: boolean;
  /** Requests in flight at its last heartbeat. */
  inFlight: number;
  rss: number;
  /** Its latest figures; null until the first arrives. */
  figures: WorkerFigures | null;
}

/** What happened between two moments, over all workers. */
export interface Interval {
  seconds: number;
  requests: number;
  shed: number;
  busyMs: number;
  loopActiveMs: number;
  loopIdleMs: number;
  gcYoung: number;
  gcYoungNs: number;
  gcOld: number;
  gcOldNs: number;
  queue: Histogram;
  loopDelay: Histogram;
  /** Longest event-loop delay sample any worker saw, ms (0 when none arrived). */
  loopDelayMaxMs: number;
  restarts: Record<RestartReason, number>;
}

/** A running interval: where it started, and the largest delay seen since. */
export interface IntervalWindow {
  startedAt: number;
  base: Totals;
  restartsBase: Record<RestartReason, number>;
  loopDelayMaxMs: number;
}

function zeroRestarts(): Record<RestartReason, number> {
  return { crash: 0, timeout: 0, 'max-requests': 0, memory: 0, reload: 0 };
}

export class DynoMetrics {
  private readonly live = new Map<number, WorkerEntry>();
  private readonly gone = emptyTotals();
  readonly restarts = zeroRestarts();
  private readonly windows = new Set<IntervalWindow>();

  workerStarted(pid: number, age: number): void {
    this.live.set(pid, { pid, age, ready: false, inFlight: 0, rss: 0, figures: null });
  }

  /** Ready to serve (added now if its start was not reported). */
  workerReady(pid: number, age: number): void {
    if (!this.live.has(pid)) this.workerStarted(pid, age);
    this.live.get(pid)!.ready = true;
  }

  /** A heartbeat: in-flight and RSS every time, full figures when it carries them. */
  heartbeat(pid: number, inFlight: number, rss: number, figures?: WorkerFigures): void {
    const w = this.live.get(pid);
    if (!w) return;
    w.inFlight = inFlight;
    w.rss = rss;
    if (!figures) return;
    w.figures = figures;
    for (const win of this.windows)
      if (figures.loopDelayMaxMs > win.loopDelayMaxMs) win.loopDelayMaxMs = figures.loopDelayMaxMs;
  }

  /** The worker is gone; its last totals stay in the dyno's. A reason counts it as a restart. */
  workerExited(pid: number, reason: RestartReason | null): void {
    const w = this.live.get(pid);
    if (!w) return;
    this.live.delete(pid);
    if (w.figures) addFigures(this.gone, w.figures);
    if (reason) this.restarts[reason]++;
  }

  /** Live workers, oldest first. */
  workers(): WorkerEntry[] {
    return [...this.live.values()].sort((a, b) => a.age - b.age);
  }

  readyWorkers(): number {
    let n = 0;
    for (const w of this.live.values()) if (w.ready) n++;
    return n;
  }

  /** Ready workers with at least one request in flight at their last heartbeat. */
  busyWorkers(): number {
    let n = 0;
    for (const w of this.live.values()) if (w.ready && w.inFlight > 0) n++;
    return n;
  }

  inFlight(): number {
    let n = 0;
    for (const w of this.live.values()) n += w.inFlight;
    return n;
  }

  /** Totals since the master started, over every worker it ever ran. */
  totals(): Totals {
    const t = emptyTotals();
    for (const k of COUNTERS) t[k] = this.gone[k];
    t.queue.add(this.gone.queue);
    t.loopDelay.add(this.gone.loopDelay);
    for (const w of this.live.values()) if (w.figures) addFigures(t, w.figures);
    return t;
  }

  /** Start an interval now (see closeWindow). */
  openWindow(now = Date.now()): IntervalWindow {
    const win: IntervalWindow = {
      startedAt: now,
      base: this.totals(),
      restartsBase: { ...this.restarts },
      loopDelayMaxMs: 0,
    };
    this.windows.add(win);
    return win;
  }

  /** What happened since the window opened (or was last closed); the window then starts again. */
  closeWindow(win: IntervalWindow, now = Date.now()): Interval {
    const t = this.totals();
    const b = win.base;
    const restarts = zeroRestarts();
    for (const r of Object.keys(restarts) as RestartReason[])
      restarts[r] = this.restarts[r] - win.restartsBase[r];
    const out: Interval = {
      seconds: Math.max(0, (now - win.startedAt) / 1000),
      requests: Math.max(0, t.requests - b.requests),
      shed: Math.max(0, t.shed - b.shed),
      busyMs: Math.max(0, t.busyMs - b.busyMs),
      loopActiveMs: Math.max(0, t.loopActiveMs - b.loopActiveMs),
      loopIdleMs: Math.max(0, t.loopIdleMs - b.loopIdleMs),
      gcYoung: Math.max(0, t.gcYoung - b.gcYoung),
      gcYoungNs: Math.max(0, t.gcYoungNs - b.gcYoungNs),
      gcOld: Math.max(0, t.gcOld - b.gcOld),
      gcOldNs: Math.max(0, t.gcOldNs - b.gcOldNs),
      queue: t.queue.minus(b.queue),
      loopDelay: t.loopDelay.minus(b.loopDelay),
      loopDelayMaxMs: win.loopDelayMaxMs,
      restarts,
    };
    win.startedAt = now;
    win.base = t;
    win.restartsBase = { ...this.restarts };
    win.loopDelayMaxMs = 0;
    return out;
  }

  dropWindow(win: IntervalWindow): void {
    this.windows.delete(win);
  }
}

/** What the master knows about a worker when it exits. */
export interface ExitFacts {
  /** The master is shutting down: no exit then is a restart. */
  shuttingDown: boolean;
  /** The master asked it to stop (graceful replacement or scale-down). */
  expected: boolean;
  /** Killed by the master (missed heartbeats, boot deadline, or a stop that overran its budget). */
  timedOut: boolean;
  /** Why it was being replaced, as the master logged it (`reload`, `max-requests (N)`, `max-worker-memory`). */
  retiring: string | null;
  /** Killed by the kernel's OOM killer (the dyno cgroup's OOM-kill count rose): a memory restart. */
  oomKilled?: boolean;
}

/**
 * The restart reason an exit counts under, or null when it is no restart (shutdown, scale-down).
 * A worker the master was replacing counts under the replacement's reason even if it had to be
 * killed for overrunning its stop; one killed while serving counts as a timeout.
 */
export function restartReason(f: ExitFacts): RestartReason | null {
  if (f.shuttingDown) return null;
  if (f.expected) {
    const why = f.retiring ?? '';
    if (why.includes('reload')) return 'reload';
    if (why.startsWith('max-requests')) return 'max-requests';
    if (why.includes('memory')) return 'memory';
    return null;
  }
  if (f.oomKilled) return 'memory';
  return f.timedOut ? 'timeout' : 'crash';
}

/** Everything the renderers read at one moment. */
export interface DynoReport {
  workers: WorkerEntry[];
  readyWorkers: number;
  busyWorkers: number;
  inFlight: number;
  totals: Totals;
  restarts: Record<RestartReason, number>;
  masterPid: number;
  masterRss: number;
  /** The dyno's memory limit (cgroup), when known. */
  memoryLimitBytes: number | null;
}

export function dynoReport(
  m: DynoMetrics,
  master: { pid: number; rss: number; memoryLimitBytes: number | null },
): DynoReport {
  return {
    workers: m.workers(),
    readyWorkers: m.readyWorkers(),
    busyWorkers: m.busyWorkers(),
    inFlight: m.inFlight(),
    totals: m.totals(),
    restarts: { ...m.restarts },
    masterPid: master.pid,
    masterRss: master.rss,
    memoryLimitBytes: master.memoryLimitBytes,
  };
}
