// The one dyno table: every size as a process inside the dyno sees it (cgroup memory limit and
// what `nproc` prints), with the WEB_CONCURRENCY the platform documents for it.
// Source: shared/reference/heroku-platform.md. Tests prove the rule below reproduces every row,
// and that profile.d/tsicorn.sh (shell, for speed at boot) agrees with this TypeScript.

export interface DynoSize {
  /** Lower-case name used by the local dyno harness and the fixture trees (fixtures/cgroups/<name>-v1|v2). */
  name: string;
  /** Names the platform uses for the same size. */
  aliases: string[];
  memoryMb: number;
  nproc: number;
  /** The published WEB_CONCURRENCY for this size. */
  expected: number;
}

export const DYNO_SIZES: readonly DynoSize[] = [
  { name: 'standard-1x', aliases: ['eco', 'basic'], memoryMb: 512, nproc: 8, expected: 2 },
  { name: 'standard-2x', aliases: [], memoryMb: 1024, nproc: 8, expected: 4 },
  { name: 'performance-m', aliases: [], memoryMb: 2560, nproc: 2, expected: 5 },
  { name: 'performance-l', aliases: [], memoryMb: 14336, nproc: 8, expected: 17 },
  { name: 'performance-l-ram', aliases: [], memoryMb: 30720, nproc: 4, expected: 9 },
  { name: 'performance-xl', aliases: [], memoryMb: 63488, nproc: 8, expected: 17 },
  { name: 'performance-2xl', aliases: [], memoryMb: 129024, nproc: 16, expected: 33 },
  { name: 'private-s', aliases: ['shield-s'], memoryMb: 1024, nproc: 2, expected: 4 },
  { name: 'private-m', aliases: ['shield-m'], memoryMb: 2560, nproc: 2, expected: 5 },
  { name: 'private-l', aliases: ['shield-l'], memoryMb: 14336, nproc: 8, expected: 17 },
  { name: 'private-l-ram', aliases: ['shield-l-ram'], memoryMb: 30720, nproc: 4, expected: 9 },
  { name: 'private-xl', aliases: ['shield-xl'], memoryMb: 63488, nproc: 8, expected: 17 },
  { name: 'private-2xl', aliases: ['shield-2xl'], memoryMb: 129024, nproc: 16, expected: 33 },
];

/** MB of memory per worker the rule budgets. */
export const MB_PER_WORKER = 256;

/** The sizing rule: one worker per 256 MB (at least one), at most two per CPU plus one. */
export function workersFor(memoryMb: number, cpus: number): number {
  return Math.min(Math.max(1, Math.floor(memoryMb / MB_PER_WORKER)), 2 * cpus + 1);
}

/** Without a memory limit: size from CPUs alone, still capped by the host's memory when known. */
export function workersForUnknownMemory(cpus: number, memTotalMb: number | null): number {
  const byCpu = 2 * cpus + 1;
  return memTotalMb === null ? byCpu : Math.min(byCpu, Math.max(1, Math.floor(memTotalMb / MB_PER_WORKER)));
}

export function findDyno(name: string): DynoSize | undefined {
  const n = name.toLowerCase();
  return DYNO_SIZES.find((d) => d.name === n || d.aliases.includes(n));
}
