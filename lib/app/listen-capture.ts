// Many Node apps written for Heroku end with `app.listen(process.env.PORT)`. Under tsicorn the
// sockets belong to the master, so such a listen() would fail with EADDRINUSE (or, worse, bind a
// second socket next to tsicorn's). While the app loads, listen() calls are therefore captured:
// the server is not bound, its 'listening' event and callback still fire, and if the module
// exports nothing servable, the captured server itself is served (its request listeners run
// behind tsicorn's HTTP layer). Listens made after loading are left alone.
import * as net from 'node:net';

export interface CapturedListen {
  server: net.Server;
  /** What the app asked for, for the log: "port 3000", "unix:/tmp/x.sock", "a handle". */
  target: string;
}

export interface ListenCapture {
  readonly captured: CapturedListen[];
  /** Put net.Server.prototype.listen back. Idempotent. */
  release(): void;
}

/** Reads Node's listen() overloads: (port, host?, backlog?, cb?), (path, backlog?, cb?), (options, cb?), (handle, ...). */
export function describeListenArgs(args: unknown[]): {
  target: string;
  port: number | null;
  callback: (() => void) | null;
} {
  const last = args[args.length - 1];
  const callback = typeof last === 'function' ? (last as () => void) : null;
  const first = args[0];
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { target: `port ${Number(first)}`, port: Number(first), callback };
  }
  if (typeof first === 'string') return { target: `unix:${first}`, port: null, callback };
  if (first && typeof first === 'object') {
    const o = first as { port?: unknown; path?: unknown; fd?: unknown };
    if (o.port !== undefined && /^\d+$/.test(String(o.port)))
      return { target: `port ${Number(o.port)}`, port: Number(o.port), callback };
    if (typeof o.path === 'string') return { target: `unix:${o.path}`, port: null, callback };
    return { target: 'a handle', port: null, callback };
  }
  return { target: 'a random port', port: 0, callback };
}

export function captureListens(): ListenCapture {
  const original = net.Server.prototype.listen;
  const captured: CapturedListen[] = [];
  let released = false;
  net.Server.prototype.listen = function captureListen(this: net.Server, ...args: unknown[]) {
    const { target, port, callback } = describeListenArgs(args);
    captured.push({ server: this, target });
    // Code that logs server.address().port after listen() should keep working.
    const address: net.AddressInfo = { address: '0.0.0.0', family: 'IPv4', port: port ?? 0 };
    Object.defineProperty(this, 'address', { value: () => address, configurable: true });
    if (callback) this.once('listening', callback);
    process.nextTick(() => this.emit('listening'));
    return this;
  } as typeof original;
  return {
    captured,
    release() {
      if (released) return;
      released = true;
      net.Server.prototype.listen = original;
    },
  };
}
