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
