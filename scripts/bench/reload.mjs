// Rolling reload under load: a 2-worker server serves wrk (hello world) while the bench asks it to
// replace its workers the way its users would (tsicorn: HUP to the master; PM2: `pm2 reload all`;
// the node:cluster script: HUP, which runs its disconnect-and-fork loop). Records the failed
// requests, the per-100 ms response counts around the reload, and when the old workers were gone.

import { launchSpec } from './peers.mjs';
import { LOADS, WORKLOADS } from './plan.mjs';
import {
  freePort,
  processTree,
  runTracked,
  servingPids,
  sleep,
  startServer,
  stopServer,
} from './servers.mjs';
import { reloadDip, rotate } from './stats.mjs';
import { runWrk, socketErrorCount } from './wrk.mjs';

export const RELOAD_SECONDS = 7;
export const SIGNAL_AT_MS = 2500;
const HELLO = WORKLOADS[0];

const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

export async function measureReload(ctx, cand, loadId, round) {
  const { opts, noise, wrk } = ctx;
  const load = LOADS.find((l) => l.id === loadId);
  await noise.quiet();
  const port = await freePort();
  const handle = await startServer({
    name: cand.label,
    specFor: (tmp) => launchSpec(cand, { ...ctx.paths, port, tmp }),
    cpus: null,
    port,
    workers: cand.workers,
    check: { path: HELLO.path, body: HELLO.body },
  });
  try {
    await sleep(300);
    const url = `http://127.0.0.1:${port}${HELLO.path}`;
    const base = { wrk, url, connections: opts.connections, cpus: null };
    await runWrk({ ...base, seconds: opts.warmup, close: load.close });
    const old = servingPids(handle);
    const loaded = runWrk({ ...base, seconds: RELOAD_SECONDS, close: load.close, timeline: true });
    await sleep(SIGNAL_AT_MS);
    const signalMs = monotonicMs();
    const { reload } = handle.spec;
    const command = reload.signal
      ? Promise.resolve(process.kill(handle.pid, reload.signal)).then(() => ({ code: 0, log: '' }))
      : runTracked({ argv: reload.argv, env: reload.env, cwd: handle.spec.cwd });
    // Replaced: none of the old serving processes is left and as many new ones serve.
    let replacedMs = null;
    const deadline = signalMs + (RELOAD_SECONDS * 1000 - SIGNAL_AT_MS) + 1000;
    while (monotonicMs() < deadline) {
      const tree = processTree(handle.pid);
      const now = servingPids(handle);
      if (old.every((p) => !tree.includes(p)) && now.length >= cand.workers) {
        replacedMs = monotonicMs() - signalMs;
        break;
      }
      await sleep(50);
    }
    const r = await loaded;
    const cmd = await command;
    return {
      candidate: cand.id,
      load: load.id,
      round,
      replacedMs,
      signalOffsetMs: r.timeline ? signalMs - r.timeline.startMs : null,
      requests: r.requests,
      rps: r.rps,
      socketErrors: socketErrorCount(r),
      socketErrorKinds: r.socketErrors,
      non2xx: r.non2xx,
      reloadCommand: { code: cmd.code, logTail: cmd.log.trim().split('\n').slice(-5).join('\n') },
      timeline: r.timeline,
      ...(r.timeline ? reloadDip(r.timeline, signalMs) : {}),
    };
  } finally {
    await stopServer(handle);
  }
}

export async function runReloads(ctx, cands) {
  const samples = [];
  for (let round = 0; round < ctx.opts.reloadRounds; round++) {
    for (const loadId of ctx.opts.reloadLoads) {
      for (const cand of rotate(cands, round)) {
        try {
          const s = await measureReload(ctx, cand, loadId, round);
          samples.push(s);
          ctx.log(
            `  reload ${loadId} ${cand.id}: ${s.socketErrors + s.non2xx} failed, dip ${Math.round((s.dip ?? Number.NaN) * 100)} %, replaced after ${s.replacedMs === null ? 'never' : `${Math.round(s.replacedMs)} ms`}`,
          );
        } catch (e) {
          samples.push({ candidate: cand.id, load: loadId, round, error: e.message });
          ctx.log(`  reload ${loadId} ${cand.id}: FAILED ${e.message}`);
        }
      }
    }
  }
  return samples;
}
