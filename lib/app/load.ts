// Loads the user's app (MODULE[:EXPORT]) and turns whatever shape it has into one Node request
// listener. Resolution: ./resolve.ts; shape rules: ./shape.ts; fetch handlers: ./fetch-adapter.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as net from 'node:net';
import { relative } from 'node:path';
import type { Duplex } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { loadAsMain } from './as-main.ts';
import { AppLoadError } from './errors.ts';
import { appFastifyPath, fastifyFromPlugin } from './fastify-plugin.ts';
import { type FetchHandler, fetchListener } from './fetch-adapter.ts';
import { unservedNotes, waitForListen } from './late-listen.ts';
import {
  type CapturedListen,
  captureListens,
  isHttpsServer,
  type ListenCapture,
  type ServedAddress,
} from './listen-capture.ts';
import { type NothingServed, nothingServedMessage } from './nothing-served.ts';
import { refuseOwnCluster } from './own-cluster.ts';
import { parseAppSpec, resolveAppFile } from './resolve.ts';
import { ACCEPTED_SHAPES, classifyApp, type Shape } from './shape.ts';
import { watchSocketIoPolling } from './socketio-polling.ts';
import { esmSyntaxLocation, lacksLocation } from './syntax-location.ts';
import { currentTsFacts, isTypeScriptFile, typeScriptUnsupportedReason } from './typescript.ts';

/** Minimal logging the loader needs (the worker's logger fits). */
export interface LoadLog {
  info(msg: string): void;
  warning(msg: string): void;
  error(msg: string): void;
}

export type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;
export type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface LoadedApp {
  /** May return a promise; the HTTP layer turns a rejection into a 500. */
  listener: Listener;
  /** What was recognised: node-listener, express, koa, fastify, fetch (Hono), fetch-function, "factory -> ...". */
  shape: string;
  /** Absolute path of the module that was loaded. */
  file: string;
  /** Handles HTTP Upgrade requests (WebSockets) when the app's own server has 'upgrade'
   * listeners; absent otherwise, so upgrade requests reach `listener` like any request. */
  upgrade?: UpgradeListener;
  /** Releases what the app holds (Fastify's onClose hooks); called on worker shutdown. */
  close?: () => Promise<void>;
  /** What the log should say about how the app was found (listens that bound nothing, options used). */
  notes?: string[];
  /** What the log must show as a warning at boot (an https server served without TLS). */
  warnings?: string[];
  /**
   * The keepAliveTimeout (ms) the app set on the server it made, when not Node's default: tsicorn's
   * own server and its --keep-alive serve the connections, so the worker says the app's is unused.
   */
  ownKeepAliveMs?: number;
}

/**
 * Defaults nobody chose: Node's http.Server (5 s) and Fastify's (72 s, set on every server it
 * makes). Only another value is the app's own choice, worth a word.
 */
const DEFAULT_KEEP_ALIVE_MS = new Set([5000, 72_000]);

function ownKeepAlive(server: unknown): number | undefined {
  const ms = (server as { keepAliveTimeout?: unknown } | null)?.keepAliveTimeout;
  return typeof ms === 'number' && !DEFAULT_KEEP_ALIVE_MS.has(ms) ? ms : undefined;
}

export interface LoadOptions {
  cwd: string;
  factory: boolean;
  /**
   * Capture listen() calls the app makes (see ./listen-capture.ts): they bind nothing; a server
   * the app listens on PORT is served, and when the module exports nothing servable, loading
   * waits for the app to listen (./late-listen.ts). Workers, --check-config and --preload turn this on.
   */
  captureListens?: boolean;
  /** Keep capturing after loading, for the life of the process (workers): later listens bind nothing and are logged. */
  keepCapturing?: boolean;
  /** Where tsicorn serves the app: the served server's address() reports it; a TCP port also becomes PORT. */
  served?: ServedAddress | null;
  /** Seconds since process start by which the app must be servable (--boot-timeout); 0 = no limit. */
  bootTimeout?: number;
  /** Load the module as `node FILE` runs it (process.argv[1], require.main === module). */
  asMain?: boolean;
  /** Remove signal listeners the app adds while loading (--preload: they belong to the workers). */
  dropSignalListeners?: boolean;
  log?: LoadLog;
  /** Workers serving the app: with more than one, Socket.IO long-polling is watched for (./socketio-polling.ts). */
  workers?: number;
  /** The app module threw after its server was already served (top-level code after an awaited listen). */
  onLateFailure?: (err: unknown) => void;
}

async function importModule(file: string, cwd: string): Promise<Record<string, unknown>> {
  if (isTypeScriptFile(file)) {
    const reason = typeScriptUnsupportedReason(currentTsFacts());
    if (reason)
      throw new AppLoadError(
        'typescript-unsupported',
        `Cannot load ${relative(cwd, file) || file}: ${reason}`,
      );
  }
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof AppLoadError) throw err; // tsicorn's own refusal from inside the app (./own-cluster.ts)
    const e = err as NodeJS.ErrnoException;
    let hint = '';
    if (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND')
      hint =
        '\nA module the app imports is missing: check the import path, or that the package is in "dependencies" and installed.';
    else if (e instanceof SyntaxError) {
      const at = lacksLocation(e) ? esmSyntaxLocation(pathToFileURL(file).href) : null;
      hint = at ? `\nThe syntax error is at ${at}` : '\nThe app (or a module it imports) has a syntax error.';
    }
    throw new AppLoadError(
      'import-failed',
      `Failed to import app module ${file}: ${e?.name ?? 'Error'}: ${e?.message ?? String(err)}${hint}`,
      { cause: err },
    );
  }
}

/** importModule's errors are already AppLoadErrors; anything else (a rejection it did not see) is wrapped. */
function importError(err: unknown, file: string): AppLoadError {
  if (err instanceof AppLoadError) return err;
  return new AppLoadError('import-failed', `Failed to import app module ${file}: ${String(err)}`, {
    cause: err,
  });
}

/** Export names worth listing (Node 22+ adds a synthetic 'module.exports' for CommonJS). */
function exportNames(ns: Record<string, unknown>): string[] {
  return Object.keys(ns).filter(
    (k) => k !== '__esModule' && k !== 'module.exports' && !(k === 'default' && isEmptyExports(ns.default)),
  );
}

/** A CommonJS module that assigns nothing to module.exports shows up as `default: {}`. */
function isEmptyExports(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype &&
    Object.keys(value).length === 0
  );
}

function pickExport(
  ns: Record<string, unknown>,
  exportName: string | null,
  file: string,
): { name: string; value: unknown } {
  const available = exportNames(ns);
  const list = available.length ? available.join(', ') : '(none)';
  if (exportName !== null) {
    if (ns[exportName] === undefined)
      throw new AppLoadError(
        'export-not-found',
        `${file} has no export named "${exportName}". Available exports: ${list}. Write MODULE:EXPORT with one of them.`,
      );
    return { name: exportName, value: ns[exportName] };
  }
  const def = ns.default;
  // CommonJS `exports.app = app` shows up as default = the exports object: prefer `app` then.
  if (def !== undefined && (ns.app === undefined || classifyApp(def).kind !== 'unknown'))
    return { name: 'default', value: def };
  if (ns.app !== undefined) return { name: 'app', value: ns.app };
  throw new AppLoadError(
    'export-not-found',
    `${file} has neither a default export nor an export named "app". Available exports: ${list}. ` +
      'Export the app as default, or name it: MODULE:EXPORT.',
  );
}

interface EmitterLike {
  emit(event: string, ...args: unknown[]): boolean;
  listenerCount?(event: string): number;
}

/** Forward upgrades to the app's own server only if something there listens for them. */
function upgradeOf(server: EmitterLike): UpgradeListener | undefined {
  if (typeof server.listenerCount !== 'function' || server.listenerCount('upgrade') === 0) return undefined;
  return (req, socket, head) => server.emit('upgrade', req, socket, head);
}

/** Facts about the app that shapes depend on, read only for functions (a package lookup). */
function shapeOf(value: unknown, file: string): Shape {
  const fastify = typeof value === 'function' && value.length >= 2 && appFastifyPath(file) !== null;
  return classifyApp(value, { fastify });
}

function serveFastify(inst: {
  close(): Promise<unknown>;
  server: EmitterLike;
}): Pick<LoadedApp, 'listener' | 'upgrade' | 'close' | 'ownKeepAliveMs'> {
  // Fastify's own http.Server carries its request handler (router, hooks, 503-on-closing);
  // emitting on it runs exactly what fastify.listen() would, without it owning a socket.
  const server = inst.server;
  return {
    listener: (req, res) => server.emit('request', req, res),
    upgrade: upgradeOf(server),
    close: async () => {
      await inst.close();
    },
    ownKeepAliveMs: ownKeepAlive(server),
  };
}

async function adapt(
  value: unknown,
  file: string,
  exportName: string,
  moduleExports: Record<string, unknown> = {},
  /** When the caller classified `value` already: shapeOf looks up a package, once is enough. */
  shape: Shape = shapeOf(value, file),
): Promise<Omit<LoadedApp, 'file'>> {
  switch (shape.kind) {
    case 'listener':
      return { listener: value as Listener, shape: shape.label };
    case 'koa':
      return { listener: (value as { callback(): Listener }).callback(), shape: shape.label };
    case 'fastify': {
      const inst = value as {
        ready(): Promise<unknown>;
        close(): Promise<unknown>;
        server: EmitterLike;
      };
      try {
        await inst.ready();
      } catch (err) {
        throw new AppLoadError(
          'not-ready',
          `Fastify app in ${file} failed to become ready: ${(err as Error)?.message}`,
          {
            cause: err,
          },
        );
      }
      return { ...serveFastify(inst), shape: shape.label };
    }
    case 'fastify-plugin': {
      try {
        const { instance, usedOptions } = await fastifyFromPlugin(
          value as Parameters<typeof fastifyFromPlugin>[0],
          moduleExports,
          file,
        );
        return {
          ...serveFastify(instance),
          shape: shape.label,
          notes: [
            `Serving the Fastify plugin "${exportName}" of ${file} on a Fastify instance from the app's own fastify package` +
              (usedOptions ? ', with the server options the module exports as "options"' : ''),
          ],
        };
      } catch (err) {
        throw new AppLoadError(
          'not-ready',
          `The Fastify plugin "${exportName}" in ${file} failed to load: ${(err as Error)?.message ?? String(err)}`,
          { cause: err },
        );
      }
    }
    case 'node-server': {
      const server = value as { emit(event: string, ...args: unknown[]): boolean };
      return {
        listener: (req, res) => server.emit('request', req, res),
        upgrade: upgradeOf(value as EmitterLike),
        shape: shape.label,
        warnings: tlsDropped(value as net.Server),
        ownKeepAliveMs: ownKeepAlive(value),
      };
    }
    case 'fetch-object': {
      const obj = value as { fetch: FetchHandler };
      return { listener: fetchListener((r) => obj.fetch(r)), shape: shape.label };
    }
    case 'fetch-function':
      return { listener: fetchListener(value as FetchHandler), shape: shape.label };
    case 'unknown':
      throw new AppLoadError(
        'unrecognised-shape',
        `The export "${exportName}" of ${file} is not an app tsicorn can serve: ${shape.reason}. Accepted: ${ACCEPTED_SHAPES}.`,
      );
  }
}

/** Serve a server the app called listen() on. */
async function adaptCaptured(c: CapturedListen): Promise<Omit<LoadedApp, 'file'>> {
  const server = c.server as unknown as EmitterLike;
  // Code that attaches WebSockets right after listen() (`new WebSocketServer({ server })`) runs
  // before this: its 'upgrade' listener is in place when upgrades are wired.
  await new Promise((r) => setImmediate(r));
  return {
    listener: (req, res) => server.emit('request', req, res),
    upgrade: upgradeOf(server),
    shape: `node-server (app.listen on ${c.target})`,
  };
}

function relativeName(file: string, cwd: string): string {
  return relative(cwd, file) || file;
}

/** Seconds since process start -> the Date.now() by which a listen must have come (null = never). */
function listenDeadline(bootTimeout: number | undefined): number | null {
  if (!bootTimeout || bootTimeout <= 0) return null;
  // Leave the worker a moment to report before the master's own boot timeout ends it.
  const margin = Math.min(1000, bootTimeout * 100);
  return Date.now() + Math.max(0, bootTimeout * 1000 - performance.now() - margin);
}

export async function loadApp(spec: string, opts: LoadOptions): Promise<LoadedApp> {
  const { module, exportName } = parseAppSpec(spec);
  const file = resolveAppFile(module, opts.cwd);
  const served = opts.served ?? null;
  // The app should read the port it is really served on: `process.env.PORT || 5006` then tells the truth.
  if (opts.asMain && served && typeof served === 'object' && served.port > 0)
    process.env.PORT = String(served.port);
  refuseOwnCluster(file, opts.cwd);
  const signalsBefore = opts.dropSignalListeners ? signalListenerSnapshot() : null;
  const capture = opts.captureListens ? captureListens() : null;
  const undoMain = opts.asMain ? loadAsMain(file) : null;
  let keep = false;
  try {
    let app = capture
      ? await loadCapturing(file, exportName, opts, capture)
      : await loadPlain(file, exportName, opts);
    if (opts.log && (opts.workers ?? 1) > 1)
      app = { ...app, listener: watchSocketIoPolling(app.listener, opts.workers ?? 1, opts.log) };
    keep = Boolean(capture && opts.keepCapturing);
    if (keep && capture) {
      const log = opts.log;
      capture.subscribe((c) =>
        log?.info(
          `The app called listen() on ${c.target} while being served: nothing was bound there (tsicorn serves the app on its own sockets)`,
        ),
      );
    }
    return app;
  } finally {
    undoMain?.();
    if (!keep) capture?.release();
    if (signalsBefore) dropNewSignalListeners(signalsBefore, opts.log);
  }
}

async function loadPlain(file: string, exportName: string | null, opts: LoadOptions): Promise<LoadedApp> {
  const ns = await importModule(file, opts.cwd);
  if (opts.factory) return fromFactory(ns, exportName, file);
  const picked = pickExport(ns, exportName, file);
  return { ...(await adapt(picked.value, file, picked.name, ns)), file };
}

async function fromFactory(
  ns: Record<string, unknown>,
  exportName: string | null,
  file: string,
): Promise<LoadedApp> {
  const picked = pickExport(ns, exportName, file);
  if (typeof picked.value !== 'function')
    throw new AppLoadError(
      'factory-failed',
      `--factory was given, but the export "${picked.name}" of ${file} is not a function (it is ${typeof picked.value}).`,
    );
  let built: unknown;
  try {
    built = await (picked.value as () => unknown)();
  } catch (err) {
    throw new AppLoadError(
      'factory-failed',
      `The app factory "${picked.name}" in ${file} threw: ${(err as Error)?.message ?? String(err)}`,
      { cause: err },
    );
  }
  const adapted = await adapt(built, file, `${picked.name}() result`);
  return { ...adapted, shape: `factory -> ${adapted.shape}`, file };
}

type Settled = { ok: true; ns: Record<string, unknown> } | { ok: false; err: unknown };

/**
 * The worker's way: listen() calls are captured. A server the app listens on PORT is served
 * (even while the module is still running its top-level await); otherwise the export; otherwise
 * the app gets until the boot timeout to call listen().
 */
async function loadCapturing(
  file: string,
  exportName: string | null,
  opts: LoadOptions,
  capture: ListenCapture,
): Promise<LoadedApp> {
  const served = opts.served ?? null;
  const envPort = Number(process.env.PORT);
  const preferredPort =
    served && typeof served === 'object' && served.port > 0
      ? served.port
      : Number.isInteger(envPort) && envPort > 0
        ? envPort
        : null;
  const settled: Promise<Settled> = importModule(file, opts.cwd).then(
    (ns) => ({ ok: true, ns }),
    (err) => ({ ok: false, err }),
  );
  // Listens on PORT are served at once; elsewhere, only if no PORT listen follows shortly.
  const wait = waitForListen(capture, {
    preferredPort,
    deadline: listenDeadline(opts.bootTimeout),
    graceMs: 250,
    onMark: (c) => capture.markServed(c, served),
    onUnmark: (c) => capture.unmarkServed(c),
  });
  // The app neither exported a servable app nor listened: the message says which facts held.
  const nothingServed = (f: Pick<NothingServed, 'outcome' | 'stillLoading' | 'exports' | 'exportReason'>) =>
    new AppLoadError(
      'nothing-served',
      nothingServedMessage({
        ...f,
        file: relativeName(file, opts.cwd),
        bootTimeout: opts.bootTimeout ?? 0,
        captured: capture.captured,
      }),
    );
  const first = await Promise.race([settled, wait.outcome]);
  if (!('ok' in first)) {
    // The app listened (or gave up) before its module finished loading (top-level await).
    const soon = await Promise.race([settled, new Promise<null>((r) => setImmediate(() => r(null)))]);
    if (soon && !soon.ok) throw importError(soon.err, file);
    if (first.kind !== 'listened') {
      wait.cancel();
      throw nothingServed({
        outcome: first.kind,
        stillLoading: soon === null,
        exports: soon?.ok ? exportNames(soon.ns) : [],
        exportReason: null,
      });
    }
    if (!soon)
      void settled.then((r) => {
        if (!r.ok) (opts.onLateFailure ?? ((e) => opts.log?.error(String(e))))(importError(r.err, file));
      });
    return servedCapture(first.captured, capture, file);
  }
  if (!first.ok) {
    wait.cancel();
    throw importError(first.err, file);
  }
  const ns = first.ns;
  if (opts.factory) {
    wait.cancel();
    return withNotes(await fromFactory(ns, exportName, file), unservedNotes(capture.captured, null));
  }
  // An explicit MODULE:EXPORT that does not exist, or an export that is a function tsicorn
  // refuses, is the user's mistake to hear about now; a module exporting nothing may still listen.
  let exportReason: string | null = null;
  const picked =
    exportName !== null || (ns.default !== undefined && !isEmptyExports(ns.default)) || ns.app !== undefined
      ? pickExport(ns, exportName, file)
      : null;
  if (picked) {
    const shape = shapeOf(picked.value, file);
    // A function of no known shape is refused now (adapt throws 'unrecognised-shape'); any other
    // unknown value is only noted: the app may still listen.
    if (shape.kind !== 'unknown' || typeof picked.value === 'function') {
      wait.cancel();
      const adapted = await adapt(picked.value, file, picked.name, ns, shape);
      return {
        ...adapted,
        file,
        notes: [...(adapted.notes ?? []), ...unservedNotes(capture.captured, null)],
      };
    }
    exportReason = `its export "${picked.name}" ${shape.reason.replace(/^got /, 'is ')}`;
  }
  const outcome = await wait.outcome;
  if (outcome.kind === 'listened') return servedCapture(outcome.captured, capture, file);
  throw nothingServed({ outcome: outcome.kind, stillLoading: false, exports: exportNames(ns), exportReason });
}

async function servedCapture(c: CapturedListen, capture: ListenCapture, file: string): Promise<LoadedApp> {
  const adapted = await adaptCaptured(c);
  const note = `The app called listen() on ${c.target}: nothing was bound there; tsicorn serves that server on its own sockets`;
  return {
    ...adapted,
    file,
    notes: [note, ...unservedNotes(capture.captured, c)],
    warnings: tlsDropped(c.server),
    ownKeepAliveMs: ownKeepAlive(c.server),
  };
}

/**
 * tsicorn's sockets speak plain HTTP: an https.Server the app made is served without its TLS, so
 * clients that use https:// fail their handshake. Said at boot rather than left for a user to find
 * (on Heroku the router terminates TLS and dynos speak plain HTTP, which is what is served here).
 */
function tlsDropped(server: net.Server): string[] | undefined {
  if (!isHttpsServer(server)) return undefined;
  return [
    "The app's server is an https.Server: tsicorn serves it over plain HTTP, without the app's TLS certificate (tsicorn has no TLS). " +
      "Terminate TLS in front of tsicorn (Heroku's router does) and create the server with http.createServer.",
  ];
}

function withNotes(app: LoadedApp, notes: string[]): LoadedApp {
  return notes.length ? { ...app, notes: [...(app.notes ?? []), ...notes] } : app;
}

const APP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP', 'SIGUSR2'];

function signalListenerSnapshot(): Map<NodeJS.Signals, Set<unknown>> {
  return new Map(APP_SIGNALS.map((s) => [s, new Set(process.rawListeners(s))]));
}

/** --preload: the app's signal handlers belong to the workers; in the master they would fire on the master's own TERM. */
function dropNewSignalListeners(before: Map<NodeJS.Signals, Set<unknown>>, log?: LoadLog): void {
  for (const [sig, had] of before) {
    const added = process.rawListeners(sig).filter((fn) => !had.has(fn));
    for (const fn of added) process.removeListener(sig, fn as () => void);
    if (added.length)
      log?.info(
        `The app's ${sig} handler was removed from the master after --preload; it runs in each worker`,
      );
  }
}
