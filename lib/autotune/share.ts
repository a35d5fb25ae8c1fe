// How much memory each worker may use, from the dyno's memory limit (pure functions, MB).
//
//   budget                = HEADROOM x limit - master RSS        (what the workers may use together)
//   fair share            = budget / workers                     (default --max-worker-memory)
//   heap limit per worker = (limit - master RSS) / workers - non-heap
//
// The heap limit is passed as V8's --max-heap-size, which V8 splits between its young and old
// generations itself, so v8.getHeapStatistics().heap_size_limit equals it exactly (Node 20 and 24).
// It is sized from the whole limit while --max-worker-memory uses the 90 % budget: a worker whose
// heap keeps growing passes its fair share in RSS (and is replaced, successor first) before V8
// runs out of heap and kills it mid-request.
// Non-heap is what a worker's RSS holds beyond its live JavaScript objects (code, Node's own
// structures, buffers, free heap pages): RSS minus heapUsed of the first worker once it is ready
// (lib/server/tuner.ts); DEFAULT_NON_HEAP_MB until it was measured. RSS minus heapTotal does not work: V8 commits heap
// it has not touched yet, so heapTotal can exceed RSS (Node 24 holding 200 MB: 338 MB vs 275 MB).

/** Share of the limit master and workers may use before tsicorn acts (and warns). */
export const HEADROOM = 0.9;
/**
 * RSS minus heapUsed of a ready worker measured here: 43 MB (Node 20) and 54 MB (Node 24) for a plain
 * app, 54 and 67 MB for one holding 200 MB of objects; rounded up to the next 16 MB.
 */
export const DEFAULT_NON_HEAP_MB = 64;
/** Never cap a worker's heap below this: V8 needs room to load an app at all. */
export const MIN_HEAP_MB = 64;

export function budgetMb(limitMb: number, masterMb: number): number {
  return HEADROOM * limitMb - masterMb;
}

/** Each worker's share of the budget: the default --max-worker-memory. */
export function fairShareMb(limitMb: number, masterMb: number, workers: number): number {
  return Math.max(1, Math.floor(budgetMb(limitMb, masterMb) / Math.max(1, workers)));
}

export interface HeapLimit {
  mb: number;
  /** The formula with its numbers, for the log. */
  formula: string;
}

export function heapLimitMb(
  limitMb: number,
  masterMb: number,
  workers: number,
  nonHeapMb: number,
): HeapLimit {
  const n = Math.max(1, workers);
  const raw = Math.floor((limitMb - masterMb) / n - nonHeapMb);
  const mb = Math.max(MIN_HEAP_MB, raw);
  const formula =
    `(${limitMb} MB limit - ${Math.round(masterMb)} MB master) / ${n} worker${n === 1 ? '' : 's'} - ` +
    `${Math.round(nonHeapMb)} MB non-heap = ${raw} MB` +
    (mb !== raw ? `, raised to the ${MIN_HEAP_MB} MB minimum` : '');
  return { mb, formula };
}

const HEAP_FLAG = /^--max[-_](?:old[-_]space|heap)[-_]size(?:=|$)/;

/** Split NODE_OPTIONS as Node does: whitespace-separated, double quotes group. */
export function splitNodeOptions(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) out.push(m[1] ?? m[2]!);
  return out;
}

/**
 * Where the user already set a V8 heap size (--max-old-space-size or --max-heap-size, any
 * spelling), or null: then tsicorn passes its own heap limit to workers.
 */
export function userHeapSetting(sources: {
  nodeOptions?: string | undefined;
  masterExecArgv?: readonly string[];
  nodeArgs?: readonly string[];
}): string | null {
  const found = (args: readonly string[]) => args.find((a) => HEAP_FLAG.test(a));
  const fromOptions = found(splitNodeOptions(sources.nodeOptions ?? ''));
  if (fromOptions) return `${fromOptions} in NODE_OPTIONS`;
  const fromArgs = found(sources.nodeArgs ?? []);
  if (fromArgs) return `${fromArgs} in --node-args`;
  const fromMaster = found(sources.masterExecArgv ?? []);
  if (fromMaster) return `${fromMaster} on the node command line`;
  return null;
}

export interface WorkerLimitFacts {
  limitMb: number | null;
  masterMb: number;
  workers: number;
  /** Measured non-heap MB per worker, or null before any worker was measured. */
  nonHeapMb: number | null;
  /** Where the user set a heap size (userHeapSetting), or null. */
  userHeap: string | null;
  /** --max-worker-memory when the user set it (0 = they turned it off), else null. */
  userMaxWorkerMemory: number | null;
  /** RSS and heap in use of the first worker once ready (MB), when measured. */
  bootRssMb?: number | null;
  bootHeapUsedMb?: number | null;
}

/** A worker's heap limit is never below this multiple of the heap the first worker used at boot. */
export const BOOT_HEAP_FACTOR = 1.5;
/** The default --max-worker-memory applies only if the fair share leaves this much room over boot RSS. */
export const BOOT_RSS_FACTOR = 1.25;

export interface WorkerLimits {
  /** --max-heap-size for new workers, or null to leave V8's default. */
  heapMb: number | null;
  heapReason: string;
  /** RSS (MB) past which a worker is replaced, successor first; 0 = never. */
  maxWorkerMemoryMb: number;
  maxWorkerMemoryReason: string;
}

/** The heap limit and replacement threshold new workers get, recomputed whenever the count changes. */
export function workerLimits(f: WorkerLimitFacts): WorkerLimits {
  const n = Math.max(1, f.workers);
  let heapMb: number | null = null;
  let heapReason: string;
  if (f.userHeap !== null) heapReason = `heap size set by the user (${f.userHeap})`;
  else if (f.limitMb === null) heapReason = "memory limit unknown: V8's default heap size";
  else {
    const nonHeap = f.nonHeapMb ?? DEFAULT_NON_HEAP_MB;
    const h = heapLimitMb(f.limitMb, f.masterMb, n, nonHeap);
    const floor = f.bootHeapUsedMb ? Math.ceil(BOOT_HEAP_FACTOR * f.bootHeapUsedMb) : 0;
    heapMb = Math.max(h.mb, floor);
    heapReason =
      `V8 heap limit ${heapMb} MB per worker: ${h.formula}` +
      (f.nonHeapMb === null ? ' (non-heap not measured yet: default)' : '') +
      (floor > h.mb
        ? `, raised to ${BOOT_HEAP_FACTOR} x the ${Math.round(f.bootHeapUsedMb!)} MB of heap the first worker used at boot`
        : '');
  }
  let maxWorkerMemoryMb = 0;
  let maxWorkerMemoryReason: string;
  if (f.userMaxWorkerMemory !== null) {
    maxWorkerMemoryMb = f.userMaxWorkerMemory;
    maxWorkerMemoryReason = `--max-worker-memory ${f.userMaxWorkerMemory} set by the user`;
  } else if (f.limitMb === null) {
    maxWorkerMemoryReason = 'memory limit unknown: no --max-worker-memory';
  } else {
    const share = fairShareMb(f.limitMb, f.masterMb, n);
    const formula = `(${HEADROOM * 100} % of ${f.limitMb} MB - ${Math.round(f.masterMb)} MB master) / ${n}`;
    if (f.bootRssMb && share < BOOT_RSS_FACTOR * f.bootRssMb) {
      maxWorkerMemoryReason =
        `no default --max-worker-memory: the fair share ${formula} = ${share} MB leaves no room over the ` +
        `${Math.round(f.bootRssMb)} MB a worker uses at boot (every worker would be replaced)`;
    } else {
      maxWorkerMemoryMb = share;
      maxWorkerMemoryReason = `--max-worker-memory ${share} MB, each worker's fair share: ${formula}`;
    }
  }
  return { heapMb, heapReason, maxWorkerMemoryMb, maxWorkerMemoryReason };
}
