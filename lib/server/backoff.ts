// When to start the next worker after crashes (pure). A single crash is replaced at once;
// a crash loop backs off exponentially so a broken app never eats the CPU.

/** A worker that served at least this long before dying does not extend a crash streak. */
export const STABLE_AFTER_MS = 10_000;
export const MAX_BACKOFF_MS = 30_000;

/**
 * A crash streak is what a broken app looks like: workers that die before they could serve
 * anything. A worker that answered requests (or lived 10 s) before it died ends the streak: it was
 * killed from outside (kill -9, the kernel's OOM killer) or a request crashed it, and waiting to
 * replace it would only take capacity away while the other workers carry the load. Replacing it
 * at once cannot storm: a replacement must boot and serve before it can die again.
 */
export function nextCrashStreak(previousStreak: number, livedMs: number | null, served = 0): number {
  return served > 0 || (livedMs !== null && livedMs >= STABLE_AFTER_MS) ? 1 : previousStreak + 1;
}

/** Delay before the next spawn after `streak` quick crashes in a row: 0, 0.25, 0.5, 1, 2 ... 30 s. */
export function respawnDelayMs(streak: number): number {
  if (streak <= 1) return 0;
  return Math.min(250 * 2 ** (streak - 2), MAX_BACKOFF_MS);
}

/** Requests after which a worker retires: max-requests plus a per-worker random jitter, as Gunicorn. */
export function requestBudget(
  maxRequests: number,
  jitter: number,
  random: () => number = Math.random,
): number {
  if (maxRequests <= 0) return 0;
  return maxRequests + (jitter > 0 ? Math.floor(random() * (jitter + 1)) : 0);
}
