// Many Node apps end with `app.listen(process.env.PORT)`, often only after an `await` (NestJS's
// bootstrap(), Fastify's start(), next() custom servers). Under tsicorn the sockets belong to the
// master, so in a worker such a listen() must bind nothing: it is captured instead. The server is
// not bound, its 'listening' event and callback still fire (so promises frameworks wrap around
// listen() resolve), server.address() reports the address tsicorn really serves (for the server it
// serves) and close() works as on a listening server. Which captured server gets served is decided
// in ./late-listen.ts. tsicorn's own sockets bypass the capture through listenUncaptured().
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as net from 'node:net';

/**
 * Is `server` an https.Server? node:https (and with it tls and crypto) is loaded only to answer
 * for a server that is not an http.Server: an app that made an https server has loaded it
 * already, and every other worker start is spared about 10 ms of loading it.
 */
export function isHttpsServer(server: net.Server): boolean {
  const https = createRequire(import.meta.url)('node:https') as typeof import('node:https');
  return server instanceof https.Server;
}

/** Node's own listen(), taken before any capture replaces it. */
const nativeListen = net.Server.prototype.listen;

/** Where tsicorn serves: what the served server's address() reports. */
export type ServedAddress = net.AddressInfo | string;

export interface CapturedListen {
  server: net.Server;
  /** What the app asked for, for the log: "port 3000", "unix:/tmp/x.sock", "a handle". */
  target: string;
  /** The TCP port asked for; null for paths and handles, 0 for "any port". */
  port: number | null;
  /** An http(s).Server, which tsicorn can serve; a bare net.Server (raw TCP) is not. */
  http: boolean;
}

export interface ListenCapture {
  readonly captured: readonly CapturedListen[];
  /** Calls `fn` for every listen() captured from now on. Returns the unsubscribe function. */
  subscribe(fn: (c: CapturedListen) => void): () => void;
  /** `c` is the server tsicorn serves: from now on its address() reports `served`. */
  markServed(c: CapturedListen, served: ServedAddress | null): void;
  /** `c` is not served after all: its address() reports what the app asked for again. */
  unmarkServed(c: CapturedListen): void;
  /** Put net.Server.prototype.listen back. Idempotent. */
  release(): void;
}

/** Reads Node's listen() overloads: (port, host?, backlog?, cb?), (path, backlog?, cb?), (options, cb?), (handle, ...). */
export function describeListenArgs(args: unknown[]): {
  target: string;
  port: number | null;
  host: string | null;
  callback: (() => void) | null;
} {
  const last = args[args.length - 1];
  const callback = typeof last === 'function' ? (last as () => void) : null;
  const first = args[0];
  const hostArg = typeof args[1] === 'string' ? args[1] : null;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { target: `port ${Number(first)}`, port: Number(first), host: hostArg, callback };
  }
  if (typeof first === 'string') return { target: `unix:${first}`, port: null, host: null, callback };
  if (first && typeof first === 'object') {
    const o = first as { port?: unknown; host?: unknown; path?: unknown };
    const host = typeof o.host === 'string' ? o.host : null;
    if (o.port !== undefined && o.port !== null && /^\d+$/.test(String(o.port)))
      return { target: `port ${Number(o.port)}`, port: Number(o.port), host, callback };
    if (typeof o.path === 'string') return { target: `unix:${o.path}`, port: null, host: null, callback };
    if (o.port === undefined && o.path === undefined && !('fd' in o) && !('_handle' in o))
      return { target: 'a random port', port: 0, host, callback };
    return { target: 'a handle', port: null, host: null, callback };
  }
  return { target: 'a random port', port: 0, host: null, callback };
}

/** What address() reports for a listen tsicorn did not serve: what the app asked for. */
function requestedAddress(port: number | null, host: string | null, target: string): ServedAddress {
  if (port === null) return target.startsWith('unix:') ? target.slice(5) : '';
  const address = host && host !== 'localhost' ? host : host === 'localhost' ? '127.0.0.1' : '::';
  return { address, family: address.includes(':') ? 'IPv6' : 'IPv4', port };
}

/** Binds `server` for real, whatever capture is in place: tsicorn's own sockets use this. */
export function listenUncaptured(server: net.Server, ...args: unknown[]): net.Server {
  return (nativeListen as (...a: unknown[]) => net.Server).apply(server, args);
}

/**
 * Make a captured server behave like a listening one: address() answers from `current()`,
 * `listening` is true until close(), and close() emits 'close' and calls back without an error
 * (Node's close() on a server that never bound would report ERR_SERVER_NOT_RUNNING, which apps
 * that end with `server.close(() => process.exit(0))` do not expect).
 */
function fakeListening(server: net.Server, current: () => ServedAddress): void {
  let open = true;
  Object.defineProperty(server, 'address', { value: () => (open ? current() : null), configurable: true });
  Object.defineProperty(server, 'listening', { get: () => open, configurable: true });
  Object.defineProperty(server, 'close', {
    configurable: true,
    value: function close(this: net.Server, cb?: (err?: Error) => void) {
      if (open) {
        open = false;
        if (typeof cb === 'function') this.once('close', () => cb());
        process.nextTick(() => this.emit('close'));
      } else if (typeof cb === 'function') process.nextTick(() => cb());
      return this;
    },
  });
}

export function captureListens(): ListenCapture {
  const previous = net.Server.prototype.listen;
  const captured: CapturedListen[] = [];
  const subscribers = new Set<(c: CapturedListen) => void>();
  const addresses = new Map<net.Server, ServedAddress>();
  const requested = new Map<net.Server, ServedAddress>();
  let released = false;
  net.Server.prototype.listen = function captureListen(this: net.Server, ...args: unknown[]) {
    const { target, port, host, callback } = describeListenArgs(args);
    const c: CapturedListen = {
      server: this,
      target,
      port,
      http: this instanceof http.Server || isHttpsServer(this),
    };
    captured.push(c);
    requested.set(this, requestedAddress(port, host, target));
    if (!addresses.has(this)) addresses.set(this, requested.get(this)!);
    fakeListening(this, () => addresses.get(this) ?? '');
    if (callback) this.once('listening', callback);
    // Subscribers (the choice of the served server) run before the app's callbacks, so the
    // server on PORT already reports the address tsicorn serves when its callback reads it.
    for (const fn of [...subscribers]) fn(c);
    process.nextTick(() => this.emit('listening'));
    return this;
  } as typeof previous;
  return {
    captured,
    subscribe(fn) {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
    markServed(c, served) {
      if (served !== null) addresses.set(c.server, served);
    },
    unmarkServed(c) {
      const asked = requested.get(c.server);
      if (asked !== undefined) addresses.set(c.server, asked);
    },
    release() {
      if (released) return;
      released = true;
      subscribers.clear();
      net.Server.prototype.listen = previous;
    },
  };
}
