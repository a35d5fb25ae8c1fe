// Run-time fit (pure): evaluated on every memory check with what the dyno uses now. When master
// and workers near the memory limit, retire the largest worker, one at a time and never below 1,
// instead of letting the dyno swap (R14) or the kernel kill a worker; when room returns, grow back
// toward the ceiling (the boot-time target). Counts the user chose are never touched.
//
// No flapping: a retire needs RETIRE_SAMPLES checks in a row above RETIRE_ABOVE of the limit (one
// spike is not enough); a grow needs GROW_SAMPLES checks in a row where one more worker of the
// median size would still stay under GROW_BELOW (well below RETIRE_ABOVE: the hysteresis), at least
// GROW_COOLDOWN_MS after the last change, and at most MAX_GROWS_PER_WINDOW grows per WINDOW_MS.
// Nothing is decided while a worker boots or stops (memory is in flux then).
import type { CountOrigin } from './origin.ts';

export const RETIRE_ABOVE = 0.9;
export const GROW_BELOW = 0.8;
export const RETIRE_SAMPLES = 2;
export const GROW_SAMPLES = 5;
export const GROW_COOLDOWN_MS = 60_000;
export const WINDOW_MS = 10 * 60_000;
export const MAX_GROWS_PER_WINDOW = 3;

export interface RunSample {
  now: number;
  limitMb: number | null;
  /** What the cgroup charges (usage minus inactive file cache), MB; null when unreadable. */
  usageMb: number | null;
  masterRssMb: number;
  /** Ready workers that count toward the target. */
  workers: ReadonlyArray<{ pid: number; rssMb: number }>;
  /** A worker is booting or stopping. */
  settling: boolean;
}

export interface RunFitState {
  highStreak: number;
  roomStreak: number;
  lastChangeAt: number | null;
  grows: number[];
  /** The "cannot act" note in force, so each episode is logged once. */
  noted: 'floor' | 'grows' | null;
}

export type RunAction =
  | { kind: 'none' }
  | { kind: 'retire'; pid: number; reason: string }
  | { kind: 'grow'; reason: string }
  /** Cannot act (at 1 worker, or too many grows lately): log once. */
  | { kind: 'note'; reason: string };

export const initialRunFit = (): RunFitState => ({
  highStreak: 0,
  roomStreak: 0,
  lastChangeAt: null,
  grows: [],
  noted: null,
});

const pct = (x: number) => `${Math.round(x * 100)} %`;
const mb = (n: number) => `${Math.round(n)} MB`;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** What the dyno uses: the cgroup's own count when readable (shared pages once), else the RSS sum. */
export function inUseMb(s: RunSample): { mb: number; what: string } {
  if (s.usageMb !== null) return { mb: s.usageMb, what: 'cgroup usage' };
  return { mb: s.masterRssMb + s.workers.reduce((a, w) => a + w.rssMb, 0), what: 'master + worker RSS' };
}

export interface RunTarget {
  /** The most workers to grow back to: the boot-time ceiling (the dyno table's number). */
  ceiling: number;
  /** Who chose the count: a user's count is obeyed, never retired or grown. */
  origin: CountOrigin;
}

export function runFit(
  state: RunFitState,
  s: RunSample,
  target: RunTarget,
): { state: RunFitState; action: RunAction } {
  const { ceiling } = target;
  if (target.origin.kind === 'user' || s.limitMb === null || s.workers.length === 0 || s.settling)
    return { state, action: { kind: 'none' } };
  const limit = s.limitMb;
  const used = inUseMb(s);
  const ratio = used.mb / limit;
  const count = s.workers.length;
  const next: RunFitState = { ...state, grows: state.grows.filter((t) => s.now - t < WINDOW_MS) };

  next.highStreak = ratio > RETIRE_ABOVE ? state.highStreak + 1 : 0;
  if (next.highStreak === 0 && next.noted === 'floor') next.noted = null;
  if (next.highStreak >= RETIRE_SAMPLES) {
    next.roomStreak = 0;
    if (count <= 1)
      return note(
        next,
        'floor',
        `Run-time fit: ${used.what} ${mb(used.mb)} is ${pct(ratio)} of the ${mb(limit)} limit with 1 worker left; not retiring below 1`,
      );
    const largest = [...s.workers].sort((a, b) => b.rssMb - a.rssMb || b.pid - a.pid)[0]!;
    next.highStreak = 0;
    next.lastChangeAt = s.now;
    next.noted = null;
    return {
      state: next,
      action: {
        kind: 'retire',
        pid: largest.pid,
        reason:
          `Run-time fit: ${used.what} ${mb(used.mb)} is ${pct(ratio)} of the ${mb(limit)} limit, above ` +
          `${pct(RETIRE_ABOVE)} for ${RETIRE_SAMPLES} checks; retiring the largest worker ${largest.pid} ` +
          `(${mb(largest.rssMb)} RSS): ${count} -> ${count - 1} workers`,
      },
    };
  }

  const per = median(s.workers.map((w) => w.rssMb));
  const projected = (used.mb + per) / limit;
  next.roomStreak = count < ceiling && projected < GROW_BELOW ? state.roomStreak + 1 : 0;
  if (next.roomStreak === 0 && next.noted === 'grows') next.noted = null;
  if (next.roomStreak < GROW_SAMPLES) return { state: next, action: { kind: 'none' } };
  if (next.lastChangeAt !== null && s.now - next.lastChangeAt < GROW_COOLDOWN_MS)
    return { state: next, action: { kind: 'none' } };
  if (next.grows.length >= MAX_GROWS_PER_WINDOW)
    return note(
      next,
      'grows',
      `Run-time fit: there is room for another worker, but ${MAX_GROWS_PER_WINDOW} were added in the last ${WINDOW_MS / 60_000} min; holding at ${count}`,
    );
  next.roomStreak = 0;
  next.lastChangeAt = s.now;
  next.grows = [...next.grows, s.now];
  next.noted = null;
  return {
    state: next,
    action: {
      kind: 'grow',
      reason:
        `Run-time fit: ${used.what} ${mb(used.mb)} of the ${mb(limit)} limit; one more worker of about ` +
        `${mb(per)} (median) keeps it at ${pct(projected)}, under ${pct(GROW_BELOW)} for ${GROW_SAMPLES} checks: ` +
        `${count} -> ${count + 1} workers (target ${ceiling})`,
    },
  };
}

function note(
  state: RunFitState,
  kind: 'floor' | 'grows',
  reason: string,
): { state: RunFitState; action: RunAction } {
  if (state.noted === kind) return { state, action: { kind: 'none' } };
  return { state: { ...state, noted: kind }, action: { kind: 'note', reason } };
}
