// Other work on the machine (other people's test runs, builds) steals CPU from a benchmark and
// skews it far more than any difference being measured. Before each server start and each
// measured run the bench samples how idle the machine is and waits a while for quiet; what it
// saw goes into the report so a noisy run can be recognised.
import { readdirSync, readFileSync } from 'node:fs';
import { sleep } from './servers.mjs';

function cpuTimes() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + (f[4] ?? 0); // idle + iowait
  return { idle, total: f.reduce((a, b) => a + b, 0) };
}

/** Fraction of all CPUs idle over the next `ms`, or NaN where /proc/stat cannot be read. */
export async function idleFraction(ms = 250) {
  try {
    const a = cpuTimes();
    await sleep(ms);
    const b = cpuTimes();
    return b.total > a.total ? (b.idle - a.idle) / (b.total - a.total) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * Waits until the machine is at least `minIdle` idle, for at most `maxWaitMs`.
 * Returns { idle, waitedMs, quiet } (quiet false: gave up and measured anyway).
 */
export async function waitForQuiet({ minIdle = 0.85, maxWaitMs = 10000, sampleMs = 250 } = {}) {
  const start = Date.now();
  for (;;) {
    const idle = await idleFraction(sampleMs);
    if (!(idle < minIdle)) return { idle, waitedMs: Date.now() - start, quiet: true };
    if (Date.now() - start >= maxWaitMs) return { idle, waitedMs: Date.now() - start, quiet: false };
    await sleep(500);
  }
}

/**
 * CPU ticks (utime+stime plus reaped children's cutime+cstime) of every process except those in
 * `exclude` and this bench process. Children a foreign process starts and reaps during a run are
 * counted through its cutime/cstime; this process is left out because wrk's time lands in it.
 */
export function foreignTicks(exclude) {
  let sum = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const pid = Number(d);
    if (pid === process.pid || exclude.has(pid)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      // Fields after the command: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
      sum += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {}
  }
  return sum;
}

/** Linux reports process CPU time in clock ticks of 1/100 s on every platform Node runs on. */
export const CLK_TCK = 100;

/**
 * What the whole bench saw of other load: a `quiet()` to call before each server start and each
 * measured run (waits for an idle machine, for at most `maxWaitMs` each time and `totalWaitMs` in
 * all, so a busy machine cannot stretch a run without bound), a `meter()` for the CPU share other
 * processes took during a run, and a bounded budget of re-measurements.
 */
export function noiseGuard({
  maxWaitMs = 10000,
  totalWaitMs = 180000,
  foreignLimit = 0.05,
  maxRetries = 40,
  perRunRetries = 2,
} = {}) {
  const stats = {
    checks: 0,
    noisy: 0,
    waitedMs: 0,
    minIdle: 1,
    retries: 0,
    keptBusy: 0,
    maxWaitMs,
    totalWaitMs,
    foreignLimit,
    maxRetries,
    perRunRetries,
  };
  return {
    stats,
    /** `sampleMs`: how long to watch the CPUs before deciding (shorter before each run of a server). */
    async quiet(sampleMs = 250) {
      const left = Math.max(0, totalWaitMs - stats.waitedMs);
      const q = await waitForQuiet({ maxWaitMs: Math.min(maxWaitMs, left), sampleMs });
      stats.checks++;
      stats.waitedMs += q.waitedMs;
      if (!q.quiet) stats.noisy++;
      if (q.idle < stats.minIdle) stats.minIdle = q.idle;
    },
    /** Starts a meter; its stop() returns the share of all CPUs that processes outside `ours` used. */
    meter(ours, cpus) {
      const t0 = Date.now();
      const f0 = foreignTicks(ours);
      return () => (foreignTicks(ours) - f0) / (((Date.now() - t0) / 1000) * CLK_TCK * cpus);
    },
    /** True when a run that saw `foreign` should be measured again (and counts it). */
    retry(foreign, attempt) {
      if (!(foreign > foreignLimit)) return false;
      if (attempt >= perRunRetries || stats.retries >= maxRetries) {
        stats.keptBusy++;
        return false;
      }
      stats.retries++;
      return true;
    },
  };
}
