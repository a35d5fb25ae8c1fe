// From the raw samples of a results JSON to the figures the report, the goals, the chart and the
// README show. Pure: the JSON holds everything, so any of them can be rendered again later.
import { LOADS, WORKLOADS } from './plan.mjs';
import { median, pairedRatios, summary } from './stats.mjs';

/** Value of `pick(run)` per round for one candidate, one section, one workload and load (NaN: no sample). */
export function perRound(results, sectionId, candId, workload, load, pick = (r) => r.rps) {
  const out = Array.from({ length: results.options.rounds }, () => Number.NaN);
  for (const s of results.throughput.samples) {
    if (s.section !== sectionId || s.candidate !== candId || s.round < 0) continue;
    const run = s.runs.find((r) => r.workload === workload && r.load === load);
    if (run && Number.isFinite(pick(run))) out[s.round] = pick(run);
  }
  return out;
}

/** Candidate ÷ other (the raw baseline unless given), paired by round: { median, min, max, n }. */
export function ratio(results, sectionId, candId, workload, load, { pick, other = 'raw' } = {}) {
  return summary(
    pairedRatios(
      perRound(results, sectionId, candId, workload, load, pick),
      perRound(results, sectionId, other, workload, load, pick),
    ),
  );
}

const p50 = (r) => r.p50Ms ?? Number.NaN;
const p99 = (r) => r.p99Ms ?? Number.NaN;

/** Workloads that were measured in this run, in their usual order. */
export function measuredWorkloads(results) {
  return WORKLOADS.filter((w) => results.options.workloads.includes(w.id));
}

/** Every cell of the throughput tables, per section, candidate, workload and load. */
export function throughputCells(results) {
  const out = {};
  for (const sec of results.throughput.sections) {
    out[sec.id] = {};
    for (const c of sec.candidates) {
      const samples = results.throughput.samples.filter((s) => s.section === sec.id && s.candidate === c.id);
      const cell = {
        failures: samples.filter((s) => s.error).map((s) => `round ${s.round + 1}: ${s.error}`),
      };
      for (const w of measuredWorkloads(results)) {
        cell[w.id] = {};
        for (const l of LOADS) {
          const runs = samples.flatMap((s) => s.runs.filter((r) => r.workload === w.id && r.load === l.id));
          cell[w.id][l.id] = {
            rps: ratio(results, sec.id, c.id, w.id, l.id),
            p50: ratio(results, sec.id, c.id, w.id, l.id, { pick: p50 }),
            p99: ratio(results, sec.id, c.id, w.id, l.id, { pick: p99 }),
            abs: {
              rps: median(runs.map((r) => r.rps)),
              p50Ms: median(runs.map(p50)),
              p99Ms: median(runs.map(p99)),
            },
            share: median(runs.map((r) => r.share ?? Number.NaN)),
            socketErrors: runs.reduce((a, r) => a + r.socketErrors, 0),
            non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
            retried: runs.filter((r) => r.attempts > 1).length,
          };
        }
      }
      out[sec.id][c.id] = cell;
    }
  }
  return out;
}

/** Idle RSS (KiB, medians over rounds): master, one serving process, everything else, per section. */
export function memoryCells(results) {
  const out = {};
  for (const sec of results.throughput?.sections ?? []) {
    out[sec.id] = {};
    for (const c of sec.candidates) {
      const mem = results.throughput.samples
        .filter((s) => s.section === sec.id && s.candidate === c.id && s.memory)
        .map((s) => s.memory);
      const sum = (xs) => xs.reduce((a, b) => a + b, 0);
      out[sec.id][c.id] = {
        master: median(mem.map((m) => m.master)),
        worker: median(mem.flatMap((m) => m.workers)),
        others: median(mem.map((m) => sum(m.others))),
        total: median(
          mem.map((m) => (Number.isFinite(m.master) ? m.master : 0) + sum(m.workers) + sum(m.others)),
        ),
      };
    }
  }
  return out;
}

/** Per reload candidate and load: failed requests, dips, time to replace. */
export function reloadCells(results) {
  const out = {};
  for (const c of results.reload?.candidates ?? []) {
    out[c.id] = {};
    for (const load of results.options.reloadLoads) {
      const ss = results.reload.samples.filter((s) => s.candidate === c.id && s.load === load);
      const ok = ss.filter((s) => !s.error);
      out[c.id][load] = {
        n: ok.length,
        failures: ss.filter((s) => s.error).map((s) => s.error),
        failed: ok.reduce((a, s) => a + s.socketErrors + s.non2xx, 0),
        socketErrors: ok.reduce((a, s) => a + s.socketErrors, 0),
        non2xx: ok.reduce((a, s) => a + s.non2xx, 0),
        requests: ok.reduce((a, s) => a + s.requests, 0),
        dip: summary(ok.map((s) => s.dip ?? Number.NaN)),
        noiseDip: summary(ok.map((s) => s.noiseDip ?? Number.NaN)),
        kept: summary(ok.map((s) => (s.steadyRps > 0 ? s.afterRps / s.steadyRps : Number.NaN))),
        replacedMs: summary(ok.map((s) => s.replacedMs ?? Number.NaN)),
        neverReplaced: ok.filter((s) => s.replacedMs === null).length,
      };
    }
  }
  return out;
}

/** Start to first 200 per candidate, ms, and the ratio of medians to `node app.js` (raw). */
export function startupCells(results) {
  const out = {};
  const ms = (id) => results.startup.samples.filter((s) => s.candidate === id && !s.error).map((s) => s.ms);
  const raw = median(ms('raw'));
  for (const c of results.startup.candidates) {
    const s = summary(ms(c.id));
    out[c.id] = {
      ms: s,
      ratio: s.median / raw,
      failures: results.startup.samples.filter((x) => x.candidate === c.id && x.error).map((x) => x.error),
    };
  }
  return out;
}

/** .profile.d timings (ms) per setting and command, with each command's ratio of medians to the bash baseline. */
export function shellCells(results) {
  const p = results.shell?.profileD;
  if (!p || p.skipped || p.error) return { skipped: p?.skipped ?? p?.error ?? 'not run' };
  return {
    settings: p.settings.map((st) => {
      if (st.skipped) return st;
      const base = median(st.commands.find((c) => c.id === 'baseline').timesMs);
      return {
        ...st,
        commands: st.commands.map((c) => ({ ...c, ms: summary(c.timesMs), ratio: median(c.timesMs) / base })),
      };
    }),
  };
}
