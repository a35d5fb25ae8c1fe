// Prometheus text exposition (format 0.0.4) of the dyno. Two sets of names, so that summing never
// double counts: `tsicorn_worker_*` per live worker (labels `worker`, its serial number as in the
// logs, and `pid`), and `tsicorn_*` for the dyno, whose counters also keep what exited workers did
// (they only ever grow while the master lives).
import type { DynoReport, Totals } from './aggregate.ts';
import { Histogram, PROMETHEUS_BOUNDS } from './histogram.ts';

type Labels = Record<string, string | number>;
type Kind = 'counter' | 'gauge' | 'histogram';

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return parts.length ? `{${parts.join(',')}}` : '';
}

function num(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

class Exposition {
  private out: string[] = [];

  family(name: string, kind: Kind, help: string): void {
    this.out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${kind}`);
  }

  sample(name: string, labels: Labels, value: number): void {
    this.out.push(`${name}${labelText(labels)} ${num(value)}`);
  }

  histogram(name: string, labels: Labels, h: Histogram): void {
    const cum = h.cumulative(PROMETHEUS_BOUNDS);
    PROMETHEUS_BOUNDS.forEach((le, i) => {
      this.sample(`${name}_bucket`, { ...labels, le: num(le) }, cum[i]!);
    });
    this.sample(`${name}_bucket`, { ...labels, le: '+Inf' }, h.n);
    this.sample(`${name}_sum`, labels, h.sum);
    this.sample(`${name}_count`, labels, h.n);
  }

  text(): string {
    return `${this.out.join('\n')}\n`;
  }
}

const GENERATIONS = ['young', 'old'] as const;

function gcCount(t: Pick<Totals, 'gcYoung' | 'gcOld'>, g: 'young' | 'old'): number {
  return g === 'young' ? t.gcYoung : t.gcOld;
}
function gcSeconds(t: Pick<Totals, 'gcYoungNs' | 'gcOldNs'>, g: 'young' | 'old'): number {
  return (g === 'young' ? t.gcYoungNs : t.gcOldNs) / 1e9;
}

export function renderPrometheus(r: DynoReport): string {
  const e = new Exposition();
  const t = r.totals;
  const workers = r.workers.map((w) => ({ w, labels: { worker: w.age, pid: w.pid } as Labels }));
  const withFigures = workers.filter((x) => x.w.figures !== null);
  // ---- the dyno
  e.family('tsicorn_workers', 'gauge', 'Workers that are ready (booted and serving).');
  e.sample('tsicorn_workers', {}, r.readyWorkers);
  e.family(
    'tsicorn_busy_workers',
    'gauge',
    'Ready workers with at least one request in flight at their last heartbeat (at most 1 s old).',
  );
  e.sample('tsicorn_busy_workers', {}, r.busyWorkers);
  e.family('tsicorn_requests_in_flight', 'gauge', 'Requests being served by all workers.');
  e.sample('tsicorn_requests_in_flight', {}, r.inFlight);
  e.family('tsicorn_requests_total', 'counter', 'Requests answered by every worker this master ran.');
  e.sample('tsicorn_requests_total', {}, t.requests);
  e.family(
    'tsicorn_requests_shed_total',
    'counter',
    'Requests answered 503 without running the app: they had waited longer than --max-queue-time.',
  );
  e.sample('tsicorn_requests_shed_total', {}, t.shed);
  e.family(
    'tsicorn_busy_seconds_total',
    'counter',
    'Worker time with at least one request in flight, summed.',
  );
  e.sample('tsicorn_busy_seconds_total', {}, t.busyMs / 1000);
  e.family('tsicorn_restarts_total', 'counter', 'Workers replaced, by reason.');
  for (const [reason, n] of Object.entries(r.restarts)) e.sample('tsicorn_restarts_total', { reason }, n);
  e.family('tsicorn_queue_time_seconds', 'histogram', 'Router queue time from X-Request-Start, all workers.');
  e.histogram('tsicorn_queue_time_seconds', {}, t.queue);
  e.family(
    'tsicorn_event_loop_delay_seconds',
    'histogram',
    'Event-loop delay samples (10 ms timer, raw as perf_hooks reports them), all workers.',
  );
  e.histogram('tsicorn_event_loop_delay_seconds', {}, t.loopDelay);
  e.family(
    'tsicorn_event_loop_active_seconds_total',
    'counter',
    'Event-loop time spent running, all workers.',
  );
  e.sample('tsicorn_event_loop_active_seconds_total', {}, t.loopActiveMs / 1000);
  e.family('tsicorn_gc_collections_total', 'counter', 'Garbage collections, all workers.');
  for (const g of GENERATIONS) e.sample('tsicorn_gc_collections_total', { generation: g }, gcCount(t, g));
  e.family('tsicorn_gc_pause_seconds_total', 'counter', 'Time paused in garbage collection, all workers.');
  for (const g of GENERATIONS) e.sample('tsicorn_gc_pause_seconds_total', { generation: g }, gcSeconds(t, g));
  let rss = r.masterRss;
  let heap = 0;
  for (const { w } of workers) {
    rss += w.rss;
    heap += w.figures?.heapUsed ?? 0;
  }
  e.family('tsicorn_resident_memory_bytes', 'gauge', 'Resident memory of the master and all workers.');
  e.sample('tsicorn_resident_memory_bytes', {}, rss);
  e.family('tsicorn_master_resident_memory_bytes', 'gauge', 'Resident memory of the master.');
  e.sample('tsicorn_master_resident_memory_bytes', { pid: r.masterPid }, r.masterRss);
  e.family('tsicorn_heap_used_bytes', 'gauge', 'V8 heap in use, all workers.');
  e.sample('tsicorn_heap_used_bytes', {}, heap);
  if (r.memoryLimitBytes !== null) {
    e.family('tsicorn_memory_limit_bytes', 'gauge', "The dyno's memory limit (cgroup).");
    e.sample('tsicorn_memory_limit_bytes', {}, r.memoryLimitBytes);
  }

  // ---- each live worker
  e.family('tsicorn_worker_requests_in_flight', 'gauge', 'Requests this worker is serving.');
  for (const { w, labels } of workers) e.sample('tsicorn_worker_requests_in_flight', labels, w.inFlight);
  e.family('tsicorn_worker_resident_memory_bytes', 'gauge', 'Resident memory of this worker.');
  for (const { w, labels } of workers) e.sample('tsicorn_worker_resident_memory_bytes', labels, w.rss);
  const perWorker = (
    name: string,
    kind: Kind,
    help: string,
    value: (f: NonNullable<(typeof workers)[number]['w']['figures']>) => number,
  ) => {
    e.family(name, kind, help);
    for (const { w, labels } of withFigures) e.sample(name, labels, value(w.figures!));
  };
  perWorker('tsicorn_worker_requests_total', 'counter', 'Requests this worker answered.', (f) => f.requests);
  perWorker(
    'tsicorn_worker_requests_shed_total',
    'counter',
    'Requests this worker answered 503 for waiting longer than --max-queue-time.',
    (f) => f.shed,
  );
  perWorker(
    'tsicorn_worker_busy_seconds_total',
    'counter',
    'Time this worker had at least one request in flight.',
    (f) => f.busyMs / 1000,
  );
  perWorker(
    'tsicorn_worker_event_loop_utilization',
    'gauge',
    'Event-loop utilisation 0..1 over the last heartbeat window.',
    (f) => f.loopUtilization,
  );
  perWorker(
    'tsicorn_worker_event_loop_active_seconds_total',
    'counter',
    'Event-loop time spent running.',
    (f) => f.loopActiveMs / 1000,
  );
  perWorker('tsicorn_worker_heap_used_bytes', 'gauge', 'V8 heap in use.', (f) => f.heapUsed);
  perWorker('tsicorn_worker_heap_total_bytes', 'gauge', 'V8 heap reserved.', (f) => f.heapTotal);
  perWorker('tsicorn_worker_heap_limit_bytes', 'gauge', 'V8 heap size limit.', (f) => f.heapLimit);
  e.family('tsicorn_worker_gc_collections_total', 'counter', 'Garbage collections in this worker.');
  for (const { w, labels } of withFigures)
    for (const g of GENERATIONS)
      e.sample('tsicorn_worker_gc_collections_total', { ...labels, generation: g }, gcCount(w.figures!, g));
  e.family(
    'tsicorn_worker_gc_pause_seconds_total',
    'counter',
    'Time this worker paused in garbage collection.',
  );
  for (const { w, labels } of withFigures)
    for (const g of GENERATIONS)
      e.sample(
        'tsicorn_worker_gc_pause_seconds_total',
        { ...labels, generation: g },
        gcSeconds(w.figures!, g),
      );
  e.family(
    'tsicorn_worker_queue_time_seconds',
    'histogram',
    'Router queue time of requests this worker took.',
  );
  for (const { w, labels } of withFigures)
    e.histogram('tsicorn_worker_queue_time_seconds', labels, Histogram.fromWire(w.figures!.queue));
  e.family(
    'tsicorn_worker_event_loop_delay_seconds',
    'histogram',
    'Event-loop delay samples of this worker.',
  );
  for (const { w, labels } of withFigures)
    e.histogram('tsicorn_worker_event_loop_delay_seconds', labels, Histogram.fromWire(w.figures!.loopDelay));
  return e.text();
}
