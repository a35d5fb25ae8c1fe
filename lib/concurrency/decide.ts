// The dyno-boot sizing decision as a pure function: raw facts read from the cgroup files,
// /proc and the environment in; the value to export, the reason and the log line out.
// profile.d/tsicorn.sh implements the same decision in shell (a test runs both on every
// fixture tree and compares values and log lines byte for byte), so keep the texts in step.
import { MB_PER_WORKER, workersFor, workersForUnknownMemory } from './dynos.ts';
import { nodejsExecdComputes } from './heroku-nodejs.ts';

export type CgroupVersion = 'v1' | 'v2' | 'none';

export interface DynoFacts {
  cgroup: CgroupVersion;
  /** First line of memory.max (v2) or memory.limit_in_bytes (v1); null when missing or unreadable. */
  memoryRaw: string | null;
  /** MemTotal from /proc/meminfo in kB; null when unreadable. */
  memTotalKb: number | null;
  /** CPUs in this process's affinity mask (what `nproc` counts before OMP_* variables). */
  affinityCpus: number;
  /** v2: first line of cpu.max. v1: `<cfs_quota_us> <cfs_period_us>`. null when missing. */
  cpuQuotaRaw: string | null;
  env: {
    WEB_CONCURRENCY?: string;
    WEB_CONCURRENCY_SET_BY?: string;
    DYNO?: string;
    OMP_NUM_THREADS?: string;
    OMP_THREAD_LIMIT?: string;
    /** heroku/nodejs exports it at every launch (Fir exec.d) and boot (classic .profile.d). */
    WEB_MEMORY?: string;
    /** Only the classic heroku/nodejs script exports it; its Fir exec.d does not. */
    MEMORY_AVAILABLE?: string;
  };
}

export type Memory = { known: true; mb: number } | { known: false; why: string };

export interface Cpus {
  count: number;
  /** nproc before the quota, when a quota lowered it. */
  nproc: number;
  quota: number | null;
}

export interface Decision {
  /** set: no value before; replace: another buildpack's default; keep: the user's value. */
  action: 'set' | 'replace' | 'keep';
  /** What tsicorn computed for this dyno. */
  workers: number;
  /** Variables to export (empty when the user's value is kept). */
  exports: Record<string, string>;
  /** Why, in words (also the body of the log line). */
  reason: string;
  /** The one stderr line for web dynos; null elsewhere. */
  logLine: string | null;
}

const DIGITS = /^[0-9]+$/;

export function memoryFile(cgroup: CgroupVersion): string {
  return cgroup === 'v2' ? 'memory.max' : 'memory.limit_in_bytes';
}

/** Read the memory limit. Huge values (16+ digits: v1's "no limit" is about 2^63) and v2 `max` mean no limit. */
export function parseMemory(cgroup: CgroupVersion, raw: string | null, memTotalKb: number | null): Memory {
  if (cgroup === 'none') return { known: false, why: 'no memory cgroup' };
  const file = memoryFile(cgroup);
  if (raw === null) return { known: false, why: `cannot read ${file}` };
  const v = raw.trim();
  if (v === 'max' || (DIGITS.test(v) && v.length > 15)) return { known: false, why: 'no limit' };
  if (!DIGITS.test(v)) return { known: false, why: `invalid value in ${file}` };
  const mb = Math.floor(Number(v) / 1048576);
  if (memTotalKb !== null && Number(v) > memTotalKb * 1024) {
    return { known: false, why: `limit ${mb} MB above MemTotal ${Math.floor(memTotalKb / 1024)} MB` };
  }
  return { known: true, mb };
}

function positiveInt(s: string | undefined): number | null {
  if (s === undefined || !DIGITS.test(s) || s.length > 9) return null;
  const n = Number(s);
  return n > 0 ? n : null;
}

/** What `nproc` prints: the affinity count, replaced by OMP_NUM_THREADS and capped by OMP_THREAD_LIMIT. */
export function nprocFrom(affinityCpus: number, env: DynoFacts['env']): number {
  let n = Math.max(1, affinityCpus);
  // nproc reads the first entry of a comma-separated OMP_NUM_THREADS list.
  const omp = positiveInt(env.OMP_NUM_THREADS?.split(',')[0]);
  if (omp !== null) n = omp;
  const limit = positiveInt(env.OMP_THREAD_LIMIT);
  if (limit !== null && limit < n) n = limit;
  return n;
}

/** CPU quota in whole CPUs (rounded up), or null when none is set or it cannot be read. */
export function parseQuota(raw: string | null): number | null {
  if (raw === null) return null;
  const [q, p] = raw.trim().split(/\s+/);
  const quota = positiveInt(q);
  const period = positiveInt(p);
  if (quota === null || period === null) return null;
  return Math.ceil(quota / period);
}

export function cpusFrom(facts: DynoFacts): Cpus {
  const nproc = nprocFrom(facts.affinityCpus, facts.env);
  const quota = parseQuota(facts.cpuQuotaRaw);
  if (quota !== null && quota < nproc) return { count: quota, nproc, quota };
  return { count: nproc, nproc, quota: null };
}

function describe(mem: Memory, cpus: Cpus, cgroup: CgroupVersion, memTotalKb: number | null) {
  const cpuText =
    cpus.quota === null
      ? `${cpus.count} CPUs`
      : `${cpus.count} CPUs (nproc ${cpus.nproc}, quota ${cpus.quota})`;
  const cgText = cgroup === 'none' ? 'no cgroup' : `cgroup ${cgroup}`;
  if (mem.known) {
    const n = workersFor(mem.mb, cpus.count);
    const rule = `min(max(1, ${mem.mb}/${MB_PER_WORKER}), 2*${cpus.count}+1) = ${n}`;
    return { n, basis: `memory ${mem.mb} MB, ${cpuText}, ${cgText}`, rule };
  }
  const totalMb = memTotalKb === null ? null : Math.floor(memTotalKb / 1024);
  const n = workersForUnknownMemory(cpus.count, totalMb);
  const rule =
    totalMb === null
      ? `2*${cpus.count}+1 = ${n}`
      : `min(2*${cpus.count}+1, max(1, MemTotal ${totalMb}/${MB_PER_WORKER})) = ${n}`;
  return { n, basis: `memory unknown (${mem.why}), ${cpuText}, ${cgText}`, rule };
}

const CANONICAL = /^(0|[1-9][0-9]*)$/;

/**
 * On Fir, heroku/nodejs's exec.d runs before ours and exports WEB_CONCURRENCY and WEB_MEMORY but no
 * WEB_CONCURRENCY_SET_BY. A value without a setter is that program's default when it equals what the
 * program computes from the same cgroup file with the WEB_MEMORY it exported (a decimal number) and
 * MEMORY_AVAILABLE is unset (the classic script sets it, and names itself when it sets the value).
 * Returns the rule as text when it is that default, else null (the user's value).
 */
export function firNodejsDefault(facts: DynoFacts): string | null {
  const { WEB_CONCURRENCY: current = '', WEB_CONCURRENCY_SET_BY: setBy = '', WEB_MEMORY: web } = facts.env;
  if (current === '' || setBy !== '' || facts.env.MEMORY_AVAILABLE !== undefined) return null;
  if (web === undefined || !CANONICAL.test(web)) return null;
  const computed = nodejsExecdComputes(facts.cgroup, facts.memoryRaw, web);
  if (computed === null || String(computed.workers) !== current) return null;
  return `${computed.memoryMb} MB / WEB_MEMORY ${web}`;
}

/** The dyno table's decision for these facts as if nobody had set WEB_CONCURRENCY: the number the
 * .profile.d script would set here. CPU settings that nproc honours (OMP_NUM_THREADS,
 * OMP_THREAD_LIMIT) still count, as they do for the script and for cpusFrom(). */
export function tableDecision(facts: DynoFacts): Decision {
  const env = {
    ...facts.env,
    WEB_CONCURRENCY: undefined,
    WEB_CONCURRENCY_SET_BY: undefined,
    DYNO: undefined,
  };
  return decide({ ...facts, env });
}

export function decide(facts: DynoFacts): Decision {
  const mem = parseMemory(facts.cgroup, facts.memoryRaw, facts.memTotalKb);
  const cpus = cpusFrom(facts);
  const { n, basis, rule } = describe(mem, cpus, facts.cgroup, facts.memTotalKb);
  const current = facts.env.WEB_CONCURRENCY ?? '';
  const setBy = facts.env.WEB_CONCURRENCY_SET_BY ?? '';
  let action: Decision['action'];
  let reason: string;
  const fir = firNodejsDefault(facts);
  if (fir !== null) {
    action = 'replace';
    reason = `WEB_CONCURRENCY=${n}, replacing ${current} that heroku/nodejs's exec.d computed (${fir}) (${basis}: ${rule})`;
  } else if (current !== '' && setBy === '') {
    action = 'keep';
    reason = `keeping WEB_CONCURRENCY=${current} set by the user (${basis} would give ${n})`;
  } else if (current !== '') {
    action = 'replace';
    reason = `WEB_CONCURRENCY=${n}, replacing ${current} from ${setBy} (${basis}: ${rule})`;
  } else {
    action = 'set';
    reason = `WEB_CONCURRENCY=${n} (${basis}: ${rule})`;
  }
  const exports: Record<string, string> = {};
  if (action !== 'keep') {
    exports.WEB_CONCURRENCY = String(n);
    exports.WEB_CONCURRENCY_SET_BY = 'tsicorn';
    if (mem.known) exports.DYNO_RAM = String(mem.mb);
  }
  const web = (facts.env.DYNO ?? '').startsWith('web.');
  return { action, workers: n, exports, reason, logLine: web ? `tsicorn: ${reason}` : null };
}
