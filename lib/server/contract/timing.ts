// Every interval and deadline master and worker must agree on, derived in one place.

/** Heartbeats come at least four times per --timeout, so a short timeout never fires on a healthy
 * worker; at most one a second, at least every 50 ms. Both sides use it: the worker to beat, the
 * master (through --timeout) to judge. */
export function heartbeatIntervalMs(timeoutSeconds: number): number {
  if (timeoutSeconds <= 0) return 1000;
  return Math.min(1000, Math.max(50, Math.floor((timeoutSeconds * 1000) / 4)));
}

/** Heroku sends SIGKILL 30 s after SIGTERM; 25 s leaves the master time to kill stragglers, log
 * their requests, remove the pid file and exit 0. The graceful-timeout default when DYNO is set. */
export const DYNO_GRACEFUL_TIMEOUT = 25;

/** Heroku's router (Router 2.0) reuses an idle connection to a dyno for up to 90 s. A server that
 * closes one sooner races it: the request the router sends on it fails (H18/H13), and a POST cannot
 * be retried. Heroku's own buildpacks set 95 s for Puma, Gunicorn, Apache and Nginx. The keep-alive
 * default when DYNO is set. */
export const DYNO_KEEPALIVE = 95;

/** A worker retired while others serve on (reload, max-requests, memory, scale-down) hands its
 * keep-alive connections over gradually: each gets `Connection: close` on its first answer after
 * its own random moment in this window, so a successor that is still cold takes the load over about
 * a second instead of all at once. Measured before: every connection moving at once cost a
 * 1-worker reload a 59-71 % dip in requests/s over the deepest 500 ms. A shutdown closes at once. */
const HANDOFF_MS = 1000;

/** The hand-over window for a drain of `drainMs`: at most a third of it, so the requests of the
 * last connections to move still have time to finish. */
export function handoffMs(drainMs: number): number {
  return Math.min(HANDOFF_MS, Math.floor(drainMs / 3));
}

/** A quick stop (INT, QUIT) still gives workers this long to exit before they are killed. */
const QUICK_STOP_MS = 2000;
/** The worker stops draining this long before its deadline, to log what it abandons and exit. */
const WORKER_MARGIN_MS = 500;
/** The master kills a worker this long after the worker's own deadline. */
const KILL_AFTER_MS = 1000;
/** The master exits this long after the deadline even if a killed worker was never reaped. */
const EXIT_AFTER_MS = 2000;

/** Times, in ms from the moment a stop starts (T = the graceful timeout, or the quick-stop time). */
export interface ShutdownBudget {
  /** What `--graceful-timeout` (or the quick stop) allows: T. */
  timeoutMs: number;
  /** The worker finishes in-flight requests until T - 0.5 s, then abandons the rest and exits. */
  workerDrainMs: number;
  /** The master SIGKILLs a worker still alive at T + 1 s. */
  killAfterMs: number;
  /** The master exits at T + 2 s whatever is left. */
  exitAfterMs: number;
}

export function shutdownBudget(gracefulTimeoutSeconds: number, graceful = true): ShutdownBudget {
  const t = graceful ? gracefulTimeoutSeconds * 1000 : QUICK_STOP_MS;
  return {
    timeoutMs: t,
    workerDrainMs: Math.max(0, t - WORKER_MARGIN_MS),
    killAfterMs: t + KILL_AFTER_MS,
    exitAfterMs: t + EXIT_AFTER_MS,
  };
}
