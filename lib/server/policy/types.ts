// What a policy sees and what it may ask for. Policies are pure functions: facts and the event
// that just happened in, actions out (each with a reason the arbiter logs). The arbiter applies
// the actions through the pool, then evaluates the next policy on fresh facts.
import type { TuneFacts, TuneState } from '../../autotune/state.ts';
import type { LogLevel, Settings } from '../../config/types.ts';
import type { DynoLimit } from '../memory.ts';

export interface WorkerFacts {
  pid: number;
  /** Serial number, 1, 2, ... (Gunicorn's worker age): higher is younger. */
  age: number;
  /** The reload generation the worker was forked in: its code was loaded after that many HUPs. */
  generation: number;
  state: 'booting' | 'ready' | 'stopping';
  spawnedAt: number;
  readyAt: number | null;
  lastBeat: number;
  /** From the last heartbeat: bytes of RSS, requests served, requests in flight. */
  rss: number;
  requests: number;
  inFlight: number;
  /** Bytes of V8 heap in use, from the last heartbeat that carried figures (0 until then). */
  heapUsed: number;
  /** The --max-heap-size (MB) the master started it with; null: V8's default or the user's own. */
  heapLimitMb: number | null;
  /** Why a successor is booting to take this worker's place (it serves until then), else null. */
  retiring: string | null;
  /** The pid this worker was started to replace, until it is ready. */
  replaces: number | null;
  /** A kill is under way (hang, boot timeout, missed stop deadline). */
  aborting: boolean;
  /** When a stopping worker is killed. */
  stopDeadline: number | null;
}

export interface Facts {
  now: number;
  phase: 'booting' | 'running';
  /** How many workers the master keeps (-w, TTIN/TTOU, or a policy's set-target). */
  target: number;
  settings: Pick<Settings, 'timeout' | 'bootTimeout' | 'maxWorkerMemory' | 'preloadApp'>;
  /** Every worker not yet exited. */
  workers: readonly WorkerFacts[];
  /** Forks asked for and not started yet. */
  pendingSpawns: number;
  /** A worker has loaded the app at least once (until then only one boots). */
  everReady: boolean;
  /** The "All N worker(s) ready" line was logged. */
  allReadyAnnounced: boolean;
  /** HUPs so far: workers of an older generation run code loaded before the last HUP. */
  generation: number;
  /** The last generation whose reload completed or was abandoned. */
  settledGeneration: number;
  crash: { streak: number; notBefore: number };
  memory: { masterRss: number; limit: DynoLimit };
  /** When each keyed `say` was last logged: for once-only reports and throttled warnings. */
  said: Readonly<Record<string, number>>;
  /** The autotuner's view: who chose the count, the dyno's memory, cgroup usage, its own memory. */
  tune: TuneFacts;
}

/** A worker's end, as the exit event's policies see it. */
export interface ExitFacts {
  pid: number;
  generation: number;
  wasReady: boolean;
  /** The master had told it to stop. */
  expected: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** How long it served (null: never ready). */
  livedMs: number | null;
  /** Requests it had answered, as of its last heartbeat (it sends one at its first answer). */
  served: number;
  /** How its end reads in the log: "exited with code 7", "was killed by signal SIGKILL". */
  how: string;
}

export type PolicyEvent =
  | { type: 'tick' }
  | { type: 'ready'; pid: number }
  | { type: 'heartbeat'; pid: number }
  | { type: 'exit'; worker: ExitFacts }
  | { type: 'reload' }
  | { type: 'target-changed' };

export type Action =
  /** Fork a new worker. */
  | { do: 'spawn'; reason: string }
  /** Fork a successor first; retire `pid` once it is ready (nothing stops serving meanwhile). */
  | { do: 'replace'; pid: number; reason: string }
  /** Stop `pid` gracefully now. */
  | { do: 'retire'; pid: number; reason: string }
  /** SIGKILL `pid`; `reason` is the whole log line. */
  | { do: 'kill'; pid: number; level: LogLevel; reason: string }
  /** A hung worker: log why, capture its stack, run worker_abort, SIGKILL it. */
  | { do: 'abort'; pid: number; reason: string }
  /** Change the target worker count (TTIN/TTOU do this too; nworkers_changed runs). */
  | { do: 'set-target'; workers: number; reason: string }
  /** After a crash: the streak of quick failures and when the next fork may happen. */
  | { do: 'backoff'; streak: number; notBefore: number; reason: string }
  /** The reload to the current generation is over. */
  | { do: 'settle-reload'; outcome: 'complete' | 'abandoned'; reason: string }
  /** Log a line; with `key`, remember when (see Facts.said). */
  | { do: 'say'; level: LogLevel; text: string; key?: string }
  /** What the autotuner remembers until the next event (read back as Facts.tune.state). */
  | { do: 'tune'; state: TuneState };

export type Policy = (facts: Facts, event: PolicyEvent) => Action[];
