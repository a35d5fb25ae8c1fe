// Fixed-bucket histograms: bucketing, wire round trip, merging, quantiles, Prometheus subset, and
// re-bucketing a real perf_hooks histogram.
import { createHistogram } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import {
  addNative,
  BOUNDS,
  BUCKETS,
  bucketOf,
  Histogram,
  PROMETHEUS_BOUNDS,
} from '../../lib/metrics/histogram.ts';

describe('bounds', () => {
  it('rise from 0.1 ms to 100 s, neighbours at most 17 % apart, and hold every Prometheus bound exactly', () => {
    expect(BOUNDS[0]).toBe(0.0001);
    expect(BOUNDS[BOUNDS.length - 1]).toBe(100);
    for (let i = 1; i < BOUNDS.length; i++) {
      expect(BOUNDS[i]!).toBeGreaterThan(BOUNDS[i - 1]!);
      expect(BOUNDS[i]! / BOUNDS[i - 1]!).toBeLessThanOrEqual(1.17);
    }
    for (const b of PROMETHEUS_BOUNDS) expect(BOUNDS).toContain(b);
  });

  it('a value on a bound falls in that bound bucket; above the last, in the overflow bucket', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(0.0001)).toBe(0);
    expect(bucketOf(0.00010001)).toBe(1);
    expect(bucketOf(0.01)).toBe(BOUNDS.indexOf(0.01));
    expect(bucketOf(1e6)).toBe(BUCKETS - 1);
  });
});

describe('Histogram', () => {
  it('round-trips through its wire form, sending only non-empty buckets', () => {
    const h = new Histogram();
    for (const v of [0.002, 0.002, 0.5, 45, 1000]) h.observe(v);
    const wire = h.toWire();
    expect(wire.b.length).toBe(8); // four buckets, as [index, count] pairs
    expect(wire.n).toBe(5);
    const back = Histogram.fromWire(JSON.parse(JSON.stringify(wire)));
    expect([...back.counts]).toEqual([...h.counts]);
    expect(back.sum).toBeCloseTo(1045.504, 9);
  });

  it('quantiles interpolate inside a bucket and stay within 10 % of the true value', () => {
    const h = new Histogram();
    const values: number[] = [];
    for (let i = 1; i <= 1000; i++) values.push(i / 1000); // 1 ms .. 1 s, uniform
    for (const v of values) h.observe(v);
    for (const q of [0.5, 0.95, 0.99]) {
      const truth = values[Math.ceil(q * values.length) - 1]!;
      expect(Math.abs(h.quantile(q)! - truth) / truth).toBeLessThan(0.1);
    }
    expect(new Histogram().quantile(0.5)).toBeNull();
  });

  it('merges by adding counts; minus gives what was added since a copy', () => {
    const a = new Histogram();
    const b = new Histogram();
    a.observe(0.001);
    b.observe(0.004);
    b.observe(0.004);
    const before = a.clone();
    a.add(b);
    expect(a.n).toBe(3);
    const since = a.minus(before);
    expect(since.n).toBe(2);
    expect(since.quantile(0.5)!).toBeGreaterThan(0.0035);
    expect(since.quantile(0.5)!).toBeLessThanOrEqual(0.004);
  });

  it('cumulative() gives exact counts at the Prometheus bounds', () => {
    const h = new Histogram();
    for (const v of [0.0005, 0.001, 0.003, 0.2, 29, 31, 500]) h.observe(v);
    const cum = h.cumulative();
    const at = (le: number) => cum[PROMETHEUS_BOUNDS.indexOf(le)];
    expect(at(0.001)).toBe(2);
    expect(at(0.005)).toBe(3);
    expect(at(0.25)).toBe(4);
    expect(at(30)).toBe(5);
    expect(at(60)).toBe(6);
    expect(h.n).toBe(7); // the +Inf bucket is the count
  });
});

describe('addNative (perf_hooks histograms, nanoseconds)', () => {
  it('re-buckets a real recorded histogram with its quantiles preserved', () => {
    const native = createHistogram();
    // 900 samples near 10 ms (an idle event loop sampled every 10 ms) and 100 near 50 ms.
    for (let i = 0; i < 900; i++) native.record(10_000_000 + i * 1000);
    for (let i = 0; i < 100; i++) native.record(50_000_000 + i * 10_000);
    const h = new Histogram();
    addNative(h, native);
    expect(h.n).toBe(1000);
    expect(h.sum).toBeCloseTo((native.mean / 1e9) * 1000, 6);
    expect(h.quantile(0.5)!).toBeGreaterThan(0.0095);
    expect(h.quantile(0.5)!).toBeLessThan(0.011);
    expect(h.quantile(0.99)!).toBeGreaterThan(0.045);
    expect(h.quantile(0.99)!).toBeLessThan(0.056);
    const counted = [...h.counts].reduce((a, b) => a + b, 0);
    expect(counted).toBe(1000);
  });

  it('an empty native histogram adds nothing', () => {
    const h = new Histogram();
    addNative(h, createHistogram());
    expect(h.n).toBe(0);
  });
});
