// What server.address() should report for the server tsicorn serves: the first address tsicorn
// itself listens on. Pure.
import { parseBind } from '../server/bind.ts';
import type { ServedAddress } from './listen-capture.ts';

/** null when it cannot be known up front (an inherited fd://, a port 0 chosen by the kernel). */
export function servedAddressOf(binds: readonly string[]): ServedAddress | null {
  const first = binds[0];
  if (!first) return null;
  let b: ReturnType<typeof parseBind>;
  try {
    b = parseBind(first);
  } catch {
    return null;
  }
  if (b.kind === 'unix') return b.path;
  if (b.kind === 'fd' || b.port === 0) return null;
  const address = b.host === 'localhost' ? '127.0.0.1' : b.host;
  return { address, family: b.ipv6 || address.includes(':') ? 'IPv6' : 'IPv4', port: b.port };
}
