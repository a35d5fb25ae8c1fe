// USR2, the binary upgrade: start a new master of the same command line that inherits the
// listening sockets at fd 3, 4, ... (named in TSICORN_FDS), so no connection is refused while
// both run. The old master moves its pid file aside (.oldbin) and keeps serving until TERM.
import { spawn } from 'node:child_process';
import { ENV } from './contract/roles.ts';
import { childEnv, type Launch } from './launch.ts';
import type { Listener } from './listeners.ts';
import { moveAsideForUpgrade } from './pidfile.ts';

/** Returns the new master's pid. */
export function startNewMaster(
  launch: Launch,
  listeners: Listener[],
  pidfile: string | null,
): number | undefined {
  const fds = listeners.map((l) => l.fd);
  const env = childEnv(launch.env, { [ENV.inheritedFds]: fds.map((_, i) => String(3 + i)).join(',') });
  if (pidfile) moveAsideForUpgrade(pidfile);
  const child = spawn(launch.execPath, [...launch.execArgv, launch.entry, ...launch.argv], {
    env,
    stdio: ['inherit', 'inherit', 'inherit', ...fds],
    cwd: launch.cwd,
  });
  child.unref();
  return child.pid;
}
