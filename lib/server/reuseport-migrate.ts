// Whether a worker that retires under --distribution reuseport can close its own listening socket
// without resetting connections. Each worker owns one SO_REUSEPORT socket; when it closes it,
// Linux resets the connections that were queued on it but not yet accepted, unless
// net.ipv4.tcp_migrate_req is 1 (Linux 5.14+), which moves them to another socket of the group.
// Measured here (2 workers, wrk Connection: close, 3 HUPs): 26 and 33 reset requests with 0, none
// in two runs with 1. `shared` has no such loss: the socket outlives every worker.
import { readFileSync } from 'node:fs';

export const MIGRATE_SYSCTL = '/proc/sys/net/ipv4/tcp_migrate_req';

/** The warning to log at start, or null when queued connections migrate. `value`: the sysctl's content, null if unreadable. */
export function migrateWarning(value: string | null): string | null {
  if (value?.trim() === '1') return null;
  const state =
    value === null
      ? 'net.ipv4.tcp_migrate_req is not available (Linux before 5.14?)'
      : 'net.ipv4.tcp_migrate_req is 0';
  return (
    `${state}: with --distribution reuseport, a worker that retires (HUP, TTOU, max-requests, ` +
    'memory) resets the connections still queued on its socket; set it to 1 (sysctl -w ' +
    'net.ipv4.tcp_migrate_req=1) or use --distribution shared'
  );
}

/** I/O edge: the sysctl's content, or null where it does not exist. */
export function readMigrateSysctl(path = MIGRATE_SYSCTL): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
