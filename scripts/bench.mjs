#!/usr/bin/env node
// npm run bench [-- --quick | --rounds N | --only ids | --parts list | --render results.json ...]
// tsicorn side by side with what a Node user would pick instead (node:cluster in both scheduling
// modes, throng, PM2 cluster mode) and with Gunicorn as the reference, against one raw node:http
// process: requests/s and latency under four workloads, keep-alive and Connection: close, 1 and 2
// workers; rolling reload under load; start to first 200; memory; the buildpack's .profile.d and
// compile. Prints the Markdown report and writes it with a JSON of every raw sample and an SVG
// chart (docs/bench-results.*; a full run also refreshes README.md's results). See scripts/bench/.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderChart } from './bench/chart.mjs';
import { measureCost, stopAll as stopCostServers } from './bench/cost.mjs';
import { measureInstructions } from './bench/instructions.mjs';
import {
  estimateSeconds,
  parseArgs,
  refreshesReadme,
  reloadCandidates,
  sections,
  startupCandidates,
} from './bench/plan.mjs';
import { noiseGuard } from './bench/quiet.mjs';
import { renderReadmeSection, spliceReadme } from './bench/readme.mjs';
import { RELOAD_SECONDS, runReloads, SIGNAL_AT_MS } from './bench/reload.mjs';
import { renderReport } from './bench/report.mjs';
import { killAll, RUN_ID, reapOrphans } from './bench/servers.mjs';
import { timeCompile, timeProfileD } from './bench/shell.mjs';
import { bareNodeRss, runStartups } from './bench/startup.mjs';
import { runThroughput } from './bench/throughput.mjs';
import { ensureTools } from './bench/tools.mjs';
import { findWrk, WRK_MISSING } from './bench/wrk.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/tsicorn.mjs');
// The pinned Node 24 when installed (npm scripts put it first on PATH anyway), else this one.
const PINNED_NODE = join(ROOT, 'node_modules/.bin/node');
const NODE = existsSync(PINNED_NODE) ? PINNED_NODE : process.execPath;
const CPUS = availableParallelism();
// Every process the bench starts inherits the marker (see servers.mjs RUN_ID).
process.env.BENCH_RUN = RUN_ID;

function fatal(msg) {
  console.error(msg);
  process.exit(1);
}

function nodeHasReusePort(node) {
  const v = execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
  const [maj, min] = v.split('.').map(Number);
  return maj > 22 || (maj === 22 && min >= 12);
}

/** Writes BASE.md, BASE.json, BASE.svg (and README's section when asked); returns the paths written. */
function writeOutputs(results, base, { readme }) {
  const out = resolve(ROOT, base);
  mkdirSync(dirname(out), { recursive: true });
  const written = [`${base}.json`, `${base}.md`];
  writeFileSync(`${out}.json`, `${JSON.stringify(results, null, 1)}\n`);
  if (results.throughput) {
    writeFileSync(`${out}.svg`, renderChart(results));
    written.push(`${base}.svg`);
  }
  writeFileSync(
    `${out}.md`,
    `${renderReport(results, { chartFile: results.throughput ? `${basename(base)}.svg` : null })}\n`,
  );
  if (readme) {
    const path = join(ROOT, 'README.md');
    writeFileSync(
      path,
      spliceReadme(readFileSync(path, 'utf8'), renderReadmeSection(results, `${base}.json`)),
    );
    written.push('README.md');
  }
  return written;
}

/** True when some measurement failed (the exit status says so). */
function anyFailure(results) {
  const lists = [results.throughput?.samples, results.reload?.samples, results.startup?.samples];
  return (
    lists.some((l) => l?.some((s) => s.error)) ||
    Boolean(results.shell?.compile?.error) ||
    Boolean(results.cost?.error) ||
    Boolean(results.instructions?.error) ||
    Boolean(results.shell?.profileD?.error)
  );
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) return console.log(opts.help);
  if (opts.error) fatal(opts.error);

  if (opts.render) {
    const file = resolve(opts.render);
    if (!existsSync(file)) fatal(`--render: ${opts.render} does not exist`);
    const results = JSON.parse(readFileSync(file, 'utf8'));
    const base = relative(ROOT, file).replace(/\.json$/, '');
    console.log(renderReport(results, { chartFile: `${basename(base)}.svg` }));
    if (opts.write) {
      const written = writeOutputs(results, base, { readme: opts.readme });
      console.error(`written: ${written.join(', ')}`);
    }
    return;
  }

  if (ensureTools(ROOT, (m) => console.error(m))) {
    // node_modules was just installed: start again, so that the pinned Node and the peers are used.
    const again = spawnSync(process.execPath, process.argv.slice(1), { stdio: 'inherit' });
    process.exit(again.status ?? 1);
  }
  const wrk = findWrk();
  if (!wrk) fatal(WRK_MISSING);
  const orphans = reapOrphans();
  if (orphans)
    console.error(
      `bench: stopped ${orphans} process(es) an earlier bench left behind when it was killed outright`,
    );
  if (!existsSync(CLI)) fatal(`${CLI} is missing: run \`npm run build\` first.`);
  const gunicorn = spawnSync('gunicorn', ['--version'], { stdio: 'ignore' }).status === 0;

  const hasReusePort = nodeHasReusePort(NODE);
  const secs = sections({ hasReusePort, cpuCount: CPUS, gunicorn, only: opts.only });
  const reloads = reloadCandidates({ hasReusePort, only: opts.only }).filter(
    // --quick: one reload per peer (tsicorn's default distribution stands for tsicorn).
    (c) => !opts.quick || c.kind !== 'tsicorn' || c.distribution === 'shared',
  );
  const startups = startupCandidates({ only: opts.only });
  // Loaded here, after ensureTools: it reads the machine through systeminformation, a devDependency.
  const { machineFacts } = await import('./bench/machine.mjs');
  const facts = await machineFacts({ node: NODE, wrk, root: ROOT });
  const startedAt = new Date();
  // --quick keeps its promise of a few minutes on a busy machine too: shorter waits, fewer re-runs.
  const noise = noiseGuard(
    opts.quick
      ? { maxWaitMs: 1000, totalWaitMs: 20000, perRunRetries: 0, maxRetries: 0 }
      : { maxWaitMs: 10000, totalWaitMs: 180000, perRunRetries: 2, maxRetries: 40 },
  );
  const ctx = {
    opts,
    noise,
    wrk,
    cpus: CPUS,
    paths: { root: ROOT, node: NODE },
    log: (m) => console.error(m),
  };

  console.error(
    `tsicorn bench${opts.quick ? ' --quick (every server once, hello world only: a smoke run, not a result)' : ''}: ${opts.rounds} round(s), ${opts.duration} s per load, workloads ${opts.workloads.join(',')}, Node ${facts.node}, ${CPUS} CPUs; about ${estimateSeconds(opts, secs, { reloads: reloads.length, startups: startups.length })} s`,
  );
  if (!hasReusePort)
    console.error(`  ${facts.node} has no SO_REUSEPORT for net (needs 22.12+): reuseport skipped`);
  if (!gunicorn) console.error('  gunicorn is not installed (apt-get install gunicorn): Gunicorn skipped');

  const results = {
    schema: 1,
    quick: opts.quick,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    startedAt: startedAt.toISOString(),
    machine: { ...facts, cpus: CPUS },
    options: {
      rounds: opts.rounds,
      duration: opts.duration,
      warmup: opts.warmup,
      connections: opts.connections,
      workloads: opts.workloads,
      reloadRounds: opts.reloadRounds,
      reloadLoads: opts.reloadLoads,
      startupRuns: opts.startupRuns,
      shellRuns: opts.shellRuns,
      compileRuns: opts.compileRuns,
      costRounds: opts.costRounds,
      costSeconds: opts.costSeconds,
      only: opts.only,
      parts: opts.parts,
    },
  };
  // Seconds each part took, so the next person can plan a run (and see where the time goes).
  results.phasesS = {};
  const phase = async (name, title, f) => {
    if (!opts.parts.includes(name)) return;
    console.error(`${title}:`);
    const t0 = Date.now();
    await f();
    results.phasesS[name] = (Date.now() - t0) / 1000;
  };
  await phase('throughput', 'requests/s and latency', async () => {
    results.throughput = { sections: secs, samples: await runThroughput(ctx, secs) };
  });
  if (reloads.length)
    await phase('reload', 'rolling reload under load', async () => {
      results.reload = {
        seconds: RELOAD_SECONDS,
        signalAtMs: SIGNAL_AT_MS,
        candidates: reloads,
        samples: await runReloads(ctx, reloads),
      };
    });
  await phase('startup', 'start to first 200, bare Node RSS', async () => {
    results.startup = {
      candidates: startups,
      samples: await runStartups(ctx, startups),
      bareNodeRssKiB: await bareNodeRss(ctx, Math.min(opts.startupRuns, 5)),
    };
  });
  await phase('shell', '.profile.d (hyperfine) and bin/compile', async () => {
    const guard = async (f) => {
      try {
        return await f(ctx);
      } catch (e) {
        console.error(`  FAILED ${e.message}`);
        return { error: e.message.split('\n')[0] };
      }
    };
    results.shell = { profileD: await guard(timeProfileD), compile: await guard(timeCompile) };
  });
  await phase('cost', 'CPU time per request, 1 worker vs raw Node (scripts/bench/cost.mjs)', async () => {
    try {
      results.cost = await measureCost({
        node: NODE,
        cli: CLI,
        rounds: opts.costRounds,
        seconds: opts.costSeconds,
        warmup: opts.warmup,
        connections: opts.connections,
        log: ctx.log,
      });
    } catch (e) {
      console.error(`  FAILED ${e.message}`);
      results.cost = { error: e.message.split('\n')[0] };
    }
  });
  await phase(
    'instructions',
    'instructions per request under callgrind, 1 worker vs raw Node (scripts/bench/instructions.mjs)',
    async () => {
      try {
        results.instructions = await measureInstructions({
          node: NODE,
          cli: CLI,
          rounds: opts.rounds,
          log: ctx.log,
        });
      } catch (e) {
        console.error(`  FAILED ${e.message}`);
        results.instructions = { error: e.message.split('\n')[0] };
      }
    },
  );
  results.noise = noise.stats;
  results.elapsedS = (Date.now() - startedAt.getTime()) / 1000;

  const base = opts.out;
  console.log(renderReport(results, { chartFile: `${basename(base)}.svg` }));
  if (opts.write) {
    const written = writeOutputs(results, base, { readme: refreshesReadme(opts) });
    console.error(`written: ${written.join(', ')}`);
  }
  console.error(`took ${Math.round(results.elapsedS)} s`);
  if (anyFailure(results)) process.exitCode = 1;
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(sig, () => {
    killAll();
    // Also the instructions part's: it starts its servers through cost.mjs.
    stopCostServers();
    console.error(`\nbench: ${sig}, every server it started is stopped`);
    process.exit(130);
  });
main().catch((e) => {
  killAll();
  stopCostServers();
  fatal(e.stack ?? String(e));
});
