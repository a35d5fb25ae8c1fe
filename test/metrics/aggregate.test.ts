// The master's aggregation: per-worker view, totals that survive restarts, intervals, restarts by reason.
import { describe, expect, it } from 'vitest';
import { DynoMetrics, restartReason } from '../../lib/metrics/aggregate.ts';
import { figures } from './figures-fixture.ts';

describe('DynoMetrics', () => {
  it('keeps a per-worker view: ready, busy, in flight, oldest first', () => {
    const m = new DynoMetrics();
    m.workerStarted(200, 2);
    m.workerStarted(100, 1);
    m.workerStarted(300, 3);
    m.workerReady(100, 1);
    m.workerReady(200, 2);
    m.heartbeat(100, 2, 50e6);
    m.heartbeat(200, 0, 60e6);
    m.heartbeat(300, 1, 10e6); // still booting: not counted as a busy worker
    expect(m.workers().map((w) => w.age)).toEqual([1, 2, 3]);
    expect(m.readyWorkers()).toBe(2);
    expect(m.busyWorkers()).toBe(1);
    expect(m.inFlight()).toBe(3);
    m.heartbeat(999, 5, 1); // unknown pid: ignored
    expect(m.inFlight()).toBe(3);
  });

  it('sums counters and histograms over workers, keeping an exited worker’s last totals', () => {
    const m = new DynoMetrics();
    m.workerStarted(1, 1);
    m.workerStarted(2, 2);
    m.heartbeat(1, 0, 0, figures({ requests: 10, gcYoung: 3, queue: [0.001, 0.002] }));
    m.heartbeat(2, 0, 0, figures({ requests: 5, gcOld: 1, queue: [0.5] }));
    expect(m.totals().requests).toBe(15);
    m.workerExited(1, 'crash');
    m.workerStarted(3, 3);
    m.heartbeat(3, 0, 0, figures({ requests: 1 }));
    const t = m.totals();
    expect(t.requests).toBe(16);
    expect(t.gcYoung).toBe(3);
    expect(t.queue.n).toBe(3);
    expect(m.restarts.crash).toBe(1);
    expect(m.workers().map((w) => w.pid)).toEqual([2, 3]);
  });

  it('an interval holds only what happened in it, summed over workers, and restarts again', () => {
    const m = new DynoMetrics();
    m.workerStarted(1, 1);
    m.workerStarted(2, 2);
    m.heartbeat(1, 0, 0, figures({ requests: 100, gcYoungNs: 1000, loopDelay: [0.01] }));
    m.heartbeat(2, 0, 0, figures({ requests: 50 }));
    const win = m.openWindow(1000);
    m.heartbeat(
      1,
      0,
      0,
      figures({ requests: 130, gcYoungNs: 1500, loopDelay: [0.01, 0.012], loopDelayMaxMs: 12 }),
    );
    m.heartbeat(2, 0, 0, figures({ requests: 60, loopDelay: [0.05], loopDelayMaxMs: 51 }));
    m.workerExited(2, 'max-requests');
    const a = m.closeWindow(win, 21_000);
    expect(a.seconds).toBe(20);
    expect(a.requests).toBe(40);
    expect(a.gcYoungNs).toBe(500);
    expect(a.loopDelay.n).toBe(2);
    expect(a.loopDelayMaxMs).toBe(51);
    expect(a.restarts).toEqual({ crash: 0, timeout: 0, 'max-requests': 1, memory: 0, reload: 0 });
    // Nothing since: an empty interval.
    const b = m.closeWindow(win, 41_000);
    expect(b.requests).toBe(0);
    expect(b.loopDelay.n).toBe(0);
    expect(b.loopDelayMaxMs).toBe(0);
    expect(b.restarts['max-requests']).toBe(0);
  });

  it('two windows (sample lines and Heroku posts) keep their own baselines', () => {
    const m = new DynoMetrics();
    m.workerStarted(1, 1);
    const w1 = m.openWindow(0);
    m.heartbeat(1, 0, 0, figures({ requests: 5 }));
    const w2 = m.openWindow(0);
    m.heartbeat(1, 0, 0, figures({ requests: 8 }));
    expect(m.closeWindow(w1).requests).toBe(8);
    expect(m.closeWindow(w2).requests).toBe(3);
    m.dropWindow(w2);
    m.heartbeat(1, 0, 0, figures({ requests: 9, loopDelayMaxMs: 70 }));
    expect(m.closeWindow(w1).loopDelayMaxMs).toBe(70);
  });
});

describe('restartReason', () => {
  const base = { shuttingDown: false, expected: true, timedOut: false, retiring: null };
  it('maps the master’s exit facts to the five reasons', () => {
    expect(restartReason({ ...base, expected: false })).toBe('crash');
    expect(restartReason({ ...base, expected: false, timedOut: true })).toBe('timeout');
    expect(restartReason({ ...base, retiring: 'max-requests (1000)' })).toBe('max-requests');
    expect(restartReason({ ...base, retiring: 'max-worker-memory' })).toBe('memory');
    expect(restartReason({ ...base, retiring: 'reload' })).toBe('reload');
    expect(restartReason({ ...base, retiring: 'it was booting when the reload came' })).toBe('reload');
    // killed for overrunning its stop while being replaced: still the replacement's reason
    expect(restartReason({ ...base, timedOut: true, retiring: 'reload' })).toBe('reload');
  });
  it('a worker that starts unreported is added when it is ready', () => {
    const m = new DynoMetrics();
    m.workerReady(7, 4);
    expect(m.workers()).toMatchObject([{ pid: 7, age: 4, ready: true }]);
  });
  it('shutdown and scale-down are no restarts', () => {
    expect(restartReason({ ...base, shuttingDown: true, expected: false })).toBeNull();
    expect(restartReason({ ...base, retiring: 'worker count lowered' })).toBeNull();
  });
});
