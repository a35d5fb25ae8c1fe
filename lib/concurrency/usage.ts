// I/O edge: what the dyno's memory cgroup charges right now, read under the same root as the
// sizing facts (TSICORN_CGROUP_ROOT in tests). "In use" is the usage minus inactive file cache,
// which the kernel reclaims before it swaps or kills (what `docker stats` and Kubernetes call the
// working set): the figure that decides whether a dyno is near its limit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CgroupVersion } from './decide.ts';

export interface CgroupUsage {
  /** Everything charged, page cache included, MB. */
  usageMb: number;
  /** Usage minus inactive file cache, MB. */
  inUseMb: number;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function statField(text: string, key: string): number | null {
  for (const line of text.split('\n')) {
    const [k, v] = line.split(' ');
    if (k === key && v !== undefined && /^[0-9]+$/.test(v)) return Number(v);
  }
  return null;
}

export function readCgroupUsage(root: string, cgroup: CgroupVersion): CgroupUsage | null {
  if (cgroup === 'none') return null;
  const dir = join(root, 'sys/fs/cgroup', cgroup === 'v1' ? 'memory' : '');
  const raw = read(join(dir, cgroup === 'v1' ? 'memory.usage_in_bytes' : 'memory.current'))?.trim();
  if (raw === undefined || !/^[0-9]+$/.test(raw)) return null;
  const usage = Number(raw);
  const stat = read(join(dir, 'memory.stat'));
  const inactive =
    stat === null ? null : statField(stat, cgroup === 'v1' ? 'total_inactive_file' : 'inactive_file');
  const inUse = inactive === null || inactive > usage ? usage : usage - inactive;
  return { usageMb: usage / 1048576, inUseMb: inUse / 1048576 };
}

/** OOM kills the kernel has counted in the dyno's memory cgroup since it was made (`oom_kill N` in
 * v1's memory.oom_control and v2's memory.events, Linux 4.13+), or null when it does not say. A
 * worker that dies of SIGKILL nobody in tsicorn sent is an OOM kill when this count rose. */
export function readOomKills(root: string, cgroup: CgroupVersion): number | null {
  if (cgroup === 'none') return null;
  const dir = join(root, 'sys/fs/cgroup', cgroup === 'v1' ? 'memory' : '');
  const text = read(join(dir, cgroup === 'v1' ? 'memory.oom_control' : 'memory.events'));
  return text === null ? null : statField(text, 'oom_kill');
}
