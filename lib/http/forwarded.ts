// Who the client is and which scheme it used, honouring X-Forwarded-For / X-Forwarded-Proto only
// when the connecting peer is a trusted proxy (--forwarded-allow-ips).
//
// Rules (documented in the README):
//   - Entries are IPs or CIDR networks; '*' trusts any direct peer. Unix-socket peers (no address)
//     are trusted, as Gunicorn does: only a local process can connect there.
//   - With a list, X-Forwarded-For is walked right to left while the current hop is trusted; the
//     first untrusted hop (or the leftmost entry) is the client. With '*', only the direct peer is
//     trusted, so the client is the last entry: a client cannot spoof it by sending its own header.
//   - X-Forwarded-Proto (first value, http or https) sets the scheme only from a trusted peer.
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

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
    const family = isIP(addr);
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
      const family = isIP(a);
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
  const hops = (headerValue(xff) ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  if (hops.length) {
    if (trust.any) remoteAddr = normalise(hops[hops.length - 1]!);
    else {
      for (let i = hops.length - 1; i >= 0; i--) {
        remoteAddr = normalise(hops[i]!);
        if (!trust.has(remoteAddr)) break;
      }
    }
  }
  const proto = (headerValue(xfp) ?? '').split(',')[0]!.trim().toLowerCase();
  if (proto === 'https' || proto === 'http') scheme = proto;
  return { remoteAddr, scheme };
}

// A symbol-keyed property rather than a WeakMap: it is set on every request, and this is cheaper.
const kClient = Symbol('tsicorn.client');
type Tagged = IncomingMessage & { [kClient]?: ClientInfo };

export function setClientInfo(req: IncomingMessage, info: ClientInfo): void {
  (req as Tagged)[kClient] = info;
}

/** What the HTTP layer decided about this request's client; falls back to the socket's view. */
export function clientInfo(req: IncomingMessage): ClientInfo {
  return (
    (req as Tagged)[kClient] ?? {
      remoteAddr: normalise(req.socket?.remoteAddress ?? ''),
      scheme: (req.socket as { encrypted?: boolean } | undefined)?.encrypted ? 'https' : 'http',
    }
  );
}
