// The three renderings of the dyno: Heroku's runtime-metrics payload, the sample# log line, and
// Prometheus text (checked with a Prometheus text-format parser from npm).
import parsePrometheus from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { DynoMetrics, dynoReport } from '../../lib/metrics/aggregate.ts';
import { herokuPayload } from '../../lib/metrics/heroku-payload.ts';
import { renderPrometheus } from '../../lib/metrics/prometheus.ts';
import { sampleFields, sampleLine } from '../../lib/metrics/sample-line.ts';
import { figures } from './figures-fixture.ts';

const MB = 1024 * 1024;

/** Two ready workers and one interval: worker 1 busy and loop-heavy, worker 2 idle. */
function scenario() {
  const m = new DynoMetrics();
  m.workerStarted(101, 1);
  m.workerStarted(102, 2);
  m.workerReady(101, 1);
  m.workerReady(102, 2);
  m.heartbeat(
    101,
    0,
    50 * MB,
    figures({ requests: 10, gcYoung: 2, gcYoungNs: 2e6, loopActiveMs: 100, loopIdleMs: 900 }),
  );
  m.heartbeat(102, 0, 40 * MB, figures({ requests: 5, loopActiveMs: 50, loopIdleMs: 950 }));
  const win = m.openWindow(0);
  const delays1 = Array.from({ length: 90 }, () => 0.0102);
  const delays2 = Array.from({ length: 10 }, () => 0.05);
  m.heartbeat(
    101,
    1,
    52 * MB,
    figures({
      requests: 30,
      inFlight: 1,
      gcYoung: 5,
      gcYoungNs: 5e6,
      gcOld: 1,
      gcOldNs: 3e6,
      loopActiveMs: 700,
      loopIdleMs: 1300,
      queue: [0.002, 0.003, 0.004],
      loopDelay: delays1,
      loopDelayMaxMs: 11,
      heapUsed: 20 * MB,
      heapTotal: 30 * MB,
      heapLimit: 2048 * MB,
    }),
  );
  m.heartbeat(
    102,
    0,
    41 * MB,
    figures({
      requests: 5,
      loopActiveMs: 60,
      loopIdleMs: 1940,
      loopDelay: delays2,
      loopDelayMaxMs: 55,
      heapUsed: 10 * MB,
    }),
  );
  m.workerExited(102, 'memory');
  m.workerStarted(103, 3);
  const interval = m.closeWindow(win, 20_000);
  const report = dynoReport(m, { pid: 100, rss: 30 * MB, memoryLimitBytes: 512 * MB });
  return { m, interval, report };
}

describe('Heroku runtime-metrics payload', () => {
  it('has exactly the names Heroku’s Node plugin posts, counters as interval deltas summed over workers', () => {
    const p = herokuPayload(scenario().interval);
    expect(Object.keys(p.counters).sort()).toEqual(
      [
        'node.gc.collections',
        'node.gc.pause.ns',
        'node.gc.old.collections',
        'node.gc.old.pause.ns',
        'node.gc.young.collections',
        'node.gc.young.pause.ns',
      ].sort(),
    );
    expect(Object.keys(p.gauges).sort()).toEqual(
      [
        'node.eventloop.usage.percent',
        'node.eventloop.delay.ms.median',
        'node.eventloop.delay.ms.p95',
        'node.eventloop.delay.ms.p99',
        'node.eventloop.delay.ms.max',
      ].sort(),
    );
    expect(p.counters['node.gc.young.collections']).toBe(3);
    expect(p.counters['node.gc.old.collections']).toBe(1);
    expect(p.counters['node.gc.collections']).toBe(4);
    expect(p.counters['node.gc.pause.ns']).toBe(6e6);
  });

  it('gauges: utilisation time-weighted over workers, delay percentiles over all samples, max of all', () => {
    const p = herokuPayload(scenario().interval);
    // (600 + 10) active of (600+10) + (400+990) loop ms
    expect(p.gauges['node.eventloop.usage.percent']).toBeCloseTo(610 / 2000, 6);
    // 90 samples near 10.2 ms and 10 near 50 ms: median from the first group, p99 from the second.
    expect(p.gauges['node.eventloop.delay.ms.median']).toBeGreaterThan(10);
    expect(p.gauges['node.eventloop.delay.ms.median']).toBeLessThan(11);
    expect(p.gauges['node.eventloop.delay.ms.p99']).toBeGreaterThan(45);
    expect(p.gauges['node.eventloop.delay.ms.p99']).toBeLessThanOrEqual(50);
    expect(p.gauges['node.eventloop.delay.ms.max']).toBe(55);
  });

  it('an empty interval posts zeros, not NaN', () => {
    const m = new DynoMetrics();
    const p = herokuPayload(m.closeWindow(m.openWindow(0), 10_000));
    expect(JSON.stringify(p)).not.toMatch(/null|NaN/);
    expect(p.gauges['node.eventloop.usage.percent']).toBe(0);
  });
});

describe('sample# line', () => {
  it('reads like Heroku’s log-runtime-metrics, with counts for the interval and units', () => {
    const { report, interval } = scenario();
    const line = sampleLine(report, interval);
    expect(line).toMatch(/^source=tsicorn sample#workers=1 sample#busy_workers=1 sample#requests=20 /);
    const f = sampleFields(report, interval);
    expect(f['sample#memory_rss']).toBe('82.00MB'); // master 30 + live worker 52
    expect(f['sample#memory_limit']).toBe('512.00MB');
    expect(f['sample#restarts']).toBe(1);
    expect(f['sample#queue_time_p95']).toMatch(/^[34](\.\d+)?ms$/);
    expect(f['sample#event_loop_delay_max']).toBe('55ms');
    expect(f['sample#gc_pause']).toBe('6ms');
    // logfmt: every token is key=value with no spaces or quotes
    for (const token of line.split(' ')) expect(token).toMatch(/^[\w#.]+=[^\s"=]+$/);
  });

  it('leaves out what it does not know (no limit, no queue-time samples)', () => {
    const m = new DynoMetrics();
    const f = sampleFields(
      dynoReport(m, { pid: 1, rss: MB, memoryLimitBytes: null }),
      m.closeWindow(m.openWindow(0)),
    );
    expect(f).not.toHaveProperty('sample#memory_limit');
    expect(f).not.toHaveProperty('sample#queue_time_p95');
    expect(f['sample#workers']).toBe(0);
  });
});

describe('Prometheus text', () => {
  it('parses, with per-worker series (worker, pid) and dyno totals under their own names', () => {
    const { report } = scenario();
    const text = renderPrometheus(report);
    const families = parsePrometheus(text);
    const byName = new Map(families.map((f) => [f.name, f]));
    for (const f of families) expect(f.name).toMatch(/^tsicorn_/);
    for (const f of families.filter((x) => x.type === 'COUNTER')) expect(f.name).toMatch(/_total$/);
    for (const f of families.filter((x) => x.type === 'HISTOGRAM')) expect(f.name).toMatch(/_seconds$/);

    expect(byName.get('tsicorn_workers')!.metrics[0]!.value).toBe('1'); // worker 3 still boots
    expect(byName.get('tsicorn_busy_workers')!.metrics[0]!.value).toBe('1');
    // The dyno total keeps the exited worker's 5 requests; the per-worker series only live ones.
    expect(byName.get('tsicorn_requests_total')!.metrics[0]!.value).toBe('35');
    const perWorker = byName.get('tsicorn_worker_requests_total')!.metrics;
    expect(perWorker).toEqual([{ value: '30', labels: { worker: '1', pid: '101' } }]);
    const inflight = byName.get('tsicorn_worker_requests_in_flight')!.metrics;
    expect(inflight.map((x) => x.labels)).toEqual([
      { worker: '1', pid: '101' },
      { worker: '3', pid: '103' },
    ]);
    const restarts = byName.get('tsicorn_restarts_total')!.metrics;
    expect(restarts.find((x) => x.labels!.reason === 'memory')!.value).toBe('1');
    expect(restarts.map((x) => x.labels!.reason).sort()).toEqual(
      ['crash', 'max-requests', 'memory', 'reload', 'timeout'].sort(),
    );
    const queue = byName.get('tsicorn_queue_time_seconds')!.metrics[0]!;
    expect(queue.count).toBe('3');
    expect(queue.buckets!['0.005']).toBe('3');
    expect(queue.buckets!['0.001']).toBe('0');
    expect(byName.get('tsicorn_memory_limit_bytes')!.metrics[0]!.value).toBe(String(512 * MB));
    expect(byName.get('tsicorn_master_resident_memory_bytes')!.metrics[0]!.labels).toEqual({ pid: '100' });
  });

  it('per-worker histogram lines carry worker and pid next to le, cumulative and ending at +Inf = count', () => {
    const text = renderPrometheus(scenario().report);
    const lines = text.split('\n').filter((l) => l.startsWith('tsicorn_worker_event_loop_delay_seconds'));
    const buckets = lines.filter((l) => l.includes('_bucket{'));
    expect(buckets[0]).toMatch(
      /^tsicorn_worker_event_loop_delay_seconds_bucket\{worker="1",pid="101",le="0\.001"\} 0$/,
    );
    const values = buckets.map((l) => Number(l.split(' ')[1]));
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    expect(buckets.at(-1)).toMatch(/le="\+Inf"\} 90$/);
    expect(lines).toContain('tsicorn_worker_event_loop_delay_seconds_count{worker="1",pid="101"} 90');
  });
});
