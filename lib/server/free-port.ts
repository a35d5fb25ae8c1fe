// A TCP port nobody listens on right now, found by binding port 0 and closing again. Another
// process can take it before the caller binds it, so use it only where a retry or a clear error
// follows (the inspector port of a worker, test and tool servers on loopback).
//
// It binds a bare handle (net._createServerHandle, as lib/server/listeners.ts does) rather than
// calling server.listen(0, host): listen() with a host goes through a DNS lookup whose address
// filter compiles Node's IPv6 regular expression, about 10 ms of a fresh master's start, spent
// right before its first worker is forked.
import * as net from 'node:net';
import { ipFamily } from '../http/ip.ts';

type NativeHandle = { close(): void; getsockname?(out: Record<string, unknown>): number };
const createServerHandle = (
  net as unknown as {
    _createServerHandle?: (address: string, port: number, family: number) => NativeHandle | number;
  }
)._createServerHandle;

/** Synchronous; throws when nothing can be bound on `host`. */
export function freePortSync(host = '127.0.0.1'): number {
  if (!createServerHandle) throw new Error('this Node has no net._createServerHandle');
  const handle = createServerHandle(host, 0, ipFamily(host) || 4);
  if (typeof handle === 'number') throw new Error(`cannot bind ${host}:0 (errno ${handle})`);
  const out: Record<string, unknown> = {};
  handle.getsockname?.(out);
  handle.close();
  if (typeof out.port !== 'number' || out.port === 0) throw new Error(`no port bound on ${host}`);
  return out.port;
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  try {
    return Promise.resolve(freePortSync(host));
  } catch {
    return new Promise((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(0, host, () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
  }
}
