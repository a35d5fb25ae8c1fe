// Listening sockets owned by the master. The master binds each address but never accepts on
// it: workers inherit the descriptor (as fd 3, 4, ... of their stdio) and each calls listen()
// and accept() on the same kernel socket. That is the "shared" distribution, and it is also
// how a re-executed master (USR2) takes the sockets over without closing them.
import { chmodSync, closeSync, lstatSync, type Stats, unlinkSync } from 'node:fs';
import * as net from 'node:net';
import { constants } from 'node:os';
import { getSystemErrorName } from 'node:util';
import { ipFamily } from '../http/ip.ts';
import { type BindAddress, formatBind, parseBind } from './bind.ts';
import { findSocketOwner } from './socket-owner.ts';

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

export interface ListenOptions {
  /** Mode bits for unix:PATH sockets (the unix_socket_mode setting). */
  unixSocketMode?: number;
}

async function openOne(bind: BindAddress, opts: ListenOptions): Promise<Listener> {
  if (!createServerHandle)
    throw new ListenError('this Node has no net._createServerHandle; use --distribution reuseport');
  if (bind.kind === 'fd') {
    return { bind, fd: bind.fd, label: formatBind(bind), close: () => safeClose(bind.fd) };
  }
  if (bind.kind === 'unix') {
    await clearSocketPath(bind.path);
    const handle = createServerHandle(bind.path, -1, -1);
    if (typeof handle === 'number') throw describeErrno(handle, `unix:${bind.path}`);
    let ours: Stats;
    try {
      // Bound but not listening yet: nobody can connect before the mode is right.
      chmodSync(bind.path, opts.unixSocketMode ?? DEFAULT_UNIX_SOCKET_MODE);
      ours = lstatSync(bind.path);
    } catch (e) {
      handle.close();
      throw new ListenError(`cannot set the mode of unix:${bind.path}: ${(e as Error).message}`);
    }
    return {
      bind,
      fd: handle.fd,
      label: formatBind(bind),
      close: (keepPath) => {
        handle.close();
        if (!keepPath) removeOwnSocket(bind.path, ours);
      },
    };
  }
  let address = bind.host;
  let family = bind.ipv6 ? 6 : 4;
  if (ipFamily(address) === 0) {
    // node:dns only for a host name: most binds are addresses.
    const { lookup } = await import('node:dns/promises');
    const found = await lookup(address).catch(() => null);
    if (!found)
      throw new ListenError(
        `cannot bind ${bind.host}:${bind.port}: host name "${bind.host}" does not resolve`,
      );
    address = found.address;
    family = found.family;
  } else family = ipFamily(address);
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

const DEFAULT_UNIX_SOCKET_MODE = 0o660;
const PROBE_TIMEOUT_MS = 1000;

/** Whether a process answers on the Unix socket at `path`: 'live', 'stale' (nobody), or an errno name. */
function probeSocket(path: string): Promise<'live' | 'stale' | string> {
  return new Promise((resolve) => {
    const sock = net.connect({ path });
    const done = (verdict: string) => {
      sock.destroy();
      resolve(verdict);
    };
    sock.setTimeout(PROBE_TIMEOUT_MS, () => done('live'));
    sock.once('connect', () => done('live'));
    sock.once('error', (e: NodeJS.ErrnoException) => {
      // ECONNREFUSED: a socket file nobody listens on (its server died). EAGAIN: a full backlog.
      done(
        e.code === 'ECONNREFUSED' || e.code === 'ENOENT'
          ? 'stale'
          : e.code === 'EAGAIN'
            ? 'live'
            : (e.code ?? 'error'),
      );
    });
  });
}

function describeFileType(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a directory';
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFIFO()) return 'a named pipe';
  return 'not a socket';
}

/**
 * Makes room for binding `path`: nothing there is fine; a socket nobody answers on is a leftover
 * of a dead server and is removed; a live socket or any other file is refused with a message that
 * says which.
 */
async function clearSocketPath(path: string): Promise<void> {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new ListenError(`cannot bind unix:${path}: ${(e as Error).message}`);
  }
  if (!st.isSocket())
    throw new ListenError(
      `cannot bind unix:${path}: the path exists and is ${describeFileType(st)}, not a socket; remove it or choose another path`,
    );
  const verdict = await probeSocket(path);
  if (verdict === 'live') {
    const owner = findSocketOwner(path);
    const who = owner ? `process ${owner.pid}${owner.title ? ` (${owner.title})` : ''}` : 'another process';
    throw new ListenError(
      `cannot bind unix:${path}: EADDRINUSE (${who} is listening there: stop it or choose another path)`,
    );
  }
  if (verdict !== 'stale')
    throw new ListenError(
      `cannot bind unix:${path}: an existing socket there could not be probed (${verdict}); remove it if it is stale`,
    );
  try {
    unlinkSync(path);
  } catch (e) {
    throw new ListenError(
      `cannot bind unix:${path}: cannot remove the stale socket: ${(e as Error).message}`,
    );
  }
}

/** On exit: remove the socket file only if it is still the one we bound (not a successor's). */
function removeOwnSocket(path: string, ours: Stats): void {
  try {
    const now = lstatSync(path);
    if (now.isSocket() && now.ino === ours.ino && now.dev === ours.dev) unlinkSync(path);
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
export async function openListeners(binds: string[], opts: ListenOptions = {}): Promise<Listener[]> {
  const opened: Listener[] = [];
  try {
    for (const b of binds) opened.push(await openOne(parseBind(b), opts));
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
