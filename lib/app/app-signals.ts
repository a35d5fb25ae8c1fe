// Signal handlers an app installs (`process.on('SIGTERM', ...)`, Nest's enableShutdownHooks(),
// Heroku's getting-started `server.close(() => process.exit(0))`) are its shutdown hooks. In a
// worker they must not run when the signal arrives: a TERM sent to the whole process group
// (Heroku, docker stop) reaches every worker at once, and a handler that exits would drop the
// requests in flight; a TERM sent to the master alone would never run them at all. So in a worker
// real signals never reach the app's handlers. Instead, once the worker has drained (whatever
// stopped it), the handlers run once, and the worker then ends as a Node process would after its
// signal handlers: when the app calls process.exit(), or when nothing is left to do, or at the
// end of the graceful timeout.
//
// How: Node delivers a signal by calling process.emit(signal, signal, signum) through a wrapper
// it creates when the first listener for that signal is added, bound to process.emit as it is
// then. deferAppSignals() replaces process.emit before any signal listener exists, so every
// signal wrapper goes through it, and real signals (that exact call shape) are swallowed. An
// explicit process.emit('SIGTERM') by the app still runs its handlers, as under Node.
import { constants } from 'node:os';
import type { Logger } from '../log/types.ts';

type Emit = typeof process.emit;
let swallowed: Set<string> | null = null;
/** Listeners tsicorn itself added (they only keep Node from the signal's default action). */
const own = new Set<(...a: unknown[]) => void>();

/**
 * Call before anything adds a signal listener in this process. `signals` are ignored by the
 * process (the master drives every stop) and never reach the app's handlers as real signals.
 */
export function deferAppSignals(signals: readonly NodeJS.Signals[]): void {
  if (swallowed) {
    for (const s of signals) swallowed.add(s);
  } else {
    swallowed = new Set(signals);
    const realEmit: Emit = process.emit;
    const set = swallowed;
    process.emit = function emit(this: NodeJS.Process, event: unknown, ...args: unknown[]) {
      // Node's signal wrapper calls emit(name, name, signum); nothing else passes that shape.
      if (typeof event === 'string' && set.has(event) && args[0] === event && typeof args[1] === 'number')
        return true;
      return (realEmit as (...a: unknown[]) => boolean).call(this, event, ...args);
    } as Emit;
  }
  for (const s of signals) {
    const keep = () => {};
    own.add(keep);
    process.on(s, keep);
  }
}

/** The app's own listeners for `sig` (once-wrappers included), without tsicorn's. */
export function appSignalHandlers(sig: NodeJS.Signals): Array<(...a: unknown[]) => unknown> {
  return (process.rawListeners(sig) as Array<(...a: unknown[]) => unknown>).filter(
    (fn) => !own.has(fn as () => void) && !own.has((fn as { listener?: () => void }).listener as () => void),
  );
}

/** The signal whose handlers stand for this stop: TERM for a graceful one, INT for a quick one, else the other. */
export function shutdownSignal(graceful: boolean): NodeJS.Signals | null {
  const [first, second]: NodeJS.Signals[] = graceful ? ['SIGTERM', 'SIGINT'] : ['SIGINT', 'SIGTERM'];
  if (appSignalHandlers(first).length) return first;
  if (appSignalHandlers(second).length) return second;
  return null;
}

export interface WorkerEnd {
  graceful: boolean;
  /** Exit code when the app does not choose one (1 when requests were abandoned). */
  code: number;
  /** Date.now() by which the worker must be gone. */
  deadline: number;
  log: Logger;
  /** Named in the log lines. */
  pid: number;
}

/**
 * End the worker, which has drained and released its sockets. Without app handlers it exits now;
 * with them, they run once, and the process ends when they call process.exit(), when nothing is
 * left to do (the IPC channel no longer holds the process), or at the deadline.
 */
export function endWorker(end: WorkerEnd): void {
  const sig = shutdownSignal(end.graceful);
  if (!sig) process.exit(end.code);
  const handlers = appSignalHandlers(sig);
  process.exitCode = end.code;
  end.log.info(
    `Running the app's ${sig} handler${handlers.length > 1 ? 's' : ''} (${handlers.length}) now that worker ${end.pid} has drained`,
  );
  const number = (constants.signals as Record<string, number>)[sig];
  for (const fn of handlers) {
    try {
      fn.call(process, sig, number);
    } catch (e) {
      end.log.error(`The app's ${sig} handler threw: ${(e as Error)?.stack ?? e}`);
    }
  }
  (process as { channel?: { unref(): void } }).channel?.unref();
  const left = Math.max(0, end.deadline - Date.now());
  setTimeout(() => {
    end.log.warning(
      `The app's ${sig} handler had not ended worker ${end.pid} within the graceful timeout; exiting`,
    );
    process.exit(end.code);
  }, left).unref();
}
