// A worker's V8 inspector may be open only while the master captures the stack of a hung worker
// (lib/server/hang-stack.ts: about 50 ms, then the worker is killed). Anything else that opens it
// (a SIGUSR1 from any local process of the same user, or root) would leave a loopback port open on
// which any local process can run code as the worker: the worker closes it, checked at each
// heartbeat. During a capture the worker is hung and its heartbeat cannot run; should it come back
// to life mid-capture, a grace period longer than the capture lets the capture finish first.
import type { Logger } from '../log/types.ts';

/** Longer than the master's whole capture (its timeout is 3 s, it takes about 50 ms). */
export const INSPECTOR_GRACE_MS = 3500;

export interface InspectorWatch {
  /** Close the inspector if it has been open for the grace period (call at each heartbeat). */
  check(now?: number): void;
}

/** What the watch needs of node:inspector (absent from Node builds without an inspector). */
export interface InspectorControl {
  url(): string | undefined;
  close(): void;
}

export function watchInspector(log: Logger, graceMs: number, probe: InspectorControl): InspectorWatch {
  let openSince = 0;
  return {
    check(now = Date.now()) {
      if (!probe.url()) {
        openSince = 0;
        return;
      }
      if (!openSince) openSince = now;
      if (now - openSince < graceMs) return;
      openSince = 0;
      probe.close();
      log.warning(
        'Closed the V8 inspector of this worker: something other than a hang capture opened it (SIGUSR1). ' +
          'While open, any local process could run code in this worker.',
      );
    },
  };
}
