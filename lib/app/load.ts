// Loads the user's app (MODULE[:EXPORT]) and turns whatever shape it has into one Node request
// listener. Resolution: ./resolve.ts; shape rules: ./shape.ts; fetch handlers: ./fetch-adapter.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { relative } from 'node:path';
import type { Duplex } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { AppLoadError } from './errors.ts';
import { type FetchHandler, fetchListener } from './fetch-adapter.ts';
import { type CapturedListen, captureListens } from './listen-capture.ts';
import { parseAppSpec, resolveAppFile } from './resolve.ts';
import { ACCEPTED_SHAPES, classifyApp } from './shape.ts';
import { currentTsFacts, isTypeScriptFile, typeScriptUnsupportedReason } from './typescript.ts';

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
  /** listen() calls the app made while loading, which bound nothing ("port 3000" ...). */
  capturedListens?: string[];
}

export interface LoadOptions {
  cwd: string;
  factory: boolean;
  /**
   * Capture listen() calls the app makes while it loads (see ./listen-capture.ts): they bind
   * nothing, and a captured server is served when the module exports nothing servable. Workers,
   * --check-config and --preload turn this on.
   */
  captureListens?: boolean;
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
    const e = err as NodeJS.ErrnoException;
    let hint = '';
    if (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND')
      hint =
        '\nA module the app imports is missing: check the import path, or that the package is in "dependencies" and installed.';
    else if (e instanceof SyntaxError) hint = '\nThe app (or a module it imports) has a syntax error.';
    throw new AppLoadError(
      'import-failed',
      `Failed to import app module ${file}: ${e?.name ?? 'Error'}: ${e?.message ?? String(err)}${hint}`,
      { cause: err },
    );
  }
}

function pickExport(
  ns: Record<string, unknown>,
  exportName: string | null,
  file: string,
): { name: string; value: unknown } {
  const available = Object.keys(ns).filter((k) => k !== '__esModule');
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

async function adapt(value: unknown, file: string, exportName: string): Promise<Omit<LoadedApp, 'file'>> {
  const shape = classifyApp(value);
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
      // Fastify's own http.Server carries its request handler (router, hooks, 503-on-closing);
      // emitting on it runs exactly what fastify.listen() would, without it owning a socket.
      const server = inst.server;
      return {
        listener: (req, res) => server.emit('request', req, res),
        upgrade: upgradeOf(server),
        shape: shape.label,
        close: async () => {
          await inst.close();
        },
      };
    }
    case 'node-server': {
      const server = value as { emit(event: string, ...args: unknown[]): boolean };
      return {
        listener: (req, res) => server.emit('request', req, res),
        upgrade: upgradeOf(value as EmitterLike),
        shape: shape.label,
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

/** The app's module exports nothing servable but it called listen() on a server while loading: serve that. */
async function fromCapturedListen(
  err: unknown,
  captured: readonly CapturedListen[],
  file: string,
): Promise<LoadedApp | null> {
  if (
    !(err instanceof AppLoadError) ||
    (err.kind !== 'export-not-found' && err.kind !== 'unrecognised-shape')
  )
    return null;
  for (const c of captured) {
    if (classifyApp(c.server).kind !== 'node-server') continue;
    const adapted = await adapt(c.server, file, `server.listen(${c.target})`);
    return { ...adapted, shape: `${adapted.shape} (app.listen on ${c.target})`, file };
  }
  return null;
}

export async function loadApp(spec: string, opts: LoadOptions): Promise<LoadedApp> {
  const capture = opts.captureListens ? captureListens() : null;
  try {
    const app = await loadOnce(spec, opts, capture?.captured ?? []);
    const listens = capture?.captured.map((c) => c.target);
    return listens?.length ? { ...app, capturedListens: listens } : app;
  } finally {
    capture?.release();
  }
}

async function loadOnce(
  spec: string,
  opts: LoadOptions,
  captured: readonly CapturedListen[],
): Promise<LoadedApp> {
  const { module, exportName } = parseAppSpec(spec);
  const file = resolveAppFile(module, opts.cwd);
  const ns = await importModule(file, opts.cwd);
  if (!opts.factory) {
    try {
      const picked = pickExport(ns, exportName, file);
      return { ...(await adapt(picked.value, file, picked.name)), file };
    } catch (err) {
      const fallback = await fromCapturedListen(err, captured, file);
      if (fallback) return fallback;
      throw err;
    }
  }
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
