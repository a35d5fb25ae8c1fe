// The master's metrics outputs, fed by the arbiter at a few points of a worker's life: the
// periodic sample# line (--metrics-interval), the Prometheus endpoint (--metrics-bind, served by
// this process, never by a worker), and the Heroku runtime-metrics post (HEROKU_METRICS_URL).
import type { Server } from 'node:http';
import type { Settings } from '../config/types.ts';
import type { Logger } from '../log/types.ts';
import { DynoMetrics, dynoReport, type IntervalWindow, type RestartReason } from './aggregate.ts';
import { parseMetricsBind } from './endpoint-address.ts';
import type { WorkerFigures } from './figures.ts';
import { herokuTarget, postJson, REMOVED_PLUGIN_ENV, splitHerokuPlugin } from './heroku.ts';
import { herokuPayload } from './heroku-payload.ts';
import { renderPrometheus } from './prometheus.ts';
import { sampleFields, sampleLine } from './sample-line.ts';

const POST_TIMEOUT_MS = 5000;
const LISTEN_RETRY_MS = 3000;

export interface MasterMetricsOptions {
  settings: Pick<Settings, 'metricsInterval' | 'metricsBind' | 'logFormat'>;
  env: Readonly<Record<string, string | undefined>>;
  log: Logger;
  /** The dyno's memory limit in bytes when known (read by the arbiter from the cgroup). */
  memoryLimitBytes(): number | null;
  /** Started by a predecessor master (USR2), which frees the metrics port as it hands over. */
  handover: boolean;
}

export class MasterMetrics {
  readonly dyno = new DynoMetrics();
  private readonly opts: MasterMetricsOptions;
  private timers: NodeJS.Timeout[] = [];
  private windows: IntervalWindow[] = [];
  private endpoint: Server | null = null;
  private posting = false;

  constructor(opts: MasterMetricsOptions) {
    this.opts = opts;
  }

  /** Opens the endpoint and starts the timers. Throws (with the address) when the endpoint cannot listen. */
  async start(): Promise<void> {
    const { settings, log, env } = this.opts;
    if (settings.metricsBind) await this.listenRetrying(settings.metricsBind, this.opts.handover);
    if (settings.metricsInterval > 0) {
      const win = this.open();
      this.every(settings.metricsInterval * 1000, () => this.logSample(win));
    }
    const target = herokuTarget(env);
    const removed = env[REMOVED_PLUGIN_ENV];
    const stillLoaded = splitHerokuPlugin(env.NODE_OPTIONS).plugin;
    if ('url' in target) {
      if (target.note) log.warning(target.note);
      const win = this.open();
      this.every(target.intervalMs, () => void this.postHeroku(target.url, win));
      log.info(
        `Heroku runtime metrics: posting one series for the whole dyno every ${target.intervalMs / 1000} s` +
          (removed ? ` (Heroku's per-process plugin ${removed} kept out of the master and workers)` : ''),
      );
    }
    if (stillLoaded)
      log.warning(
        `Heroku's Node metrics plugin ${stillLoaded} was loaded into this master through NODE_OPTIONS ` +
          '(start tsicorn through bin/tsicorn, which keeps it out): it posts the master’s own figures ' +
          'beside the dyno’s. Workers are started without it.',
      );
  }

  /** Environment overrides for a worker: never Heroku's per-process plugin (the master posts for the dyno). */
  workerEnv(): Record<string, string | undefined> {
    const { rest, plugin } = splitHerokuPlugin(this.opts.env.NODE_OPTIONS);
    return plugin ? { NODE_OPTIONS: rest || undefined } : {};
  }

  workerStarted(pid: number, age: number): void {
    this.dyno.workerStarted(pid, age);
  }

  workerReady(pid: number, age: number): void {
    this.dyno.workerReady(pid, age);
  }

  heartbeat(pid: number, inFlight: number, rss: number, figures?: WorkerFigures): void {
    this.dyno.heartbeat(pid, inFlight, rss, figures);
  }

  workerExited(pid: number, reason: RestartReason | null): void {
    this.dyno.workerExited(pid, reason);
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const w of this.windows) this.dyno.dropWindow(w);
    this.windows = [];
    this.endpoint?.close();
    this.endpoint?.closeAllConnections();
    this.endpoint = null;
  }

  private open(): IntervalWindow {
    const w = this.dyno.openWindow();
    this.windows.push(w);
    return w;
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(() => {
      try {
        fn();
      } catch (e) {
        this.opts.log.error(`metrics: ${(e as Error).stack ?? e}`);
      }
    }, ms);
    t.unref();
    this.timers.push(t);
  }

  private report() {
    return dynoReport(this.dyno, {
      pid: process.pid,
      rss: process.memoryUsage.rss(),
      memoryLimitBytes: this.opts.memoryLimitBytes(),
    });
  }

  private logSample(win: IntervalWindow): void {
    const interval = this.dyno.closeWindow(win);
    const report = this.report();
    // Text logs get the bare Heroku-style line; structured logs get its fields.
    if (this.opts.settings.logFormat === 'text') this.opts.log.info(sampleLine(report, interval));
    else this.opts.log.info('metrics', sampleFields(report, interval));
  }

  private async postHeroku(url: URL, win: IntervalWindow): Promise<void> {
    const payload = herokuPayload(this.dyno.closeWindow(win));
    if (this.posting) return; // the previous post is still waiting for an answer: skip, never pile up
    this.posting = true;
    try {
      const status = await postJson(url, payload, POST_TIMEOUT_MS);
      if (status !== 200) this.opts.log.warning(`Heroku runtime metrics: ${url.host} answered ${status}`);
    } catch (e) {
      this.opts.log.warning(`Heroku runtime metrics: post to ${url.host} failed: ${(e as Error).message}`);
    } finally {
      this.posting = false;
    }
  }

  /** A master started by USR2 may get here before its predecessor has let go of the port: wait a little. */
  private async listenRetrying(bind: string, handover: boolean): Promise<void> {
    const giveUpAt = Date.now() + (handover ? LISTEN_RETRY_MS : 0);
    for (;;) {
      try {
        return await this.listen(bind);
      } catch (e) {
        if ((e as { code?: string }).code !== 'EADDRINUSE' || Date.now() > giveUpAt) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  private async listen(bind: string): Promise<void> {
    const addr = parseMetricsBind(bind);
    // Loaded only with --metrics-bind: the master has no other use for node:http (2-3 ms at start).
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== '/metrics' && path !== '/') {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Not found: metrics are at /metrics\n');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Method not allowed\n');
        return;
      }
      const body = renderPrometheus(this.report());
      res.writeHead(200, {
        'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
    return new Promise((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          Object.assign(
            new Error(`cannot serve metrics on ${addr.host}:${addr.port} (--metrics-bind): ${e.message}`),
            { code: e.code },
          ),
        ),
      );
      server.listen(addr.port, addr.host, () => {
        server.removeAllListeners('error');
        server.on('error', (e) => this.opts.log.error(`metrics endpoint: ${e.message}`));
        this.endpoint = server;
        this.opts.log.info(
          `Metrics at: http://${addr.host.includes(':') ? `[${addr.host}]` : addr.host}:${addr.port}/metrics (${process.pid})`,
        );
        resolve();
      });
    });
  }
}
