// Start to first 200: from spawning the server to the first GET / that answers 200, polled on
// fresh connections every few ms; the candidates alternate run by run. Also the RSS of a bare Node
// process (a timer, nothing loaded), the yardstick for every server's memory.
import { launchSpec } from './peers.mjs';
import { freePort, get, launch, rssKiB, sleep, stopServer } from './servers.mjs';
import { rotate } from './stats.mjs';

const POLL_MS = 5;
const TIMEOUT_MS = 30000;

export async function timeToFirst200(ctx, cand) {
  await ctx.noise.quiet();
  const port = await freePort();
  const t0 = performance.now();
  const handle = launch({
    name: cand.label,
    specFor: (tmp) => launchSpec(cand, { ...ctx.paths, port, tmp }),
    port,
  });
  let exited = null;
  handle.exited.then((r) => {
    exited = r;
  });
  try {
    for (;;) {
      const left = TIMEOUT_MS - (performance.now() - t0);
      if (left <= 0) throw new Error(`${cand.label}: no 200 within ${TIMEOUT_MS / 1000} s`);
      if (exited !== null) throw new Error(`${cand.label} exited (${exited}) before answering`);
      // A connection the kernel accepted waits for the app: the GET ends when the server answers.
      const r = await get(port, '/', left).catch(() => null);
      if (r?.status === 200) return performance.now() - t0;
      await sleep(POLL_MS);
    }
  } finally {
    await stopServer(handle);
  }
}

export async function runStartups(ctx, cands) {
  const samples = [];
  for (let i = 0; i < ctx.opts.startupRuns; i++) {
    for (const cand of rotate(cands, i)) {
      try {
        samples.push({ candidate: cand.id, run: i, ms: await timeToFirst200(ctx, cand) });
      } catch (e) {
        samples.push({ candidate: cand.id, run: i, error: e.message });
        ctx.log(`  start-up ${cand.id}: FAILED ${e.message}`);
      }
    }
  }
  return samples;
}

/** VmRSS (KiB) of `runs` fresh bare Node processes, each read 500 ms after its start. */
export async function bareNodeRss(ctx, runs) {
  const out = [];
  for (let i = 0; i < runs; i++) {
    const h = launch({
      name: 'bare node',
      specFor: () => ({ argv: [ctx.paths.node, '-e', 'setInterval(() => {}, 1 << 30)'], ready: [] }),
    });
    await sleep(500);
    out.push(rssKiB(h.pid));
    await stopServer(h);
  }
  return out;
}
