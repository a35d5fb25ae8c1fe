// An app that ends its own process while it loads (`if (!process.env.SECRET) process.exit(1)`, a
// config schema that fails, `connect().catch(() => process.exit(1))`) has failed to boot, as one
// that throws at import has. Left alone, that exit looked like a crash to the master, which started
// the next worker, and the next, with growing delays: the app's error over and over, the port
// bound and nothing served. While the app loads, its process.exit() is therefore reported as a
// failed boot and the process ends with the boot-error code instead (the master then stops, as for
// any app that cannot be loaded). Once the app is served, process.exit() is the app's own again.

const nodeExit = process.exit;

/** Node's own process.exit, for tsicorn's own exits while the guard is in place. */
export function exitProcess(code?: number): never {
  return nodeExit.call(process, code);
}

/**
 * Until the returned function is called, the app's process.exit(code) calls `report(code)` and
 * ends the process with `exitWith`.
 */
export function guardExitWhileLoading(report: (code: number | string) => void, exitWith: number): () => void {
  const guarded = function exit(code?: number | string | null): never {
    report(code ?? process.exitCode ?? 0);
    return exitProcess(exitWith);
  } as typeof process.exit;
  process.exit = guarded;
  return () => {
    if (process.exit === guarded) process.exit = nodeExit;
  };
}
