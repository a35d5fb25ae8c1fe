// Small, pure statistics for the bench: medians and ranges over rounds.

export function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** { median, min, max, n } of the finite values. */
export function summary(xs) {
  const v = xs.filter((x) => Number.isFinite(x));
  return {
    median: median(v),
    min: v.length ? Math.min(...v) : Number.NaN,
    max: v.length ? Math.max(...v) : Number.NaN,
    n: v.length,
  };
}

/** Candidate/baseline ratio per round, pairing values of the same round only. */
export function pairedRatios(candidate, baseline) {
  const out = [];
  for (let i = 0; i < Math.min(candidate.length, baseline.length); i++) {
    const c = candidate[i];
    const b = baseline[i];
    out.push(Number.isFinite(c) && Number.isFinite(b) && b > 0 ? c / b : Number.NaN);
  }
  return out;
}

/** Rotates a list by k places: the interleaving that moves every candidate through every slot. */
export function rotate(list, k) {
  if (list.length === 0) return [];
  const s = ((k % list.length) + list.length) % list.length;
  return [...list.slice(s), ...list.slice(0, s)];
}

/**
 * The busiest serving process's share of the requests answered between two count snapshots
 * ({ pid: count }), over the processes in `pids` seen in both; NaN when none answered.
 */
export function busiestShare(before, after, pids) {
  const deltas = pids
    .filter((p) => Number.isFinite(before[p]) && Number.isFinite(after[p]))
    .map((p) => after[p] - before[p]);
  const total = deltas.reduce((a, b) => a + b, 0);
  return total > 0 ? Math.max(...deltas) / total : Number.NaN;
}

/**
 * Reads a reload run's time line (per-bucket response counts, parseTimeline) around the moment
 * the reload was asked for. The first `skipMs` (connections opening) and the last, partial bucket
 * are left out. Steady rate: the mean over the buckets before the signal. Dip: 1 - the fewest
 * responses in any `windowMs` window after the signal / the steady rate over such a window.
 * The same dip measured over the windows before the signal is the noise floor: how deep a dip the
 * machine makes on its own. Pure.
 */
export function reloadDip(timeline, signalMs, { windowMs = 500, skipMs = 500 } = {}) {
  const { startMs, bucketMs, good } = timeline;
  const n = good.length - 1;
  const first = Math.ceil(skipMs / bucketMs);
  const sig = Math.floor((signalMs - startMs) / bucketMs);
  const w = Math.max(1, Math.round(windowMs / bucketMs));
  if (sig - first < w || n - sig < w) return null;
  const sum = (a, b) => good.slice(a, b).reduce((x, y) => x + y, 0);
  const perS = (count, buckets) => count / ((buckets * bucketMs) / 1000);
  const steady = perS(sum(first, sig), sig - first);
  const deepest = (from, to) => {
    let min = Number.POSITIVE_INFINITY;
    for (let i = from; i + w <= to; i++) min = Math.min(min, sum(i, i + w));
    return perS(min, w);
  };
  const lowBefore = deepest(first, sig);
  const lowAfter = deepest(sig, n);
  return {
    steadyRps: steady,
    afterRps: perS(sum(sig, n), n - sig),
    lowestWindowRps: lowAfter,
    dip: steady > 0 ? Math.max(0, 1 - lowAfter / steady) : Number.NaN,
    noiseDip: steady > 0 ? Math.max(0, 1 - lowBefore / steady) : Number.NaN,
    windowMs: w * bucketMs,
  };
}
