// How the local dyno harness reproduces a dyno size on this machine. Pure: the size and what the
// host can do in, the boot mode and a sentence saying what is real and what is emulated out.
import { findDyno, workersFor } from '../../lib/concurrency/dynos.ts';

export interface DynoSpec {
  label: string;
  /** null: no memory limit. */
  memoryMb: number | null;
  /** CPUs the dyno reports (nproc). */
  nproc: number;
  /** fixtures/cgroups/<fixture> reproducing it, when one exists. */
  fixture: string | null;
}

export interface HostFacts {
  /** Memory cgroup version we can create (as root), or null with the reason. */
  cgroup: 'v1' | 'v2' | null;
  why: string;
  cpus: number;
  memTotalMb: number;
}

export type BootPlan =
  | { mode: 'cgroup'; memoryMb: number | null; cpuList: string; cpus: number; note: string }
  | { mode: 'fixture'; fixture: string; note: string };

/** `standard-2x`, `perf-m` style names, or `<MB>mb-<N>cpu` (e.g. 1024mb-2cpu, nolimit-1cpu). */
export function parseDyno(name: string): DynoSpec | null {
  const d = findDyno(name);
  if (d) return { label: d.name, memoryMb: d.memoryMb, nproc: d.nproc, fixture: `${d.name}-v1` };
  const m = /^(?:([0-9]+)mb|nolimit)-([0-9]+)cpus?$/i.exec(name);
  if (!m) return null;
  const memoryMb = m[1] === undefined ? null : Number(m[1]);
  return { label: name.toLowerCase(), memoryMb, nproc: Number(m[2]), fixture: null };
}

const cpuList = (n: number) => (n === 1 ? '0' : `0-${n - 1}`);

export function planBoot(spec: DynoSpec, host: HostFacts, opts: { forceFixture?: boolean } = {}): BootPlan {
  const memText = spec.memoryMb === null ? 'no memory limit' : `${spec.memoryMb} MB`;
  let blocker: string | null = opts.forceFixture
    ? 'fixture trees requested'
    : host.cgroup === null
      ? host.why
      : null;
  let cpus = spec.nproc;
  let cpuNote = '';
  if (blocker === null && spec.nproc > host.cpus) {
    // This machine has fewer CPUs; a real cgroup is still faithful when the result is the same.
    const same =
      spec.memoryMb !== null &&
      workersFor(spec.memoryMb, spec.nproc) === workersFor(spec.memoryMb, host.cpus);
    if (same) {
      cpus = host.cpus;
      cpuNote = ` (the dyno reports ${spec.nproc} CPUs; this machine has ${host.cpus}, which gives the same WEB_CONCURRENCY)`;
    } else blocker = `this machine has ${host.cpus} CPUs, not ${spec.nproc}`;
  }
  if (blocker === null && spec.memoryMb !== null && spec.memoryMb > host.memTotalMb) {
    blocker = `this machine has ${host.memTotalMb} MB, less than ${spec.memoryMb} MB`;
  }
  if (blocker === null) {
    return {
      mode: 'cgroup',
      memoryMb: spec.memoryMb,
      cpuList: cpuList(cpus),
      cpus,
      note: `a real ${host.cgroup} memory cgroup (${memText}) pinned to CPUs ${cpuList(cpus)} with taskset${cpuNote}`,
    };
  }
  if (spec.fixture === null) {
    throw new Error(
      `cannot reproduce ${spec.label} here (${blocker}) and no fixture tree exists for it; use a named size`,
    );
  }
  return {
    mode: 'fixture',
    fixture: spec.fixture,
    note: `fixture tree fixtures/cgroups/${spec.fixture} (${memText}, ${spec.nproc} CPUs) via TSICORN_CGROUP_ROOT, because ${blocker}`,
  };
}
