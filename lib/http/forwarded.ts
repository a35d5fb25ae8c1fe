// Who the client is and which scheme it used, honouring X-Forwarded-For / X-Forwarded-Proto only
// when the connecting peer is a trusted proxy (--forwarded-allow-ips).
//
// Rules (documented in the README):
//   - Entries are IPs or CIDR networks; '*' trusts any direct peer. Unix-socket peers (no address)
//     are trusted, as Gunicorn does: only a local process can connect there.
//   - A hop counts only if it is an IP address (`[v6]`, `[v6]:port` and `v4:port` are accepted and
//     reduced to the address). With a list, X-Forwarded-For is walked right to left while the
//     current hop is trusted; the first untrusted hop is the client. An entry that is not an
//     address ends the walk: the last valid address before it (or the peer) is the client, so
//     no text a client writes ever becomes the logged address. With '*', only the direct peer
//     is trusted, so the client is the last entry: a client cannot spoof it by sending its own
//     header.
//   - X-Forwarded-Proto is read the same way from a trusted peer: right to left over `http` and
//     `https` entries, stopping at anything else; the leftmost entry reached is the scheme.
import type { IncomingMessage } from 'node:http';
import { BlockList } from 'node:net';
import { ipFamily } from './ip.ts';

export interface TrustList {
  any: boolean;
  has(addr: string): boolean;
}

function normalise(addr: string): string {
  // Fast path: what sockets report (no brackets, no spaces, no v4-mapped prefix).
  if (addr.charCodeAt(0) !== 58 /* : */ && addr.charCodeAt(0) !== 91 /* [ */ && addr.indexOf(' ') === -1)
    return addr;
  const a = addr.trim().replace(/^\[|\]$/g, '');
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return m ? m[1]! : a;
}

export function parseTrustList(entries: string[]): TrustList {
  const list = new BlockList();
  let any = false;
  for (const raw of entries.flatMap((e) => e.split(','))) {
    const e = raw.trim();
    if (!e) continue;
    if (e === '*') {
      any = true;
      continue;
    }
    const [ip, bits] = e.split('/');
    const addr = normalise(ip!);
    const family = ipFamily(addr);
    if (!family) throw new Error(`forwarded_allow_ips: "${e}" is not an IP address, a CIDR network or '*'`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits !== undefined) {
      const n = Number(bits);
      if (!Number.isInteger(n) || n < 0 || n > (family === 6 ? 128 : 32))
        throw new Error(`forwarded_allow_ips: "${e}" has an invalid prefix length`);
      list.addSubnet(addr, n, type);
    } else list.addAddress(addr, type);
  }
  return {
    any,
    has(addr) {
      const a = normalise(addr);
      const family = ipFamily(a);
      return family !== 0 && list.check(a, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

export interface ClientInfo {
  remoteAddr: string;
  scheme: 'http' | 'https';
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

/** The address in one X-Forwarded-For entry, or null when the entry is not an address. */
export function parseHop(raw: string): string | null {
  let h = raw.trim();
  if (h.charCodeAt(0) === 91 /* [ */) {
    const end = h.indexOf(']');
    if (end < 0) return null;
    const rest = h.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return null;
    h = h.slice(1, end);
    if (ipFamily(h) !== 6) return null;
  } else {
    const colon = h.indexOf(':');
    // One colon: IPv4 with a port. More: a bare IPv6 address, which cannot carry a port.
    if (colon >= 0 && colon === h.lastIndexOf(':')) {
      if (!/^\d{1,5}$/.test(h.slice(colon + 1))) return null;
      h = h.slice(0, colon);
      if (ipFamily(h) !== 4) return null;
    }
  }
  // A zone index (fe80::1%eth0) means nothing past the proxy that saw it.
  if (h.includes('%') || ipFamily(h) === 0) return null;
  return normalise(h);
}

/** Pure: the peer's address (undefined for a unix socket) and the headers in, the client out. */
export function resolveClient(
  peer: string | undefined,
  xff: string | string[] | undefined,
  xfp: string | string[] | undefined,
  trust: TrustList,
): ClientInfo {
  let remoteAddr = peer === undefined ? '' : normalise(peer);
  let scheme: 'http' | 'https' = 'http';
  // Most requests carry neither header: no trust lookup needed.
  if (xff === undefined && xfp === undefined) return { remoteAddr, scheme };
  const peerTrusted = peer === undefined || trust.any || trust.has(peer);
  if (!peerTrusted) return { remoteAddr, scheme };
  const forwardedFor = headerValue(xff);
  if (forwardedFor !== undefined) {
    const hops = forwardedFor.split(',');
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = parseHop(hops[i]!);
      if (hop === null) break;
      remoteAddr = hop;
      if (trust.any || !trust.has(hop)) break;
    }
  }
  const forwardedProto = headerValue(xfp);
  if (forwardedProto !== undefined) {
    const protos = forwardedProto.split(',');
    for (let i = protos.length - 1; i >= 0; i--) {
      const p = protos[i]!.trim().toLowerCase();
      if (p !== 'http' && p !== 'https') break;
      scheme = p;
    }
  }
  return { remoteAddr, scheme };
}

/** Each HTTP server's trust list, found from a request through `req.socket.server` (node:http sets
 * it on every connection it serves): nothing is stored per request or per connection. */
const trustByServer = new WeakMap<object, TrustList>();

export function registerTrust(server: object, trust: TrustList): void {
  trustByServer.set(server, trust);
}

function resolveFor(req: IncomingMessage, trust: TrustList): ClientInfo {
  return resolveClient(
    req.socket.remoteAddress,
    req.headers['x-forwarded-for'],
    req.headers['x-forwarded-proto'],
    trust,
  );
}

/** The connecting peer's address as logs show it ('' for a unix socket). */
export function peerAddress(socket: { remoteAddress?: string }): string {
  return socket.remoteAddress === undefined ? '' : normalise(socket.remoteAddress);
}

/** The client's address as logs show it: resolved with `trust` when the head carries
 * X-Forwarded-* fields (pass null when it carries none), else the connecting peer's. */
export function clientAddress(req: IncomingMessage, trust: TrustList | null): string {
  return trust ? resolveFor(req, trust).remoteAddr : peerAddress(req.socket);
}

/**
 * Who the client of `req` is, resolved when asked (while the request is served its socket is there
 * to ask) with the trust list of the server that took it; without one, the socket's view.
 */
export function clientInfo(req: IncomingMessage): ClientInfo {
  const socket = req.socket as
    | (IncomingMessage['socket'] & { server?: object; encrypted?: boolean })
    | undefined;
  const trust = socket?.server ? trustByServer.get(socket.server) : undefined;
  if (trust) return resolveFor(req, trust);
  return {
    remoteAddr: normalise(socket?.remoteAddress ?? ''),
    scheme: socket?.encrypted ? 'https' : 'http',
  };
}
