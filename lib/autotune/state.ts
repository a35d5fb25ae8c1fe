// What the autotuner sees (TuneFacts, built by the master) and what it remembers between events
// (TuneState: the master stores it when the policy hands it back, and returns it in the next facts).
import type { DynoMemory } from './boot-fit.ts';
import type { CountOrigin } from './origin.ts';
import { initialRunFit, type RunFitState } from './run-fit.ts';
import type { WorkerLimits } from './share.ts';

export interface TuneState {
  /** Boot-time fit: waiting for the first ready worker's figures, or done. */
  bootFit: 'pending' | 'done';
  /** The master's RSS (MB) when the count was fitted: the formulas use it from then on. */
  masterMb: number | null;
  /** What the first worker cost once ready (MB): it floors the heap limit and guards the default
   * --max-worker-memory (a threshold below what a worker needs to boot would replace every worker). */
  bootRssMb: number | null;
  bootHeapUsedMb: number | null;
  /** The first worker, started with the heap limit for one worker while the count was not known:
   * replaced (successor first) once every worker is ready, when the count is more than one. */
  canaryPid: number | null;
  /** Its successor was started (a second attempt is not made). */
  canarySwapped: boolean;
  run: RunFitState;
  /** When the cgroup usage sample the run-time fit last looked at was read. */
  lastSampleAt: number;
  /** The heap / --max-worker-memory line last logged (logged again only when it changes). */
  loggedLimits: string | null;
  /** The last DECISIONS_KEPT decisions, for `tsicorn doctor`. */
  decisions: ReadonlyArray<{ at: number; text: string }>;
}

export const DECISIONS_KEPT = 20;

export const initialTuneState = (): TuneState => ({
  bootFit: 'pending',
  masterMb: null,
  bootRssMb: null,
  bootHeapUsedMb: null,
  canaryPid: null,
  canarySwapped: false,
  run: initialRunFit(),
  lastSampleAt: 0,
  loggedLimits: null,
  decisions: [],
});

export interface TuneFacts {
  origin: CountOrigin;
  dyno: DynoMemory;
  /** Cgroup usage minus inactive file cache (MB; null when unreadable) and when it was read. */
  usage: { inUseMb: number | null; at: number } | null;
  /** What workers started now get: heap limit and --max-worker-memory, with the reasons. */
  limits: WorkerLimits;
  state: TuneState;
}
