// The autotuner's edge in the master: reads the dyno's facts once (cgroup limit, CPUs, who chose
// the count; the master's memory report and metrics use the same read), samples cgroup usage every
// USAGE_EVERY_MS, keeps what the autotune policy remembers, and turns the current count into each
// new worker's Node flags (--node-args, the heap limit).
// The decisions are in lib/autotune/ and lib/server/policy/autotune.ts.
import { type DynoMemory, dynoMemory } from '../autotune/boot-fit.ts';
import { type CountOrigin, countOrigin } from '../autotune/origin.ts';
import { userHeapSetting, type WorkerLimits, workerLimits } from '../autotune/share.ts';
import { initialTuneState, type TuneFacts, type TuneState } from '../autotune/state.ts';
import type { DynoFacts } from '../concurrency/decide.ts';
import { readFacts } from '../concurrency/facts.ts';
import { readCgroupUsage, readOomKills } from '../concurrency/usage.ts';
import type { SettingSource } from '../config/resolve.ts';
import { nodeArgWords } from '../config/shellsplit.ts';
import type { Settings } from '../config/types.ts';
import { dynoLimit } from './dyno-limit.ts';
import type { Launch } from './launch.ts';
import type { DynoLimit } from './memory.ts';
import type { WorkerFacts } from './policy/types.ts';
import type { LiveStatus } from './status-file.ts';

export const USAGE_EVERY_MS = 2000;
const MB = 1024 * 1024;

/** Where the count and --max-worker-memory came from (the resolver's sources for those settings). */
export interface TuneSources {
  workers: SettingSource;
  maxWorkerMemory: SettingSource;
}

export class MasterTuner {
  private readonly root: string;
  private readonly facts: DynoFacts;
  readonly dyno: DynoMemory;
  /** The same memory limit as the master's memory report and metrics state it. */
  readonly limit: DynoLimit;
  origin: CountOrigin;
  private userMaxWorkerMemory: boolean;
  state: TuneState = initialTuneState();
  private usage: TuneFacts['usage'] = null;
  private readonly launch: Launch;

  constructor(launch: Launch, sources: TuneSources) {
    this.launch = launch;
    this.root = launch.env.TSICORN_CGROUP_ROOT || '/';
    this.facts = readFacts(this.root, launch.env);
    this.dyno = dynoMemory(this.facts);
    this.limit = dynoLimit(this.facts);
    this.origin = countOrigin(sources.workers, this.facts);
    this.userMaxWorkerMemory = sources.maxWorkerMemory.kind !== 'default';
  }

  /** After HUP: the count and --max-worker-memory may come from elsewhere now. */
  reconfigured(sources: TuneSources): void {
    // A count TTIN/TTOU set stays the operator's until the config names one.
    if (!(this.origin.kind === 'user' && sources.workers.kind === 'default'))
      this.origin = countOrigin(sources.workers, this.facts);
    this.userMaxWorkerMemory = sources.maxWorkerMemory.kind !== 'default';
  }

  /** TTIN/TTOU: the operator chose the count; the autotuner leaves it alone from now on. */
  operatorChose(detail: string): void {
    this.origin = { kind: 'user', detail };
  }

  /** OOM kills counted in the dyno's memory cgroup so far (null: no cgroup, or it does not count them). */
  oomKills(): number | null {
    return readOomKills(this.root, this.facts.cgroup);
  }

  /** Reads cgroup usage when the last sample is older than USAGE_EVERY_MS; true when it did. */
  sample(now: number): boolean {
    if (this.usage !== null && now - this.usage.at < USAGE_EVERY_MS) return false;
    const u = readCgroupUsage(this.root, this.facts.cgroup);
    this.usage = { inUseMb: u === null ? null : u.inUseMb, at: now };
    return true;
  }

  /** The live figures `tsicorn doctor` shows (lib/server/status-file.ts). */
  status(settings: Settings, workers: readonly WorkerFacts[], masterRss: number, now: number): LiveStatus {
    const limits = this.limits(settings, this.workers(settings), masterRss);
    return {
      pid: process.pid,
      at: now,
      target: settings.workers,
      countChosenBy: `${this.origin.kind === 'none' ? 'nobody' : this.origin.kind}: ${this.origin.detail}`,
      masterRssMb: masterRss / MB,
      inUseMb: this.usage?.inUseMb ?? null,
      heapLimitMb: limits.heapMb,
      maxWorkerMemoryMb: limits.maxWorkerMemoryMb,
      workers: workers.map((w) => ({
        pid: w.pid,
        age: w.age,
        state: w.retiring ? `${w.state}, retiring` : w.state,
        rssMb: w.rss / MB,
        heapUsedMb: w.heapUsed / MB,
        heapLimitMb: w.heapLimitMb,
      })),
      decisions: [...this.state.decisions],
    };
  }

  limits(settings: Settings, workers: number, masterRss: number): WorkerLimits {
    const s = this.state;
    return workerLimits({
      limitMb: this.dyno.limitMb,
      masterMb: s.masterMb ?? masterRss / MB,
      workers,
      nonHeapMb: s.bootRssMb !== null && s.bootHeapUsedMb !== null ? s.bootRssMb - s.bootHeapUsedMb : null,
      userHeap: userHeapSetting({
        nodeOptions: this.launch.env.NODE_OPTIONS,
        masterExecArgv: this.launch.execArgv,
        nodeArgs: nodeArgWords(settings.nodeArgs),
      }),
      userMaxWorkerMemory: this.userMaxWorkerMemory ? settings.maxWorkerMemory : null,
      bootRssMb: s.bootRssMb,
      bootHeapUsedMb: s.bootHeapUsedMb,
    });
  }

  /** While the first worker is being measured it is alone: its limits are those of one worker. */
  private workers(settings: Settings): number {
    return this.state.bootFit === 'pending' ? 1 : settings.workers;
  }

  tuneFacts(settings: Settings, masterRss: number): TuneFacts {
    return {
      origin: this.origin,
      dyno: this.dyno,
      usage: this.usage,
      limits: this.limits(settings, this.workers(settings), masterRss),
      state: this.state,
    };
  }

  /** Flags for the worker about to start: --node-args, then the heap limit for the current count. */
  workerArgs(settings: Settings, masterRss: number): { args: string[]; heapLimitMb: number | null } {
    const heap = this.limits(settings, this.workers(settings), masterRss).heapMb;
    const args = nodeArgWords(settings.nodeArgs);
    if (heap !== null) args.push(`--max-heap-size=${heap}`);
    return { args, heapLimitMb: heap };
  }
}
