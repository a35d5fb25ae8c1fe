// How the one bundle tells its processes apart, and the environment variables that cross between
// them. Nothing else in the code spells these names.

/** TSICORN_ROLE: unset = the CLI (which runs the master); otherwise one of ROLES. */
export const ROLE_ENV = 'TSICORN_ROLE';
export const ROLES = {
  /** A worker serving the app on the master's sockets (lib/server/worker.ts). */
  worker: 'worker',
  /** Load the app once and report, for --check-config (lib/app/check.ts). */
  checkApp: 'check-app',
} as const;
export type Role = (typeof ROLES)[keyof typeof ROLES];

export const ENV = {
  /** The check-app process's settings (encodeSettings): it has no IPC channel. */
  checkSettings: 'TSICORN_CHECK_SETTINGS',
  /** Set by a master that starts its successor on USR2: the listening fds it passes on (3,4,...). */
  inheritedFds: 'TSICORN_FDS',
} as const;

/** The role this process was started in, from its environment. */
export function roleOf(env: Record<string, string | undefined>): Role | null {
  const r = env[ROLE_ENV];
  return r === ROLES.worker || r === ROLES.checkApp ? r : null;
}

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
