// USR2, the binary upgrade: start a new master of the same command line that inherits the
// listening sockets at fd 3, 4, ... (named in TSICORN_FDS), so no connection is refused while
// both run. The old master moves its pid file aside (.oldbin) and keeps serving until TERM.
import { spawn } from 'node:child_process';
import type { Listener } from './listeners.ts';
import { moveAsideForUpgrade } from './pidfile.ts';
import { ENV } from './protocol.ts';

/** Returns the new master's pid. */
export function startNewMaster(
  bundle: string,
  listeners: Listener[],
  pidfile: string | null,
): number | undefined {
  const fds = listeners.map((l) => l.fd);
  const env = { ...process.env, [ENV.inheritedFds]: fds.map((_, i) => String(3 + i)).join(',') };
  if (pidfile) moveAsideForUpgrade(pidfile);
  const child = spawn(process.execPath, [...process.execArgv, bundle, ...process.argv.slice(2)], {
    env,
    stdio: ['inherit', 'inherit', 'inherit', ...fds],
    cwd: process.cwd(),
  });
  child.unref();
  return child.pid;
}
