// Who is listening on a Unix socket path, for the error that refuses to take it over: Linux lists
// listening Unix sockets in /proc/net/unix (with the path they were bound to and their inode), and
// every process's descriptors in /proc/PID/fd link to `socket:[INODE]`. Best effort: another
// user's processes are invisible without privileges, and other systems have no /proc.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { resolve } from 'node:path';

/** __SO_ACCEPTCON in /proc/net/unix's Flags column: the socket is listening. */
const LISTENING = 0x10000;

export interface SocketOwner {
  pid: number;
  /** The process's command line as ps shows it (tsicorn masters show `tsicorn: master [app]`). */
  title: string;
}

/** Inodes of the listening sockets bound to `path`, from /proc/net/unix text. Pure. */
export function listeningInodes(procNetUnix: string, path: string): string[] {
  const wanted = resolve(path);
  const inodes: string[] = [];
  for (const line of procNetUnix.split('\n').slice(1)) {
    // Num RefCount Protocol Flags Type St Inode Path
    const cols = line.trim().split(/\s+/);
    if (cols.length < 8) continue;
    const bound = cols.slice(7).join(' ');
    if ((Number.parseInt(cols[3]!, 16) & LISTENING) === 0) continue;
    if (bound === path || bound === wanted) inodes.push(cols[6]!);
  }
  return inodes;
}

function parentPid(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/** The process holding a listening socket bound to `path` (the master, when its workers hold it too). */
export function findSocketOwner(path: string): SocketOwner | null {
  let inodes: Set<string>;
  try {
    inodes = new Set(
      listeningInodes(readFileSync('/proc/net/unix', 'utf8'), path).map((i) => `socket:[${i}]`),
    );
  } catch {
    return null;
  }
  if (inodes.size === 0) return null;
  const holders: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (inodes.has(readlinkSync(`/proc/${entry}/fd/${fd}`))) {
          holders.push(Number(entry));
          break;
        }
      } catch {
        // the descriptor closed meanwhile
      }
    }
  }
  if (holders.length === 0) return null;
  const pid = holders.find((p) => !holders.includes(parentPid(p))) ?? holders[0]!;
  let title = '';
  try {
    title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+$/, '').replace(/\0/g, ' ');
  } catch {}
  return { pid, title };
}
