// The worker-side collector against the real runtime: request counters and busy time, queue-time
// histogram, a blocked event loop, real garbage collections, heap and RSS.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { loopAndGcWanted, WorkerCollector } from '../../lib/metrics/collector.ts';
import { Histogram } from '../../lib/metrics/histogram.ts';

const made: WorkerCollector[] = [];
afterEach(() => {
  for (const c of made.splice(0)) c.close();
});
function collector(loopAndGc = true): WorkerCollector {
  const c = new WorkerCollector({ loopAndGc });
  made.push(c);
  return c;
}

function spin(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {}
}

describe('WorkerCollector', () => {
  it('counts requests, in-flight and the time spent busy', async () => {
    const c = collector();
    c.start(null);
    c.start(null);
    await sleep(60);
    let f = c.figures();
    expect(f.inFlight).toBe(2);
    expect(f.requests).toBe(0);
    expect(f.busyMs).toBeGreaterThanOrEqual(50);
    c.done();
    c.done();
    f = c.figures();
    expect(f.inFlight).toBe(0);
    expect(f.requests).toBe(2);
    const busy = f.busyMs;
    await sleep(30);
    expect(c.figures().busyMs).toBe(busy); // idle time is not busy time
  });

  it('records queue time only for requests that carried it, and counts shed requests', () => {
    const c = collector();
    c.start(3);
    c.done();
    c.start(null);
    c.done();
    c.start(40_000);
    c.shed();
    c.done();
    const f = c.figures();
    expect(f.requests).toBe(3);
    expect(f.shed).toBe(1);
    const q = Histogram.fromWire(f.queue);
    expect(q.n).toBe(2);
    expect(q.sum).toBeCloseTo(40.003, 6);
    expect(q.quantile(1)!).toBeGreaterThan(35);
  });

  it('sees a blocked event loop as delay and utilisation', async () => {
    const c = collector();
    c.figures(); // start a fresh window
    await sleep(30);
    spin(120);
    await sleep(40);
    const f = c.figures();
    expect(f.loopDelayMaxMs).toBeGreaterThan(100);
    expect(f.loopUtilization).toBeGreaterThan(0.4);
    expect(f.loopActiveMs).toBeGreaterThan(100);
    const delay = Histogram.fromWire(f.loopDelay);
    expect(delay.n).toBeGreaterThan(0);
    expect(delay.quantile(1)!).toBeGreaterThan(0.1);
    // The next window starts afresh.
    await sleep(30);
    expect(c.figures().loopDelayMaxMs).toBeLessThan(100);
  });

  it('counts real garbage collections and reports heap and RSS', async () => {
    const c = collector();
    let keep: unknown[] = [];
    for (let round = 0; round < 50 && c.figures().gcYoung === 0; round++) {
      for (let i = 0; i < 20_000; i++) keep.push({ i, s: `x${i}` });
      keep = [];
      await sleep(5); // the observer delivers GC entries asynchronously
    }
    const f = c.figures();
    expect(f.gcYoung).toBeGreaterThan(0);
    expect(f.gcYoungNs).toBeGreaterThan(0);
    expect(f.heapUsed).toBeGreaterThan(0);
    expect(f.heapTotal).toBeGreaterThanOrEqual(f.heapUsed);
    expect(f.heapLimit).toBeGreaterThan(f.heapTotal);
    expect(f.rss).toBeGreaterThan(f.heapUsed);
  });

  it('without a metrics output: no loop-delay sampler and no GC observer, counters and heap still reported', async () => {
    const c = collector(false);
    c.figures();
    await sleep(30);
    spin(120);
    let keep: unknown[] = [];
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 20_000; i++) keep.push({ i, s: `x${i}` });
      keep = [];
      await sleep(5);
    }
    c.start(null);
    c.done();
    const f = c.figures();
    // The same blocked loop and collections the tests above see, unobserved.
    expect(f.loopDelayMaxMs).toBe(0);
    expect(Histogram.fromWire(f.loopDelay).n).toBe(0);
    expect(f.gcYoung + f.gcOld).toBe(0);
    // What the master needs without outputs (heartbeats, memory policy, autotuner) is still there.
    expect(f.requests).toBe(1);
    expect(f.loopUtilization).toBeGreaterThan(0.4);
    expect(f.heapUsed).toBeGreaterThan(0);
    expect(f.rss).toBeGreaterThan(f.heapUsed);
  });
});

describe('loopAndGcWanted', () => {
  const off = { metricsInterval: 0, metricsBind: null };
  it('is on only when an output reports loop delay and GC', () => {
    expect(loopAndGcWanted(off, {})).toBe(false);
    expect(loopAndGcWanted(off, { HEROKU_METRICS_URL: '' })).toBe(false);
    expect(loopAndGcWanted({ ...off, metricsInterval: 10 }, {})).toBe(true);
    expect(loopAndGcWanted({ ...off, metricsBind: '127.0.0.1:9100' }, {})).toBe(true);
    expect(loopAndGcWanted(off, { HEROKU_METRICS_URL: 'http://127.0.0.1:1/metrics' })).toBe(true);
  });
});
