// Listening sockets owned by the master. The master binds each address but never accepts on
// it: workers inherit the descriptor (as fd 3, 4, ... of their stdio) and each calls listen()
// and accept() on the same kernel socket. That is the "shared" distribution, and it is also
// how a re-executed master (USR2) takes the sockets over without closing them.
import { lookup } from 'node:dns/promises';
import { closeSync, lstatSync, unlinkSync } from 'node:fs';
import * as net from 'node:net';
import { constants } from 'node:os';
import { getSystemErrorName } from 'node:util';
import { type BindAddress, formatBind, parseBind } from './bind.ts';

export interface Listener {
  bind: BindAddress;
  fd: number;
  /** What the log says: http://127.0.0.1:8000 or unix:/tmp/x.sock. */
  label: string;
  /** Close our descriptor; a Unix socket's path is removed too unless `keepPath` (a new master owns it). */
  close(keepPath?: boolean): void;
}

interface NativeServerHandle {
  fd: number;
  close(cb?: () => void): void;
  getsockname?(out: Record<string, unknown>): number;
}

type CreateServerHandle = (
  address: string | null,
  port: number,
  addressType: number,
  fd?: number,
  flags?: number,
) => NativeServerHandle | number;

// net._createServerHandle binds without listening: the only way in Node to hold a bound socket
// that this process's event loop does not accept on. Node's own cluster module uses it the same way.
const createServerHandle = (net as unknown as { _createServerHandle?: CreateServerHandle })
  ._createServerHandle;

export class ListenError extends Error {}

function describeErrno(code: number, what: string): ListenError {
  const name = getSystemErrorName(code);
  const hint =
    name === 'EADDRINUSE'
      ? ' (another process is listening there: stop it or choose another port)'
      : name === 'EACCES'
        ? ' (ports below 1024 need privileges: use a higher port)'
        : name === 'EADDRNOTAVAIL'
          ? ' (that address is not on this machine)'
          : '';
  return new ListenError(`cannot bind ${what}: ${name}${hint}`);
}

async function openOne(bind: BindAddress): Promise<Listener> {
  if (!createServerHandle)
    throw new ListenError('this Node has no net._createServerHandle; use --distribution reuseport');
  if (bind.kind === 'fd') {
    return { bind, fd: bind.fd, label: formatBind(bind), close: () => safeClose(bind.fd) };
  }
  if (bind.kind === 'unix') {
    removeStaleSocket(bind.path);
    const handle = createServerHandle(bind.path, -1, -1);
    if (typeof handle === 'number') throw describeErrno(handle, `unix:${bind.path}`);
    return {
      bind,
      fd: handle.fd,
      label: formatBind(bind),
      close: (keepPath) => {
        handle.close();
        if (!keepPath) removeStaleSocket(bind.path);
      },
    };
  }
  let address = bind.host;
  let family = bind.ipv6 ? 6 : 4;
  if (net.isIP(address) === 0) {
    const found = await lookup(address).catch(() => null);
    if (!found)
      throw new ListenError(
        `cannot bind ${bind.host}:${bind.port}: host name "${bind.host}" does not resolve`,
      );
    address = found.address;
    family = found.family;
  } else family = net.isIP(address);
  const handle = createServerHandle(address, bind.port, family);
  if (typeof handle === 'number') throw describeErrno(handle, `${bind.host}:${bind.port}`);
  const out: Record<string, unknown> = {};
  handle.getsockname?.(out);
  const port = typeof out.port === 'number' ? out.port : 0;
  // libuv defers EADDRINUSE from bind() to listen() and leaves the socket unbound; listen() on an
  // unbound socket would then pick a random port. An unbound socket reports port 0: catch it here.
  if (port === 0 || (bind.port !== 0 && port !== bind.port)) {
    handle.close();
    throw describeErrno(-constants.errno.EADDRINUSE, `${bind.host}:${bind.port}`);
  }
  return {
    bind: { ...bind, port },
    fd: handle.fd,
    label: formatBind(bind, port),
    close: () => handle.close(),
  };
}

function removeStaleSocket(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path);
  } catch {
    // nothing there
  }
}

function safeClose(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

/** Bind every address, or close what was opened and throw. */
export async function openListeners(binds: string[]): Promise<Listener[]> {
  const opened: Listener[] = [];
  try {
    for (const b of binds) opened.push(await openOne(parseBind(b)));
  } catch (e) {
    for (const l of opened) l.close();
    throw e;
  }
  return opened;
}

/** Sockets handed over by a master that re-executed itself (USR2), at the fds it names. */
export function adoptInheritedListeners(fds: number[], binds: string[]): Listener[] {
  return fds.map((fd, i) => {
    const bind = parseBind(binds[i] ?? `fd://${fd}`);
    const label = formatBind(bind);
    return { bind, fd, label, close: () => safeClose(fd) };
  });
}
