// `tsicorn doctor` as a pure function: the dyno's facts, the resolved settings, host facts and the
// running master's live status in; the report (JSON fields, and the same as text) out.
import { dynoMemory } from '../autotune/boot-fit.ts';
import { countOrigin } from '../autotune/origin.ts';
import { userHeapSetting, workerLimits } from '../autotune/share.ts';
import { cpusFrom, type DynoFacts, nprocFrom, tableDecision } from '../concurrency/decide.ts';
import { DYNO_SIZES } from '../concurrency/dynos.ts';
import type { CgroupUsage } from '../concurrency/usage.ts';
import type { SettingSource } from '../config/resolve.ts';
import { nodeArgWords } from '../config/shellsplit.ts';
import type { Settings } from '../config/types.ts';
import type { LiveStatus } from '../server/status-file.ts';

export interface HostFacts {
  cpuModel: string | null;
  physicalCores: number | null;
  logicalCpus: number | null;
}

export interface DoctorInput {
  facts: DynoFacts;
  usage: CgroupUsage | null;
  settings: Settings;
  sources: { workers: SettingSource; maxWorkerMemory: SettingSource };
  nodeOptions: string | undefined;
  /** RSS of this process (MB): the same bundle on the same Node, so about what a master uses. */
  selfRssMb: number;
  host: HostFacts | null;
  /** The running master's status, or why there is none. */
  live: LiveStatus | null;
  liveWhy: string;
}

export interface DoctorReport {
  cgroupVersion: 1 | 2 | null;
  memoryLimitMb: number | null;
  memoryInUseMb: number | null;
  memoryUsageMb: number | null;
  cpuCount: number;
  cpus: { affinity: number; nproc: number; quota: number | null };
  dynoType: string | null;
  dynoAliases: string[];
  webConcurrency: { value: string | null; setBy: string | null; chosenBy: 'user' | 'platform' | 'none' };
  tableWorkers: number;
  workers: number;
  heapLimitMb: number | null;
  maxWorkerMemoryMb: number;
  host: HostFacts | null;
  live: LiveStatus | null;
  reasons: string[];
}

const round = (n: number) => Math.round(n);

export function doctorReport(d: DoctorInput): DoctorReport {
  const { facts } = d;
  const dyno = dynoMemory(facts);
  const cpus = cpusFrom(facts);
  const nproc = nprocFrom(facts.affinityCpus, facts.env);
  const origin = countOrigin(d.sources.workers, facts);
  const table = tableDecision(facts);
  const reasons: string[] = [];

  reasons.push(
    dyno.limitMb === null
      ? `Memory: ${dyno.text}: nothing is fitted, capped or replaced by size.`
      : `Memory: ${dyno.text}${d.usage ? `; ${round(d.usage.inUseMb)} MB in use (${round(d.usage.usageMb)} MB charged, minus inactive file cache)` : ''}.`,
  );
  reasons.push(
    `CPUs: ${cpus.count} (${facts.affinityCpus} in the affinity mask, nproc ${nproc}${cpus.quota === null ? ', no lower CPU quota' : `, CPU quota ${cpus.quota}`}).`,
  );

  const exact = DYNO_SIZES.filter((s) => s.memoryMb === dyno.limitMb && s.nproc === nproc);
  const byMemory = DYNO_SIZES.filter((s) => s.memoryMb === dyno.limitMb);
  const type = exact[0] ?? null;
  if (type)
    reasons.push(
      `Dyno type: ${[type.name, ...type.aliases].join(' / ')} (${type.memoryMb} MB, nproc ${type.nproc}).`,
    );
  else if (byMemory.length > 0)
    reasons.push(
      `Dyno type: none matches exactly; ${dyno.limitMb} MB is ${byMemory.map((s) => `${s.name} (nproc ${s.nproc})`).join(', ')}, but nproc here is ${nproc}.`,
    );
  else reasons.push('Dyno type: no row of the dyno table has this memory.');
  reasons.push(`Dyno table: ${table.reason}.`);

  const wc = facts.env.WEB_CONCURRENCY ?? null;
  const setBy = facts.env.WEB_CONCURRENCY_SET_BY || null;
  // Beside a running master, these two lines are what a new start from this shell's settings would
  // do (its own flags and environment may differ): said so, so they do not read as the master's.
  const forNewStart = d.live ? "For a new start with this shell's settings: " : '';
  reasons.push(
    `${forNewStart}Worker count: ${origin.detail} (${origin.kind === 'user' ? 'chosen by the user: obeyed' : origin.kind === 'platform' ? 'a platform default: fitted to the app at boot' : 'nobody chose it'}).`,
  );

  let workers: number;
  if (origin.kind === 'user' || dyno.limitMb === null) {
    workers = d.settings.workers;
    reasons.push(`${forNewStart}Workers: ${workers}, as configured.`);
  } else {
    workers = dyno.tableWorkers;
    reasons.push(
      `${forNewStart}Workers: at most ${workers} (the dyno table); fewer if they do not fit: the first worker boots alone and ` +
        `90 % of the ${dyno.limitMb} MB limit, minus the master, divided by its RSS is the count.`,
    );
  }
  if (d.live) {
    workers = d.live.target;
    reasons.push(`Running master ${d.live.pid}: ${workers} worker(s) now (${d.live.countChosenBy}).`);
  } else reasons.push(`No live figures: ${d.liveWhy}.`);

  const masterMb = d.live?.masterRssMb ?? d.selfRssMb;
  const limits = workerLimits({
    limitMb: dyno.limitMb,
    masterMb,
    workers,
    nonHeapMb: null,
    userHeap: userHeapSetting({ nodeOptions: d.nodeOptions, nodeArgs: nodeArgWords(d.settings.nodeArgs) }),
    userMaxWorkerMemory: d.sources.maxWorkerMemory.kind === 'default' ? null : d.settings.maxWorkerMemory,
  });
  const heapLimitMb = d.live ? d.live.heapLimitMb : limits.heapMb;
  const maxWorkerMemoryMb = d.live ? d.live.maxWorkerMemoryMb : limits.maxWorkerMemoryMb;
  if (d.live)
    reasons.push(
      `Heap limit per worker: ${heapLimitMb === null ? "V8's default or the user's" : `${heapLimitMb} MB`}; --max-worker-memory ${maxWorkerMemoryMb} MB (the running master's).`,
    );
  else {
    const estimate = ` (master RSS estimated from this process: ${round(masterMb)} MB)`;
    reasons.push(`${limits.heapReason}${limits.heapMb === null ? '' : estimate}.`);
    reasons.push(`${limits.maxWorkerMemoryReason}.`);
  }
  if (d.host?.cpuModel)
    reasons.push(
      `Host: ${d.host.cpuModel}, ${d.host.physicalCores ?? '?'} physical cores, ${d.host.logicalCpus ?? '?'} logical CPUs (the host's, not the dyno's: sizing uses the cgroup and affinity above).`,
    );

  return {
    cgroupVersion: facts.cgroup === 'v1' ? 1 : facts.cgroup === 'v2' ? 2 : null,
    memoryLimitMb: dyno.limitMb,
    memoryInUseMb: d.usage ? round(d.usage.inUseMb) : null,
    memoryUsageMb: d.usage ? round(d.usage.usageMb) : null,
    cpuCount: cpus.count,
    cpus: { affinity: facts.affinityCpus, nproc, quota: cpus.quota },
    dynoType: type?.name ?? null,
    dynoAliases: type?.aliases ?? [],
    webConcurrency: { value: wc, setBy, chosenBy: origin.kind },
    tableWorkers: dyno.tableWorkers,
    workers,
    heapLimitMb,
    maxWorkerMemoryMb,
    host: d.host,
    live: d.live,
    reasons,
  };
}

/** The report for people: the facts, then why, then the live workers and decisions. */
export function renderDoctor(r: DoctorReport, now: number): string {
  const lines = [
    'tsicorn doctor',
    `  cgroup:          ${r.cgroupVersion === null ? 'none' : `v${r.cgroupVersion}`}`,
    `  memory limit:    ${r.memoryLimitMb === null ? 'unknown' : `${r.memoryLimitMb} MB`}${r.memoryInUseMb === null ? '' : `, ${r.memoryInUseMb} MB in use`}`,
    `  CPUs:            ${r.cpuCount}`,
    `  dyno type:       ${r.dynoType === null ? 'no exact match' : [r.dynoType, ...r.dynoAliases].join(' / ')}`,
    `  WEB_CONCURRENCY: ${r.webConcurrency.value ?? 'unset'}${r.webConcurrency.setBy ? ` (set by ${r.webConcurrency.setBy})` : ''}; count chosen by: ${r.webConcurrency.chosenBy}`,
    `  workers:         ${r.workers} (dyno table: ${r.tableWorkers})`,
    `  heap limit:      ${r.heapLimitMb === null ? "V8's default (or yours)" : `${r.heapLimitMb} MB per worker`}`,
    `  max memory:      ${r.maxWorkerMemoryMb === 0 ? 'off' : `${r.maxWorkerMemoryMb} MB per worker`}`,
    'Why:',
    ...r.reasons.map((x) => `  - ${x}`),
  ];
  if (r.live) {
    lines.push(`Live (master ${r.live.pid}, status ${((now - r.live.at) / 1000).toFixed(0)} s old):`);
    for (const w of r.live.workers)
      lines.push(
        `  worker ${w.pid} (#${w.age}, ${w.state}): ${round(w.rssMb)} MB RSS, heap ${round(w.heapUsedMb)} MB used` +
          (w.heapLimitMb === null ? '' : ` of ${w.heapLimitMb} MB`),
      );
    lines.push(
      `  master: ${round(r.live.masterRssMb)} MB RSS; cgroup in use: ${r.live.inUseMb === null ? 'unreadable' : `${round(r.live.inUseMb)} MB`}`,
    );
    lines.push('Decisions so far:');
    for (const dcs of r.live.decisions) lines.push(`  ${new Date(dcs.at).toISOString()} ${dcs.text}`);
    if (r.live.decisions.length === 0) lines.push('  (none)');
  }
  return `${lines.join('\n')}\n`;
}
