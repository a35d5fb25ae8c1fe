// Which process holds a TCP socket, read from /proc (Linux): the socket's inode from
// /proc/net/tcp{,6}, then the process whose /proc/<pid>/fd links to socket:[inode].
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export const TCP_LISTEN = '0A';

/** Inodes of TCP sockets (IPv4 and IPv6) with this local port, filtered by remote port and state. */
export function tcpInodes(localPort: number, filter: { remotePort?: number; state?: string } = {}): string[] {
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      const port = (addr: string) => Number.parseInt(addr.split(':').at(-1)!, 16);
      if (port(f[1]!) !== localPort) continue;
      if (filter.remotePort !== undefined && port(f[2]!) !== filter.remotePort) continue;
      if (filter.state !== undefined && f[3] !== filter.state) continue;
      if (f[9] && f[9] !== '0') out.push(f[9]);
    }
  }
  return out;
}

/** The pids, among `pids`, that have one of `inodes` open. */
export function holders(inodes: string[], pids: number[]): number[] {
  const wanted = new Set(inodes.map((i) => `socket:[${i}]`));
  return pids.filter((pid) => {
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) => {
        try {
          return wanted.has(readlinkSync(`/proc/${pid}/fd/${fd}`));
        } catch {
          return false;
        }
      });
    } catch {
      return false;
    }
  });
}
