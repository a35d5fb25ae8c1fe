// Parses one `--bind` address. Forms: HOST:PORT, [IPV6]:PORT, unix:/path (Gunicorn's spellings).
import { isIP } from 'node:net';

export type BindAddress = { kind: 'tcp'; host: string; port: number } | { kind: 'unix'; path: string };

/** Returns the parsed address, or an error string saying what is wrong and what would be valid. */
export function parseBind(spec: string): BindAddress | { error: string } {
  const s = spec.trim();
  if (s.startsWith('unix:')) {
    const path = s.slice(5);
    if (!path) return { error: `bind "${spec}": unix: needs a socket path, e.g. unix:/tmp/tsicorn.sock` };
    return { kind: 'unix', path };
  }
  let host: string;
  let portText: string;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(s);
  if (v6) {
    host = v6[1]!;
    portText = v6[2]!;
    if (isIP(host) !== 6) return { error: `bind "${spec}": "${host}" inside [...] is not an IPv6 address` };
  } else {
    const i = s.lastIndexOf(':');
    if (i < 0) return { error: `bind "${spec}": expected HOST:PORT, [IPV6]:PORT or unix:PATH` };
    host = s.slice(0, i);
    portText = s.slice(i + 1);
    if (host.includes(':'))
      return { error: `bind "${spec}": write IPv6 addresses in brackets, e.g. [::]:8000` };
    if (!host) return { error: `bind "${spec}": missing host; use 0.0.0.0${s} for all interfaces` };
  }
  if (!/^\d+$/.test(portText) || Number(portText) > 65535)
    return { error: `bind "${spec}": port "${portText}" must be a number from 0 to 65535` };
  return { kind: 'tcp', host, port: Number(portText) };
}
