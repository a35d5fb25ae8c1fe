// Real memory cgroups for the local dyno harness (root only): make one, size it, run a command
// inside it through enter-cgroup.sh, and remove it afterwards.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type CgroupVersion = 'v1' | 'v2';

export const ENTER_CGROUP = fileURLToPath(new URL('./enter-cgroup.sh', import.meta.url));

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Which memory controller this machine lets us use, or why not. */
export function cgroupSupport(): { version: CgroupVersion; base: string } | { version: null; why: string } {
  if (!isRoot()) return { version: null, why: 'not running as root' };
  if (existsSync('/sys/fs/cgroup/memory/memory.limit_in_bytes')) {
    return { version: 'v1', base: '/sys/fs/cgroup/memory' };
  }
  try {
    const controllers = readFileSync('/sys/fs/cgroup/cgroup.controllers', 'utf8');
    if (controllers.split(/\s+/).includes('memory')) return { version: 'v2', base: '/sys/fs/cgroup' };
  } catch {
    // no unified hierarchy either
  }
  return { version: null, why: 'no memory cgroup controller available' };
}

export interface Cgroup {
  path: string;
  version: CgroupVersion;
  /** Kill what is still inside (only what we started there) and remove the cgroup. */
  remove(): void;
}

/** A fresh memory cgroup limited to `memoryMb` (null: no limit). */
export function createCgroup(memoryMb: number | null): Cgroup {
  const support = cgroupSupport();
  if (support.version === null) throw new Error(`cannot create a memory cgroup: ${support.why}`);
  const path = join(
    support.base,
    `tsicorn-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
  );
  mkdirSync(path);
  const bytes = memoryMb === null ? null : String(memoryMb * 1048576);
  if (support.version === 'v1') {
    if (bytes !== null) writeFileSync(join(path, 'memory.limit_in_bytes'), bytes);
  } else if (bytes !== null) {
    writeFileSync(join(path, 'memory.max'), bytes);
  }
  return {
    path,
    version: support.version,
    remove() {
      for (let i = 0; i < 50; i++) {
        let pids: number[] = [];
        try {
          pids = readFileSync(join(path, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
        } catch {
          return;
        }
        for (const pid of pids) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
        try {
          rmdirSync(path);
          return;
        } catch {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        }
      }
    },
  };
}

/** argv that runs `command` inside `cg`, pinned to `cpuList`, with the limit visible as on a dyno. */
export function insideCgroup(cg: Cgroup, cpuList: string, command: string[]): string[] {
  return ['/bin/bash', ENTER_CGROUP, cg.path, cg.version, cpuList, '--', ...command];
}
