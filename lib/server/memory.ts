// What workers really cost, and how close the dyno is to its memory limit (pure functions;
// the arbiter feeds them the RSS its workers report in heartbeats and the cgroup limit).
// Heroku swaps a dyno past its quota (R14) and kills it at twice the quota (R15): warning
// before that gives the operator a chance to lower WEB_CONCURRENCY or set --max-worker-memory.

export interface MemorySample {
  masterRss: number;
  workerRss: number[];
}

export interface DynoLimit {
  /** Limit in MB, or null when unknown (no cgroup limit). */
  mb: number | null;
  /** Where it came from, or why it is unknown. */
  source: string;
}

/** Share of the limit in use above which the master warns. */
export const WARN_RATIO = 0.9;

const MB = 1024 * 1024;
const mb = (bytes: number) => Math.round(bytes / MB);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The one-line report logged once all workers are up. */
export function memoryReport(sample: MemorySample, limit: DynoLimit): string {
  const per = median(sample.workerRss);
  const total = sample.masterRss + sample.workerRss.reduce((a, b) => a + b, 0);
  let line =
    `Memory: master ${mb(sample.masterRss)} MB RSS, workers ${mb(per)} MB each ` +
    `(median of ${sample.workerRss.length}, max ${mb(Math.max(...sample.workerRss))})`;
  if (limit.mb === null) return `${line}; dyno memory limit unknown (${limit.source})`;
  const room = per > 0 ? Math.floor((limit.mb * MB - sample.masterRss) / per) : 0;
  line +=
    `; limit ${limit.mb} MB (${limit.source}): ${mb(total)} MB in use, ` +
    `room for about ${room} workers of this size`;
  return line;
}

/** A warning when master + workers use more than WARN_RATIO of the limit, else null. */
export function memoryPressure(sample: MemorySample, limit: DynoLimit): string | null {
  if (limit.mb === null) return null;
  const total = sample.masterRss + sample.workerRss.reduce((a, b) => a + b, 0);
  const ratio = total / (limit.mb * MB);
  if (ratio <= WARN_RATIO) return null;
  const biggest = Math.max(...sample.workerRss);
  return (
    `Memory: master and workers use ${mb(total)} MB RSS of the ${limit.mb} MB limit ` +
    `(${Math.round(ratio * 100)} %); past the limit the dyno swaps (R14) and is killed at twice it (R15). ` +
    `Largest worker: ${mb(biggest)} MB. Lower WEB_CONCURRENCY or set --max-worker-memory.`
  );
}
