// Requests/s and latency of every server under every workload, keep-alive and Connection: close,
// 1 and 2 workers: rounds of freshly started servers in an order rotated by one place per round,
// so each meets every slot and every process lifetime is new.

import { launchSpec } from './peers.mjs';
import { LOADS, WORKLOADS, workloadsOf } from './plan.mjs';
import {
  freePort,
  memoryOf,
  processTree,
  readCounts,
  servingPids,
  sleep,
  startServer,
  stopServer,
} from './servers.mjs';
import { busiestShare, rotate } from './stats.mjs';
import { runWrk, socketErrorCount } from './wrk.mjs';

// The app's counters flush every 50 ms; wait a little longer before reading them.
const COUNT_SETTLE_MS = 80;
const HELLO = WORKLOADS[0];

/**
 * One fresh server of one candidate: start, idle memory, a mixed warm-up, then each workload under
 * each load. A run during which other processes took more than the guard's share of the CPUs is
 * measured again on the same server (bounded), and the sample records how often.
 */
export async function measureServer(ctx, section, cand, round) {
  const { opts, noise, wrk, cpus } = ctx;
  const workloads = workloadsOf(cand, opts);
  await noise.quiet();
  const port = await freePort();
  const t0 = performance.now();
  const handle = await startServer({
    name: cand.label,
    specFor: (tmp) => launchSpec(cand, { ...ctx.paths, port, tmp }),
    cpus: section.serverCpus,
    port,
    workers: cand.workers,
    check: { path: HELLO.path, body: HELLO.body },
  });
  const sample = {
    section: section.id,
    candidate: cand.id,
    round,
    readyMs: performance.now() - t0,
    memory: null,
    runs: [],
  };
  try {
    await sleep(300);
    const serving = servingPids(handle);
    if (serving.length !== cand.workers)
      throw new Error(
        `expected ${cand.workers} serving process(es) under pid ${handle.pid}, found ${serving.length}`,
      );
    sample.memory = memoryOf(handle);
    const ours = new Set(processTree(handle.pid));
    const base = { wrk, connections: opts.connections, cpus: section.wrkCpus };
    const url = (path) => `http://127.0.0.1:${port}${path}`;
    const mix = workloads.map((w) => w.path);
    await runWrk({ ...base, url: url('/'), seconds: opts.warmup, close: false, mix });
    if (!opts.quick) await runWrk({ ...base, url: url('/'), seconds: 1, close: true, mix });
    for (const w of workloads) {
      for (const load of LOADS) {
        let run;
        // Counts only matter to the share over several workers; --quick checks for quiet per server only.
        const counted = cand.workers > 1;
        for (let attempt = 0; ; attempt++) {
          if (counted) await sleep(COUNT_SETTLE_MS);
          if (!opts.quick) await noise.quiet(100);
          const before = counted ? readCounts(handle) : null;
          const stopMeter = noise.meter(ours, cpus);
          const r = await runWrk({ ...base, url: url(w.path), seconds: opts.duration, close: load.close });
          const foreign = stopMeter();
          if (counted) await sleep(COUNT_SETTLE_MS);
          const after = counted ? readCounts(handle) : null;
          run = {
            workload: w.id,
            load: load.id,
            rps: r.rps,
            requests: r.requests,
            p50Ms: r.p50Ms,
            p99Ms: r.p99Ms,
            socketErrors: socketErrorCount(r),
            non2xx: r.non2xx,
            share: counted ? busiestShare(before, after, serving) : null,
            foreign,
            attempts: attempt + 1,
          };
          if (!noise.retry(foreign, attempt)) break;
          ctx.log(
            `    ${section.id} ${cand.id} ${w.id} ${load.id}: other processes used ${Math.round(foreign * 100)} % of the CPUs, measuring again`,
          );
        }
        sample.runs.push(run);
      }
    }
  } finally {
    await stopServer(handle);
  }
  sample.elapsedMs = performance.now() - t0;
  return sample;
}

/** Every round of every section; failed servers are recorded with their error and skipped. */
export async function runThroughput(ctx, secs) {
  const samples = [];
  await measureServer(
    { ...ctx, opts: { ...ctx.opts, workloads: ['hello'], duration: 1 } },
    secs[0],
    secs[0].candidates[0],
    -1,
  ).catch(() => {});
  for (let round = 0; round < ctx.opts.rounds; round++) {
    for (const s of secs) {
      for (const cand of rotate(s.candidates, round)) {
        try {
          const sample = await measureServer(ctx, s, cand, round);
          samples.push(sample);
          const hello = sample.runs.filter((r) => r.workload === 'hello');
          ctx.log(
            `  round ${round + 1} ${s.id} ${cand.id}: hello ${hello.map((r) => Math.round(r.rps)).join(' / ')} req/s (keep-alive / close)`,
          );
        } catch (e) {
          samples.push({ section: s.id, candidate: cand.id, round, error: e.message, runs: [] });
          ctx.log(`  round ${round + 1} ${s.id} ${cand.id}: FAILED ${e.message}`);
        }
      }
    }
  }
  return samples;
}
