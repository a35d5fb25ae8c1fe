// The small, explicit message protocol between the master (arbiter) and its workers,
// carried over the IPC channel of child_process.fork. Signals from outside go to the
// master only; workers take every instruction from these messages.

/** Worker -> master. */
export type WorkerMessage =
  /** The app is loaded and the worker accepts connections. */
  | { t: 'ready'; shape: string }
  /** The event loop is alive. Sent every second; carries what the master needs to judge health. */
  | { t: 'heartbeat'; rss: number; requests: number; inFlight: number }
  /** The worker wants to be replaced (max-requests reached); it keeps serving until told to stop. */
  | { t: 'retire-me'; reason: string };

/** Master -> worker. */
export type MasterMessage =
  /** Stop: graceful finishes in-flight requests within timeoutMs; quick exits at once. */
  | { t: 'stop'; graceful: boolean; timeoutMs: number }
  | { t: 'reopen-logs' }
  /** Round-robin distribution: a connection accepted by the master travels with this message. */
  | { t: 'conn' };

/** Signals the master acts on. Workers ignore them (a TERM to the whole process group must give
 * one orderly stop, driven by the master), except SIGUSR1, which Node reserves for opening the
 * inspector: the master uses it to capture a hung worker's stack. */
export const MASTER_SIGNALS: readonly NodeJS.Signals[] = [
  'SIGTERM',
  'SIGINT',
  'SIGQUIT',
  'SIGHUP',
  'SIGTTIN',
  'SIGTTOU',
  'SIGUSR1',
  'SIGUSR2',
  'SIGWINCH',
];

/** Exit code of a worker whose app could not be loaded (Gunicorn's WORKER_BOOT_ERROR). */
export const EXIT_BOOT_ERROR = 3;

/** Environment variables of the master -> worker contract. */
export const ENV = {
  role: 'TSICORN_ROLE',
  /** JSON of the Settings the worker serves with. */
  settings: 'TSICORN_SETTINGS',
  /** Number of listening sockets inherited at fd 3, 4, ... */
  listenFds: 'TSICORN_LISTEN_FDS',
  /** Serial number of the worker (1, 2, ...), like Gunicorn's worker age. */
  age: 'TSICORN_WORKER_AGE',
  /** Requests after which the worker asks to be retired (max-requests + its jitter); 0 = never. */
  maxRequests: 'TSICORN_WORKER_MAX_REQUESTS',
  /** Set by a master that re-executes itself on USR2: the listening fds it passes on. */
  inheritedFds: 'TSICORN_FDS',
} as const;

export function isWorkerMessage(m: unknown): m is WorkerMessage {
  return typeof m === 'object' && m !== null && typeof (m as { t?: unknown }).t === 'string';
}
