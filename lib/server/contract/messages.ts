// The messages master and worker exchange over the IPC channel of child_process.fork. Signals from
// outside go to the master only; workers take every instruction from these messages.
import type { WorkerFigures } from '../../metrics/figures.ts';

/** Who the worker is and what it serves with: sent once, as the first message after the fork. */
export interface WorkerInit {
  /** Serial number of the worker (1, 2, ...), like Gunicorn's worker age. */
  age: number;
  /** Requests after which the worker asks to be retired (max-requests + its jitter); 0 = never. */
  maxRequests: number;
  /** Number of listening sockets inherited at fd 3, 4, ... (0 with reuseport or round-robin). */
  listenFds: number;
  /** The plain settings, as encodeSettings() wrote them (validated again on arrival). */
  settings: string;
}

/** Master -> worker. */
export type MasterMessage =
  | ({ t: 'init' } & WorkerInit)
  /** Stop. Graceful: finish in-flight requests for at most drainMs, then exit. Quick: exit at once.
   * handoffMs > 0 (a retirement while others serve on): spread keep-alive closes over that long. */
  | { t: 'stop'; graceful: boolean; drainMs: number; handoffMs: number }
  | { t: 'reopen-logs' }
  /** Round-robin distribution: a connection accepted by the master travels with this message. */
  | { t: 'conn' };

/** Worker -> master. */
export type WorkerMessage =
  /** The app is loaded and the worker accepts connections. */
  | { t: 'ready'; shape: string }
  /** The event loop is alive (every heartbeatIntervalMs); carries what the master judges health by. */
  | { t: 'heartbeat'; rss: number; requests: number; inFlight: number; figures?: WorkerFigures }
  /** The worker wants to be replaced (max-requests reached); it keeps serving until told to stop. */
  | { t: 'retire-me'; reason: string };

/** One row per message, for the README's message table. */
export const MESSAGE_TABLE: readonly [direction: string, message: string, meaning: string][] = [
  ['master -> worker', 'init', 'first message: worker age, request budget, inherited fds, settings'],
  [
    'master -> worker',
    'stop',
    'graceful (drain for up to drainMs, keep-alive closes spread over handoffMs) or quick',
  ],
  ['master -> worker', 'reopen-logs', 'USR1 reached the master: reopen log files'],
  ['master -> worker', 'conn', 'round-robin: an accepted socket rides along'],
  ['worker -> master', 'ready', 'the app is loaded and served'],
  [
    'worker -> master',
    'heartbeat',
    'the loop is alive: RSS, requests served, requests in flight; at most once a second the metrics figures',
  ],
  ['worker -> master', 'retire-me', 'max-requests reached: start my successor'],
];

const WORKER_TYPES = new Set(['ready', 'heartbeat', 'retire-me']);
const MASTER_TYPES = new Set(['init', 'stop', 'reopen-logs', 'conn']);

function typeOf(m: unknown): unknown {
  return typeof m === 'object' && m !== null ? (m as { t?: unknown }).t : undefined;
}

export function isWorkerMessage(m: unknown): m is WorkerMessage {
  return WORKER_TYPES.has(typeOf(m) as string);
}

export function isMasterMessage(m: unknown): m is MasterMessage {
  return MASTER_TYPES.has(typeOf(m) as string);
}
