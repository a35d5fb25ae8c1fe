// I/O edge of the sizing: read the facts decide() needs from a filesystem root. The root is `/`
// on a dyno; tests and the local dyno harness point it (TSICORN_CGROUP_ROOT, the same seam
// profile.d/tsicorn.sh honours) at fixtures/cgroups/<dyno>-v1|v2, which hold sys/fs/cgroup/...
// and proc/meminfo + proc/self/status, so sizes this machine cannot produce still read as real.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CgroupVersion, DynoFacts } from './decide.ts';

function firstLine(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').split('\n')[0]!.trim();
  } catch {
    return null;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Count CPUs in a list such as `0-3,6,8-9` (Cpus_allowed_list). */
export function countCpuList(list: string): number | null {
  let n = 0;
  for (const part of list.trim().split(',')) {
    const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(part);
    if (!m) return null;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) return null;
    n += hi - lo + 1;
  }
  return n > 0 ? n : null;
}

function field(path: string, name: string): string | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const [k, ...rest] = line.trim().split(/\s+/);
    if (k === `${name}:`) return rest[0] ?? null;
  }
  return null;
}

/** Number of `processor` entries in a cpuinfo text (the first word of a line, as bash `read` splits it). */
export function countCpuinfoProcessors(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) if (line.trim().split(/\s+/)[0] === 'processor') n++;
  return n;
}

/**
 * A fixture root without proc/self/status: count its proc/cpuinfo, else use this machine's own
 * affinity mask (what nproc would print here). Production (root `/`) always has the status file.
 */
function fallbackCpuList(root: string): string | null {
  if (root === '/' || root === '') return null;
  let cpuinfo: string | null = null;
  try {
    cpuinfo = readFileSync(join(root, 'proc/cpuinfo'), 'utf8');
  } catch {
    return field('/proc/self/status', 'Cpus_allowed_list');
  }
  const n = countCpuinfoProcessors(cpuinfo);
  return n > 0 ? `0-${n - 1}` : null;
}

export function readFacts(root: string, env: DynoFacts['env']): DynoFacts {
  const cg = join(root, 'sys/fs/cgroup');
  const cgroup: CgroupVersion = existsSync(join(cg, 'cgroup.controllers'))
    ? 'v2'
    : isDir(join(cg, 'memory'))
      ? 'v1'
      : 'none';
  let memoryRaw: string | null = null;
  let cpuQuotaRaw: string | null = null;
  if (cgroup === 'v2') {
    memoryRaw = firstLine(join(cg, 'memory.max'));
    cpuQuotaRaw = firstLine(join(cg, 'cpu.max'));
  } else if (cgroup === 'v1') {
    memoryRaw = firstLine(join(cg, 'memory/memory.limit_in_bytes'));
    const q = firstLine(join(cg, 'cpu/cpu.cfs_quota_us'));
    const p = firstLine(join(cg, 'cpu/cpu.cfs_period_us'));
    cpuQuotaRaw = q !== null && p !== null ? `${q} ${p}` : null;
  }
  const kb = field(join(root, 'proc/meminfo'), 'MemTotal');
  const memTotalKb = kb !== null && /^[0-9]+$/.test(kb) ? Number(kb) : null;
  const list = field(join(root, 'proc/self/status'), 'Cpus_allowed_list') ?? fallbackCpuList(root);
  const affinityCpus = (list === null ? null : countCpuList(list)) ?? 1;
  return { cgroup, memoryRaw, memTotalKb, affinityCpus, cpuQuotaRaw, env };
}
