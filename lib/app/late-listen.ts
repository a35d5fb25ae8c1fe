// When the app's module exports nothing servable, the app is served the way `node server.js`
// serves it: through the server it calls listen() on, however late (after `await
// NestFactory.create()`, inside Fastify's start(), in next()'s prepare().then()). This file picks
// that server among the captured listens (./listen-capture.ts) and waits for it, bounded by the
// boot timeout, or until the app has nothing left to do (then no listen() can ever come).
import type { CapturedListen, ListenCapture } from './listen-capture.ts';

/** Pure: the captured listen to serve now, if any. A listen on PORT wins; without PORT, the first. */
export function chooseServed(
  captured: readonly CapturedListen[],
  preferredPort: number | null,
): { served: CapturedListen; onPort: boolean } | null {
  const servable = captured.filter((c) => c.http);
  const onPort = preferredPort === null ? undefined : servable.find((c) => c.port === preferredPort);
  if (onPort) return { served: onPort, onPort: true };
  return servable[0] ? { served: servable[0], onPort: false } : null;
}

/**
 * Pure: one log line per listen() that tsicorn did not serve. `served` is the listen served, or
 * null when the module's export is (`module.exports = app` and `if (!module.parent) app.listen()`).
 */
export function unservedNotes(captured: readonly CapturedListen[], served: CapturedListen | null): string[] {
  const notes: string[] = [];
  const which = served
    ? 'tsicorn serves one server per worker, the one on PORT or else the first'
    : 'tsicorn serves the app the module exports';
  for (const c of captured) {
    if (c === served) continue;
    if (served && c.server === served.server) continue;
    notes.push(
      c.http
        ? `The app also called listen() on ${c.target}: nothing was bound there (${which})`
        : `The app called listen() on ${c.target} for a server that is not an HTTP server: nothing was bound there`,
    );
  }
  return notes;
}

export type ListenWait =
  | { kind: 'listened'; captured: CapturedListen; onPort: boolean }
  /** The deadline passed with no listen() on an HTTP server. */
  | { kind: 'timeout' }
  /** The event loop ran empty: nothing the app still does could call listen(). */
  | { kind: 'idle' };

export interface ListenWaitOptions {
  /** The port the app is told to listen on (PORT): a listen there is served at once. */
  preferredPort: number | null;
  /** Date.now() after which waiting stops; null = no limit. */
  deadline: number | null;
  /** After a listen elsewhere than PORT, how long a listen on PORT may still come first. */
  graceMs: number;
  /**
   * The listen that would be served now, called synchronously as it is captured (before its
   * 'listening' callbacks run, so they read the served address), and again with null if it loses
   * (a listen on PORT came within the grace period, or the export is served instead).
   */
  onMark?: (c: CapturedListen) => void;
  onUnmark?: (c: CapturedListen) => void;
}

export interface ListenWaiter {
  outcome: Promise<ListenWait>;
  /** Stop waiting (the export is served instead); `outcome` then never settles. */
  cancel(): void;
}

/**
 * Waits until the app listens on an HTTP server (on PORT: at once; elsewhere: after `graceMs`),
 * until the deadline, or until the event loop runs empty. While waiting, the IPC channel to the
 * master does not keep the process alive, so an app that has finished everything it started is
 * noticed at once instead of after the whole boot timeout.
 */
export function waitForListen(capture: ListenCapture, opts: ListenWaitOptions): ListenWaiter {
  let grace: NodeJS.Timeout | null = null;
  let deadline: NodeJS.Timeout | null = null;
  let done = false;
  let resolve!: (w: ListenWait) => void;
  const outcome = new Promise<ListenWait>((r) => {
    resolve = r;
  });
  const channel = (process as { channel?: { ref(): void; unref(): void } }).channel;
  let marked: CapturedListen | null = null;
  const mark = (c: CapturedListen | null) => {
    if (marked === c) return;
    if (marked) opts.onUnmark?.(marked);
    marked = c;
    if (c) opts.onMark?.(c);
  };
  const cleanup = () => {
    if (done) return false;
    done = true;
    unsubscribe();
    if (grace) clearTimeout(grace);
    if (deadline) clearTimeout(deadline);
    process.off('beforeExit', onIdle);
    channel?.ref();
    return true;
  };
  const finish = (w: ListenWait) => {
    if (!cleanup()) return;
    mark(w.kind === 'listened' ? w.captured : null);
    resolve(w);
  };
  const onIdle = () => finish({ kind: 'idle' });
  const check = () => {
    const choice = chooseServed(capture.captured, opts.preferredPort);
    if (!choice) return;
    mark(choice.served);
    if (choice.onPort || opts.preferredPort === null || opts.graceMs <= 0)
      return finish({ kind: 'listened', captured: choice.served, onPort: choice.onPort });
    grace ??= setTimeout(() => {
      const now = chooseServed(capture.captured, opts.preferredPort);
      if (now) finish({ kind: 'listened', captured: now.served, onPort: now.onPort });
    }, opts.graceMs);
  };
  const unsubscribe = capture.subscribe(check);
  if (opts.deadline !== null) {
    deadline = setTimeout(() => finish({ kind: 'timeout' }), Math.max(0, opts.deadline - Date.now()));
    deadline.unref();
  }
  process.on('beforeExit', onIdle);
  channel?.unref();
  check();
  return {
    outcome,
    cancel: () => {
      if (cleanup()) mark(null);
    },
  };
}
