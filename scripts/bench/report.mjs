// Turns a results JSON into the Markdown report (printed and written beside the JSON). Pure.
import {
  measuredWorkloads,
  memoryCells,
  perRound,
  reloadCells,
  shellCells,
  startupCells,
  throughputCells,
} from './analysis.mjs';
import { renderCost } from './cost.mjs';
import { evaluateGoals, goalsTable } from './goals.mjs';
import { renderInstructions } from './instructions.mjs';
import { LOADS, workloadsOf } from './plan.mjs';
import { median } from './stats.mjs';

export const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
export const pct = (x) => (Number.isFinite(x) ? `${Math.round(x * 100)} %` : 'n/a');
export const int = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
const ms = (x) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x.toFixed(1)) : 'n/a');
const mib = (kib) => (Number.isFinite(kib) ? `${Math.round(kib / 1024)} MiB` : '—');
const cellText = (s) =>
  s.n ? `**${f2(s.median)}x**${s.n > 1 ? ` (${f2(s.min)}–${f2(s.max)})` : ''}` : 'n/a';
/** A ratio with its per-round range, plain (latency cells, where lower is better). */
const spread = (s) => (s.n ? `${f2(s.median)}${s.n > 1 ? ` (${f2(s.min)}–${f2(s.max)})` : ''}` : 'n/a');
const esc = (s) => String(s).replaceAll('|', '\\|');

/** One line saying what kind of run this was; quick runs say they are no result. */
export function runKind(results) {
  const o = results.options;
  const n = results.noise ?? {};
  const base = `${o.rounds} round(s), ${o.duration} s per measured load, ${results.machine.node}`;
  const busy =
    n.noisy || n.keptBusy
      ? ` Other processes were using the CPUs during it (${n.noisy} idle checks gave up, ${n.keptBusy} runs disturbed): its numbers come from a busy machine.`
      : '';
  return results.quick
    ? `**Quick run** (\`--quick\`: ${base}, ${o.workloads.join('/')} only, one short reload per peer): it shows that every server runs and roughly where each stands; it is not a result to quote.${busy}`
    : `Full run: ${base}.${busy}`;
}

function machineLines(results) {
  const m = results.machine;
  const o = results.options;
  const n = results.noise;
  const pin = results.throughput?.sections
    .map(
      (s) =>
        `${s.id}: server ${s.serverCpus ? `CPU ${s.serverCpus}` : 'unpinned'}, wrk ${s.wrkCpus ? `CPU ${s.wrkCpus}` : 'unpinned'}`,
    )
    .join('; ');
  return [
    `- Date: ${results.startedAt} (took ${Math.round(results.elapsedS)} s); command: \`${results.command}\``,
    `- CPU: ${m.cpu}, ${m.cores} logical / ${m.physicalCores} physical cores, clock ${m.speed}; virtual machine: ${m.virtual}`,
    `- Memory: ${m.memGiB} GiB; OS: ${m.os}`,
    `- Node under test: ${m.node} (every Node server, PM2 and throng included); ${m.gunicorn}, ${m.python}; load generator: ${m.wrk}, 1 thread, ${o.connections} connections, loopback (127.0.0.1); ${m.pm2}, ${m.throng}; ${m.hyperfine}`,
    `- Pinning: ${pin ?? 'n/a'}; reload, start-up and shell timings unpinned.`,
    `- Rounds: every round starts every server afresh, in an order rotated by one place per round, so each meets every slot and every process lifetime is new (one throwaway raw server is loaded first, as the first run of a quiet machine reads low). Per fresh server: ${o.warmup} s of keep-alive${results.quick ? '' : ' and 1 s of Connection: close'} warm-up cycling through every workload's path, then each workload for ${o.duration} s with keep-alive and ${o.duration} s with Connection: close.`,
    `- Other load on the machine: before every server start${results.quick ? '' : ' and every measured run'} the bench waits (up to ${n.maxWaitMs / 1000} s each time${n.totalWaitMs ? `, ${n.totalWaitMs / 1000} s in all` : ''}) for the CPUs to be at least 85 % idle: ${n.checks} checks, ${n.noisy} gave up and measured on a busy machine, ${Math.round(n.waitedMs / 1000)} s waited in all, lowest idle seen ${pct(n.minIdle)}. During each measured run it adds up the CPU time of every other process (/proc/*/stat); ${n.perRunRetries ? `a run in which they used more than ${pct(n.foreignLimit)} of the CPUs is measured again on the same server, up to ${n.perRunRetries} time(s) (at most ${n.maxRetries} times in all): ${n.retries} re-measurements, ${n.keptBusy} runs kept although still disturbed` : `--quick measures nothing twice: ${n.keptBusy} runs saw them use more than ${pct(n.foreignLimit)} of the CPUs`}.${n.noisy || n.keptBusy ? ' **Some samples come from a busy machine: rerun when it is quiet for cleaner numbers.**' : ''}`,
    '- App: fixtures/bench/app (app.mjs for every Node server, wsgi.py for Gunicorn): hello world (12 bytes of text), 1 KB of JSON serialised per request, a 5 ms timer, 1 ms of busy CPU. tsicorn runs with its defaults otherwise (access log off).',
    '- The noise control is a second raw process: two identical Node processes pinned to one core can differ by over 10 % for their whole life on this kind of machine; its ratio shows how far from 1.00 a ratio strays with no real difference.',
  ];
}

function throughputSection(results) {
  const cells = throughputCells(results);
  const lines = [];
  for (const sec of results.throughput.sections) {
    lines.push(`### ${sec.title}`, '');
    for (const w of measuredWorkloads(results)) {
      const multi = sec.workers > 1;
      const head = [
        'server',
        'keep-alive req/s ×raw',
        'p50 / p99 ×raw',
        'close req/s ×raw',
        'p50 / p99 ×raw',
        ...(multi ? ['busiest worker (ka / close)'] : []),
        'errors',
      ];
      lines.push(
        `**${w.label}** (\`GET ${w.path}\`)`,
        '',
        `| ${head.join(' | ')} |`,
        `|${head.map(() => '---').join('|')}|`,
      );
      for (const c of sec.candidates) {
        if (!workloadsOf(c, results.options).includes(w)) continue;
        const cell = cells[sec.id][c.id];
        const row = [esc(c.label)];
        for (const l of LOADS) {
          const x = cell[w.id][l.id];
          if (c.id === 'raw') {
            row.push(`1.00 (${int(x.abs.rps)} req/s)`, `${ms(x.abs.p50Ms)} / ${ms(x.abs.p99Ms)} ms`);
          } else {
            row.push(cellText(x.rps), `${spread(x.p50)} / ${spread(x.p99)}`);
          }
        }
        if (multi)
          row.push(c.kind === 'raw' ? '—' : `${pct(cell[w.id].ka.share)} / ${pct(cell[w.id].close.share)}`);
        const errs = LOADS.map((l) => cell[w.id][l.id]);
        row.push(
          `${errs.reduce((a, x) => a + x.socketErrors, 0)} / ${errs.reduce((a, x) => a + x.non2xx, 0)}`,
        );
        lines.push(`| ${row.join(' | ')} |`);
        for (const f of cell.failures) lines.push(`| ↳ failed: ${esc(f.split('\n')[0])} |`);
      }
      lines.push('');
    }
  }
  lines.push(
    'Cells: candidate ÷ raw baseline of the same round, median over rounds (min–max of the per-round ratios). Latency ratios (p50 / p99 from wrk, each the median over rounds with its range) are lower-is-better. Busiest worker: of the requests the workers answered during a run, the share of the busiest (50 % is an even split). Errors: wrk socket errors / non-2xx answers over all rounds and both loads; every fresh server also had to answer one GET / correctly before it was loaded.',
    '',
  );
  return lines;
}

function memorySection(results) {
  const mem = memoryCells(results);
  const bare = median(results.startup?.bareNodeRssKiB ?? []);
  const x = (kib) => (Number.isFinite(kib) && Number.isFinite(bare) ? ` (${f2(kib / bare)}x)` : '');
  const lines = [
    `Idle RSS (VmRSS, ~0.3 s after ready, before any load; medians over rounds) against a bare Node process (\`node -e\` with a timer): ${mib(bare)}. The master is the process the server was started as (PM2: the pm2-runtime daemon; Gunicorn: its arbiter); a worker is a process that loaded the app.`,
    '',
    '| server | master, 1 worker | one worker | all processes, 1 worker | all processes, 2 workers |',
    '|---|---|---|---|---|',
  ];
  for (const c of results.throughput.sections[0].candidates) {
    if (c.id === 'raw-control') continue;
    const a = mem.w1?.[c.id];
    const b = mem.w2?.[c.id];
    if (!a) continue;
    lines.push(
      `| ${esc(c.label)} | ${c.id === 'raw' ? '—' : mib(a.master) + x(a.master)} | ${mib(a.worker)}${x(a.worker)} | ${mib(a.total)}${x(a.total)} | ${b && c.kind !== 'raw' ? mib(b.total) + x(b.total) : '—'} |`,
    );
  }
  lines.push('');
  return lines;
}

function reloadSection(results) {
  const cells = reloadCells(results);
  const r = results.reload;
  const lines = [
    `Each server with 2 workers serves hello world to wrk (${results.options.connections} connections, unpinned) for ${r.seconds} s; ${r.signalAtMs / 1000} s in, the bench asks for a rolling reload: tsicorn \`kill -HUP <master>\`, PM2 \`pm2 reload all\`, the node:cluster script \`kill -HUP\` (its disconnect-then-fork loop, one worker at a time). Failed: wrk socket errors and non-2xx answers. Dip: the fewest responses in any 500 ms after the reload request against the steady rate before it; the noise floor is the same measure over the 2 s before the request. Replaced: when none of the old workers was left and 2 new ones had loaded the app.`,
    '',
    '| server | load | failed (socket / non-2xx) of requests | dip (deepest 500 ms) | noise floor | throughput after ÷ before | replaced after |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const c of r.candidates) {
    for (const [load, x] of Object.entries(cells[c.id])) {
      const label = LOADS.find((l) => l.id === load).label;
      if (!x.n) {
        lines.push(
          `| ${esc(c.label)} | ${label} | failed: ${esc((x.failures[0] ?? 'no run').split('\n')[0])} | | | | |`,
        );
        continue;
      }
      const rep = x.neverReplaced
        ? `not within the run (${x.neverReplaced} of ${x.n})`
        : `${int(x.replacedMs.median)} ms`;
      lines.push(
        `| ${esc(c.label)} | ${label} | **${x.failed}** (${x.socketErrors} / ${x.non2xx}) of ${int(x.requests)} | **${pct(x.dip.median)}**${x.n > 1 ? ` (${pct(x.dip.min)}–${pct(x.dip.max)})` : ''} | ${pct(x.noiseDip.median)} | ${f2(x.kept.median)} | ${rep} |`,
      );
    }
  }
  lines.push(
    '',
    'throng has no rolling reload (its workers restart only when they die); Gunicorn has one (HUP) but is not part of this comparison.',
    '',
  );
  return lines;
}

function startupSection(results) {
  const cells = startupCells(results);
  const lines = [
    `From spawning the command to the first \`GET /\` that answers 200 (polled every 5 ms on fresh connections), ${results.options.startupRuns} runs each, alternating, 1 worker, unpinned.`,
    '',
    '| command | median (min–max) | ×`node app.js` |',
    '|---|---|---|',
  ];
  const name = {
    raw: '`node app.js` (scripts/bench/peers/raw.mjs)',
    launcher:
      'a Node launcher that only spawns `node app.js` (scripts/bench/peers/launcher.mjs): the floor for any Node master that starts a Node worker',
    pm2: '`pm2-runtime start` (1 instance, cluster mode)',
  };
  for (const c of results.startup.candidates) {
    const x = cells[c.id];
    lines.push(
      `| ${name[c.id] ?? `\`bin/tsicorn app -w 1\` (${esc(c.label)})`} | ${int(x.ms.median)} ms (${int(x.ms.min)}–${int(x.ms.max)}) | ${c.id === 'raw' ? '1.00' : `**${f2(x.ratio)}x**`} |`,
    );
    for (const f of x.failures) lines.push(`| ↳ failed: ${esc(f.split('\n')[0])} | | |`);
  }
  lines.push('');
  return lines;
}

function shellSection(results) {
  const sh = shellCells(results);
  const lines = [];
  if (sh.skipped) lines.push(`.profile.d: not measured (${sh.skipped}).`, '');
  else {
    lines.push(
      `hyperfine (no intermediate shell, 3 warm-up runs, ${results.options.shellRuns} runs each, nothing in the environment but PATH and, for the dyno, TSICORN_CGROUP_ROOT):`,
      '',
      '| where | command | median (min–max) | ×baseline |',
      '|---|---|---|---|',
    );
    for (const st of sh.settings) {
      if (st.skipped) {
        lines.push(`| ${esc(st.label)} | not measured: ${esc(st.skipped)} | | |`);
        continue;
      }
      for (const c of st.commands)
        lines.push(
          `| ${esc(st.label)} | ${esc(c.label)} | ${ms(c.ms.median)} ms (${ms(c.ms.min)}–${ms(c.ms.max)}) | ${c.id === 'baseline' ? '1.00' : `**${f2(c.ratio)}x**`} |`,
        );
    }
    lines.push('');
  }
  const comp = results.shell.compile;
  if (comp?.timesMs) {
    const t = comp.timesMs;
    lines.push(
      `Classic \`bin/compile\` of ${comp.app} from a staged copy of the buildpack, Node ${results.machine.node} from .heroku/node/bin: median ${(median(t) / 1000).toFixed(2)} s (${t.map((x) => (x / 1000).toFixed(2)).join(', ')} s).`,
      '',
    );
  } else lines.push(`Classic compile: not measured (${comp?.error ?? 'not run'}).`, '');
  return lines;
}

function rawNumbers(results) {
  const lines = ['<details><summary>Per-round req/s (keep-alive / close)</summary>', ''];
  const wl = measuredWorkloads(results);
  for (const sec of results.throughput.sections) {
    lines.push(
      `| ${sec.id} | round | ${wl.map((w) => w.id).join(' | ')} |`,
      `|---|---|${wl.map(() => '---').join('|')}|`,
    );
    for (const c of sec.candidates)
      for (let r = 0; r < results.options.rounds; r++) {
        const cells = wl.map((w) =>
          LOADS.map((l) => int(perRound(results, sec.id, c.id, w.id, l.id)[r])).join(' / '),
        );
        lines.push(`| ${c.id} | ${r + 1} | ${cells.join(' | ')} |`);
      }
    lines.push('');
  }
  lines.push('</details>', '');
  return lines;
}

export function renderReport(results, { chartFile } = {}) {
  const lines = [
    `# tsicorn benchmark results${results.quick ? ' (quick run)' : ''}`,
    '',
    'Generated by `npm run bench` (scripts/bench.mjs) with every raw sample in the JSON file beside this one; `npm run bench -- --render <json>` renders it again. Ratios are a server’s figure ÷ the raw baseline’s in the same round under the same load and pinning; each cell is the median over rounds with the min–max of the per-round ratios in brackets.',
    '',
    runKind(results),
    '',
    '## Machine and run',
    '',
    ...machineLines(results),
    '',
    '## Goals',
    '',
    goalsTable(evaluateGoals(results)),
    '',
  ];
  if (results.throughput) {
    lines.push('## Requests/s and latency', '');
    if (chartFile) lines.push(`![requests/s of every server as a multiple of raw Node](${chartFile})`, '');
    lines.push(...throughputSection(results), '## Memory', '', ...memorySection(results));
  }
  if (results.reload) lines.push('## Rolling reload under load', '', ...reloadSection(results));
  if (results.startup) lines.push('## Start to first 200', '', ...startupSection(results));
  if (results.shell) lines.push('## Buildpack: .profile.d and compile', '', ...shellSection(results));
  if (results.cost)
    lines.push(
      '## CPU time per request (1 worker vs raw Node)',
      '',
      results.cost.error ? `Not measured: ${results.cost.error}` : renderCost(results.cost),
      '',
    );
  if (results.instructions)
    lines.push(
      '## Instructions per request (1 worker vs raw Node, callgrind)',
      '',
      results.instructions.error
        ? `Not measured: ${results.instructions.error}`
        : renderInstructions(results.instructions),
      '',
    );
  if (results.throughput) lines.push('## Raw numbers', '', ...rawNumbers(results));
  return lines.join('\n');
}
