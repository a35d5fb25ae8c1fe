// Fixed-bucket histograms of durations in seconds: cheap to fill per request (a binary search over
// a constant table, no allocation), compact to send (only non-empty buckets), and mergeable across
// workers by adding counts, which percentiles are not. Percentiles come back out by interpolating
// inside a bucket: neighbouring bounds are at most 17 % apart, so a percentile is within ~8 % of
// the true value. Prometheus gets a coarser subset of the same bounds (exact cumulative counts).

const MANTISSAS = [1, 1.1, 1.25, 1.4, 1.6, 1.8, 2, 2.25, 2.5, 2.8, 3, 3.5, 4, 4.5, 5, 5.5, 6, 7, 8, 9];

/** Upper bounds in seconds, 0.1 ms to 100 s; one more bucket (index BOUNDS.length) holds the rest. */
export const BOUNDS: readonly number[] = (() => {
  const out: number[] = [];
  for (let exp = -4; exp <= 1; exp++) for (const m of MANTISSAS) out.push(Number(`${m}e${exp}`));
  out.push(100);
  return out;
})();
export const BUCKETS = BOUNDS.length + 1;

/** The `le` bounds shown to Prometheus: the usual latency ladder, plus 30 s (the router's limit) and 60 s. */
export const PROMETHEUS_BOUNDS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

/** Index of the bucket a value in seconds falls in (bucket i holds BOUNDS[i-1] < v <= BOUNDS[i]). */
export function bucketOf(seconds: number): number {
  let lo = 0;
  let hi = BOUNDS.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (seconds <= BOUNDS[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** What crosses IPC: [bucket, count, bucket, count, ...] for the non-empty buckets, the sum and the count. */
export interface HistogramWire {
  b: number[];
  sum: number;
  n: number;
}

/** Dense counts, one per bucket, with their sum (seconds) and total count. */
export class Histogram {
  readonly counts = new Float64Array(BUCKETS);
  sum = 0;
  n = 0;

  observe(seconds: number): void {
    this.counts[bucketOf(seconds)]!++;
    this.sum += seconds;
    this.n++;
  }

  toWire(): HistogramWire {
    const b: number[] = [];
    for (let i = 0; i < BUCKETS; i++) if (this.counts[i]! > 0) b.push(i, this.counts[i]!);
    return { b, sum: this.sum, n: this.n };
  }

  static fromWire(w: HistogramWire): Histogram {
    const h = new Histogram();
    h.addWire(w);
    return h;
  }

  addWire(w: HistogramWire): void {
    for (let i = 0; i + 1 < w.b.length; i += 2) {
      const idx = w.b[i]!;
      if (idx >= 0 && idx < BUCKETS) this.counts[idx]! += w.b[i + 1]!;
    }
    this.sum += w.sum;
    this.n += w.n;
  }

  add(other: Histogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.sum += other.sum;
    this.n += other.n;
  }

  /** this - earlier: what was observed since `earlier` (a copy taken from the same running totals). */
  minus(earlier: Histogram): Histogram {
    const d = new Histogram();
    for (let i = 0; i < BUCKETS; i++) d.counts[i] = Math.max(0, this.counts[i]! - earlier.counts[i]!);
    d.sum = Math.max(0, this.sum - earlier.sum);
    d.n = Math.max(0, this.n - earlier.n);
    return d;
  }

  clone(): Histogram {
    const c = new Histogram();
    c.add(this);
    return c;
  }

  /** The q-quantile (0..1) in seconds, interpolated inside its bucket; null when empty. */
  quantile(q: number): number | null {
    if (this.n <= 0) return null;
    const rank = Math.min(Math.max(q, 0), 1) * this.n;
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      const c = this.counts[i]!;
      if (c <= 0) continue;
      if (seen + c >= rank) {
        const lower = i === 0 ? 0 : BOUNDS[i - 1]!;
        // Values above the last bound are only known to be above it.
        if (i === BOUNDS.length) return lower;
        const upper = BOUNDS[i]!;
        return lower + (upper - lower) * Math.max(0, (rank - seen) / c);
      }
      seen += c;
    }
    return BOUNDS[BOUNDS.length - 1]!;
  }

  /** Cumulative counts at each of `bounds` (each must be one of BOUNDS), for Prometheus `le` buckets. */
  cumulative(bounds: readonly number[] = PROMETHEUS_BOUNDS): number[] {
    const out: number[] = [];
    let acc = 0;
    let i = 0;
    for (const bound of bounds) {
      const last = bucketOf(bound);
      for (; i <= last; i++) acc += this.counts[i]!;
      out.push(acc);
    }
    return out;
  }
}

/** What a recorded histogram (perf_hooks monitorEventLoopDelay / createHistogram) offers, in ns. */
export interface NativeHistogram {
  count: number;
  min: number;
  max: number;
  mean: number;
  percentile(p: number): number;
}

/**
 * Re-buckets a native perf_hooks histogram (nanoseconds) into `into`: the fraction of samples at or
 * below each bound is found by bisecting on its percentiles. Only bounds between min and max need
 * it, so a typical event-loop window (all samples within a few ms) costs a few dozen calls.
 */
export function addNative(into: Histogram, h: NativeHistogram): void {
  const count = h.count;
  if (!(count > 0)) return;
  const minS = h.min / 1e9;
  const maxS = h.max / 1e9;
  let prevCum = 0;
  for (let i = 0; i < BOUNDS.length; i++) {
    const bound = BOUNDS[i]!;
    let cum: number;
    if (bound < minS) cum = 0;
    else if (bound >= maxS) cum = count;
    else {
      // Largest percentile whose value is still <= bound.
      let lo = 0;
      let hi = 100;
      for (let k = 0; k < 12; k++) {
        const mid = (lo + hi) / 2;
        if (h.percentile(mid) / 1e9 <= bound) lo = mid;
        else hi = mid;
      }
      cum = Math.round((count * lo) / 100);
    }
    if (cum < prevCum) cum = prevCum;
    into.counts[i]! += cum - prevCum;
    prevCum = cum;
    if (cum >= count) break;
  }
  if (prevCum < count) into.counts[BOUNDS.length]! += count - prevCum;
  into.sum += (h.mean / 1e9) * count;
  into.n += count;
}
