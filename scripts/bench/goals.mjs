// The goals of issues 13 and 14, each judged on what this run measured: met, missed, or not
// measured (and why). The bench never adapts a measurement to a goal; this only compares. Pure.
import { memoryCells, ratio, reloadCells, shellCells, startupCells } from './analysis.mjs';
import { TSICORN_DEFAULT } from './plan.mjs';
import { median, summary } from './stats.mjs';

const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const pct = (x) => (Number.isFinite(x) ? `${Math.round(x * 100)} %` : 'n/a');
const range = (s) => (s.n > 1 ? ` (${f2(s.min)}–${f2(s.max)})` : '');
const PEERS = [
  ['cluster-rr', 'node:cluster'],
  ['throng', 'throng'],
  ['pm2', 'PM2'],
];
/** Rounds of the instructions part below which its noise control's spread is no estimate. */
const MIN_ROUNDS_FOR_VERDICT = 3;
const LOAD_LABEL = { ka: 'keep-alive', close: 'Connection: close' };

/** [{ goal, target, measured, met: true | false | null | 'unclear' }] ('unclear': measured, but
 * the noise control's spread is as large as the distance to the target) */
export function evaluateGoals(results) {
  const goals = [];
  const add = (goal, target, measured, met) => goals.push({ goal, target, measured, met });
  const tp = results.throughput;
  const has = (sec, id) => tp?.sections.find((s) => s.id === sec)?.candidates.some((c) => c.id === id);
  const hello = results.options.workloads.includes('hello');

  // Issue 13: one worker against raw Node, hello world, with the noise control beside it.
  for (const load of ['ka', 'close']) {
    const goal = `1 worker vs raw Node, ${LOAD_LABEL[load]} (hello world)`;
    if (!tp || !hello || !has('w1', TSICORN_DEFAULT)) {
      add(goal, '≥ 0.97x', 'not measured', null);
      continue;
    }
    const r = ratio(results, 'w1', TSICORN_DEFAULT, 'hello', load);
    const ctl = has('w1', 'raw-control') ? ratio(results, 'w1', 'raw-control', 'hello', load) : null;
    // Issue 13 asks for a control spread smaller than the gap claimed (here: the distance from the
    // 0.97x target): when it is not, there is no verdict either way, only the numbers.
    const noise = ctl?.n ? Math.max(Math.abs(ctl.min - 1), Math.abs(ctl.max - 1)) : Number.NaN;
    const unclear = Math.abs(r.median - 0.97) <= noise;
    const within = unclear
      ? ' (the noise control’s spread is not smaller than the distance to 0.97: not conclusive)'
      : '';
    add(
      goal,
      '≥ 0.97x',
      `${f2(r.median)}x${range(r)}${ctl ? `; noise control ${f2(ctl.median)}x${range(ctl)}${within}` : ''}`,
      r.n ? (unclear ? 'unclear' : r.median >= 0.97) : null,
    );
  }

  // Issue 13 again, in instructions per request (scripts/bench/instructions.mjs): 1.03x the raw
  // baseline's instructions is the 0.97x throughput goal on one core. The verdict holds only when
  // the distance between the measured ratio and 1.03 is larger than the noise control's spread
  // (its largest distance from 1.00 over the rounds); else it is 'not conclusive'.
  // A results file from before this part existed (or a run without it) has no such rows.
  const instructionsRun = results.instructions || results.options.parts?.includes('instructions');
  for (const load of instructionsRun ? ['ka', 'close'] : []) {
    const goal = `1 worker vs raw Node, instructions per request, ${LOAD_LABEL[load]} (= the 0.97x throughput goal on one core)`;
    const rows = results.instructions?.rows;
    if (!rows?.tsicorn || !rows.raw) {
      add(
        goal,
        '≤ 1.03x',
        `not measured${results.instructions?.error ? ` (${results.instructions.error})` : ''}`,
        null,
      );
      continue;
    }
    const r = summary(rows.tsicorn[load].ratio);
    const ctl = rows['raw-control'] ? summary(rows['raw-control'][load].ratio) : null;
    const noise = ctl?.n ? Math.max(Math.abs(ctl.min - 1), Math.abs(ctl.max - 1)) : Number.NaN;
    // One or two rounds say little about the spread (a single close round read 0.97x here while
    // three-round medians read 1.02x): no verdict below three.
    const enough = (ctl?.n ?? 0) >= MIN_ROUNDS_FOR_VERDICT;
    const clear = enough && Number.isFinite(noise) && Math.abs(r.median - 1.03) > noise;
    const log = rows['tsicorn-log'] ? summary(rows['tsicorn-log'][load].ratio) : null;
    add(
      goal,
      '≤ 1.03x',
      `${f2(r.median)}x${range(r)}; noise control ${ctl ? `${f2(ctl.median)}x${range(ctl)}, spread ±${(noise * 100).toFixed(1)} %` : 'not measured'}${clear ? '' : enough ? ' (the spread is not smaller than the distance to 1.03: not conclusive)' : ` (fewer than ${MIN_ROUNDS_FOR_VERDICT} rounds: not conclusive)`}${log ? `; access log on ${f2(log.median)}x${range(log)}` : ''}`,
      !r.n ? null : clear ? r.median <= 1.03 : 'unclear',
    );
  }

  // Issue 12: collecting figures costs no measurable throughput. "Measurable" is what the noise
  // control can tell apart: a drop no larger than its spread is not one.
  for (const load of ['ka', 'close']) {
    const goal = `Metrics on vs off, 1 worker, ${LOAD_LABEL[load]} (hello world)`;
    const target = 'no drop beyond the noise control’s spread';
    if (!tp || !hello || !has('w1', 'tsicorn-metrics') || !has('w1', TSICORN_DEFAULT)) {
      add(goal, target, 'not measured', null);
      continue;
    }
    const r = ratio(results, 'w1', 'tsicorn-metrics', 'hello', load, { other: TSICORN_DEFAULT });
    const ctl = has('w1', 'raw-control') ? ratio(results, 'w1', 'raw-control', 'hello', load) : null;
    const noise = ctl?.n ? Math.max(Math.abs(ctl.min - 1), Math.abs(ctl.max - 1)) : Number.NaN;
    add(
      goal,
      target,
      `${f2(r.median)}x of metrics off${range(r)}; noise control ${ctl ? `${f2(ctl.median)}x${range(ctl)}` : 'not measured'}`,
      r.n && Number.isFinite(noise) ? r.median >= 1 - noise : null,
    );
  }

  // Issue 14: against the usual Node process managers, per worker count and load.
  for (const sec of ['w1', 'w2']) {
    for (const [load, target] of [
      ['ka', 1.05],
      ['close', 2.0],
    ]) {
      const goal = `${sec === 'w1' ? '1 worker' : '2 workers'} vs node:cluster, throng, PM2, ${LOAD_LABEL[load]}`;
      const peers = PEERS.filter(([id]) => has(sec, id));
      if (!tp || !hello || !has(sec, TSICORN_DEFAULT) || peers.length === 0) {
        add(goal, `≥ ${target.toFixed(2)}x each`, 'not measured', null);
        continue;
      }
      const rs = peers.map(([id, name]) => [
        name,
        ratio(results, sec, TSICORN_DEFAULT, 'hello', load, { other: id }),
      ]);
      add(
        goal,
        `≥ ${target.toFixed(2)}x each`,
        rs.map(([name, r]) => `${name} ${f2(r.median)}x${range(r)}`).join(', '),
        rs.every(([, r]) => r.n) ? rs.every(([, r]) => r.median >= target) : null,
      );
    }
  }

  // Rolling reload of tsicorn's default distribution.
  const rc = results.reload ? reloadCells(results)[TSICORN_DEFAULT] : null;
  if (!rc) {
    add('Rolling reload (HUP): failed requests', '0', 'not measured', null);
    add('Rolling reload (HUP): throughput dip', '≤ 25 %', 'not measured', null);
  } else {
    const loads = Object.entries(rc).filter(([, c]) => c.n);
    add(
      'Rolling reload (HUP): failed requests',
      '0',
      loads
        .map(([l, c]) => `${LOAD_LABEL[l]} ${c.failed} of ${c.requests.toLocaleString('en-US')}`)
        .join(', ') || 'no successful run',
      loads.length ? loads.every(([, c]) => c.failed === 0) : null,
    );
    add(
      'Rolling reload (HUP): throughput dip',
      '≤ 25 %',
      loads
        .map(
          ([l, c]) =>
            `${LOAD_LABEL[l]} ${pct(c.dip.max)} deepest 500 ms (noise floor before the reload ${pct(c.noiseDip.max)})${c.neverReplaced ? `; workers not replaced in ${c.neverReplaced} run(s)` : ''}`,
        )
        .join(', ') || 'no successful run',
      loads.length ? loads.every(([, c]) => c.dip.max <= 0.25 && !c.neverReplaced) : null,
    );
  }

  // Memory: tsicorn's master against PM2's daemon (pm2-runtime), both idle with 1 worker.
  const mem = tp ? memoryCells(results).w1 : null;
  const tsiMaster = mem?.[TSICORN_DEFAULT]?.master;
  const pm2Daemon = mem?.pm2?.master;
  add(
    "Master RSS vs PM2's daemon",
    '≤ 0.50x',
    Number.isFinite(tsiMaster) && Number.isFinite(pm2Daemon)
      ? `${f2(tsiMaster / pm2Daemon)}x (${Math.round(tsiMaster / 1024)} MiB vs ${Math.round(pm2Daemon / 1024)} MiB)`
      : 'not measured',
    Number.isFinite(tsiMaster) && Number.isFinite(pm2Daemon) ? tsiMaster / pm2Daemon <= 0.5 : null,
  );

  // Start to first 200.
  const st = results.startup ? startupCells(results) : null;
  const tsiStart = st?.[TSICORN_DEFAULT];
  add(
    'Start to first 200 vs `node app.js`',
    '≤ 1.30x',
    tsiStart && st.raw && Number.isFinite(tsiStart.ratio)
      ? `${f2(tsiStart.ratio)}x (${Math.round(tsiStart.ms.median)} ms vs ${Math.round(st.raw.ms.median)} ms)${
          st.launcher && Number.isFinite(st.launcher.ratio)
            ? `; a launcher that only spawns \`node app.js\`: ${f2(st.launcher.ratio)}x (${Math.round(st.launcher.ms.median)} ms)`
            : ''
        }`
      : 'not measured',
    tsiStart && Number.isFinite(tsiStart.ratio) ? tsiStart.ratio <= 1.3 : null,
  );

  // The buildpack's own costs.
  const sh = results.shell ? shellCells(results) : { skipped: 'not run' };
  const dyno = sh.settings?.find((st) => st.id === 'dyno' && !st.skipped);
  const tsiSh = dyno?.commands.find((c) => c.id === 'tsicorn');
  const baseSh = dyno?.commands.find((c) => c.id === 'baseline');
  add(
    '.profile.d sizing vs `bash -c nproc; cat <limit>` (standard-2x dyno tree)',
    '≤ 0.50x',
    tsiSh
      ? `${f2(tsiSh.ratio)}x (${tsiSh.ms.median.toFixed(2)} ms vs ${baseSh.ms.median.toFixed(2)} ms)`
      : `not measured (${sh.skipped ?? 'no dyno setting'})`,
    tsiSh ? tsiSh.ratio <= 0.5 : null,
  );
  const comp = results.shell?.compile;
  const compMs = comp?.timesMs ? median(comp.timesMs) : Number.NaN;
  add(
    'Classic bin/compile of a small app',
    '≤ 1 s',
    Number.isFinite(compMs)
      ? `${(compMs / 1000).toFixed(2)} s`
      : `not measured${comp?.error ? ` (${comp.error})` : ''}`,
    Number.isFinite(compMs) ? compMs <= 1000 : null,
  );
  return goals;
}

export function goalsTable(goals) {
  const verdict = (m) =>
    m === true ? 'met' : m === false ? '**missed**' : m === 'unclear' ? 'not conclusive' : 'not measured';
  const rows = goals.map((g) => `| ${g.goal} | ${g.target} | ${g.measured} | ${verdict(g.met)} |`);
  const missed = goals.filter((g) => g.met === false).map((g) => g.goal);
  return [
    '| goal | target | measured (median, min–max over rounds) | verdict |',
    '|---|---|---|---|',
    ...rows,
    '',
    missed.length ? `Missed: ${missed.join('; ')}.` : 'Every measured goal is met.',
  ].join('\n');
}
