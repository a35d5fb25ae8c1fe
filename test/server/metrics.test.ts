// Observability from the master, through a real master and real workers: Heroku runtime metrics
// posted once per interval for the dyno (to a local stand-in of HEROKU_METRICS_URL), sample# lines,
// the Prometheus endpoint served by the master's own pid, and router queue time with shedding.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import parsePrometheus, { type ParsedFamily } from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import { stageShipped } from '../helpers/bundles.ts';
import { childPids, eventually, freePort, ROOT, request, spawnTsicorn, TEST_NODE } from '../helpers/proc.ts';
import { holders, TCP_LISTEN, tcpInodes } from '../helpers/sockets.ts';

const APPS = `${ROOT}fixtures/apps`;
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

interface Post {
  at: number;
  body: Record<string, Record<string, unknown>>;
  /** The pid whose socket sent it, among the tsicorn processes. */
  from: number[];
}

/** A local stand-in for Heroku's metrics endpoint: records each JSON post and who sent it. */
async function metricsStandIn(pids: () => number[]) {
  const posts: Post[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      const from = holders(tcpInodes(req.socket.remotePort!, { remotePort: port }), pids());
      posts.push({ at: Date.now(), body: JSON.parse(body), from });
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  cleanups.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return { posts, url: `http://127.0.0.1:${port}/metrics/abc` };
}

const HEROKU_COUNTERS = [
  'node.gc.collections',
  'node.gc.old.collections',
  'node.gc.old.pause.ns',
  'node.gc.pause.ns',
  'node.gc.young.collections',
  'node.gc.young.pause.ns',
];
const HEROKU_GAUGES = [
  'node.eventloop.delay.ms.max',
  'node.eventloop.delay.ms.median',
  'node.eventloop.delay.ms.p95',
  'node.eventloop.delay.ms.p99',
  'node.eventloop.usage.percent',
];

describe('Heroku runtime metrics and sample# lines', () => {
  it('posts once per interval for the dyno (not per worker, Heroku’s plugin kept out), in the plugin’s names', async () => {
    // Run as a Heroku dyno would: through bin/tsicorn, with Heroku's plugin (a stand-in that leaves a
    // marker and posts its own document if loaded) in NODE_OPTIONS and a 5 s interval asked for.
    const shipped = stageShipped(mkdtempSync(join(tmpdir(), 'tsicorn-shipped-')));
    const markers = mkdtempSync(join(tmpdir(), 'tsicorn-plugin-markers-'));
    cleanups.push(() => {
      rmSync(shipped, { recursive: true, force: true });
      rmSync(markers, { recursive: true, force: true });
    });
    let masterPid = 0;
    const standIn = await metricsStandIn(() => [masterPid, ...childPids(masterPid)]);
    const plugin = `${ROOT}fixtures/heroku-plugin/.heroku/metrics/metrics_collector.cjs`;
    const port = await freePort();
    const p = spawnTsicorn(['app', '-w', '3', '-b', `127.0.0.1:${port}`, '--metrics-interval', '2'], {
      node: '/bin/sh',
      script: join(shipped, 'bin/tsicorn'),
      cwd: `${APPS}/counting`,
      env: {
        PATH: `${dirname(TEST_NODE)}:/usr/bin:/bin`,
        HEROKU_METRICS_URL: standIn.url,
        METRICS_INTERVAL_OVERRIDE: '5000',
        NODE_OPTIONS: `--require ${plugin}`,
        STANDIN_MARKER_DIR: markers,
      },
    });
    masterPid = p.pid;
    await p.ready();
    const startedPosting = Date.now();
    expect(p.output()).toMatch(/METRICS_INTERVAL_OVERRIDE=5000 is under the 10 s minimum/);
    expect(p.output()).toMatch(
      /posting one series for the whole dyno every 10 s \(Heroku's per-process plugin/,
    );
    for (let i = 0; i < 30; i++)
      await request(`http://127.0.0.1:${port}/`, { headers: { 'x-request-start': String(Date.now() - 5) } });

    await eventually(() => standIn.posts.length >= 2, 30_000, 100);
    await new Promise((r) => setTimeout(r, 1500)); // anything else sent for these two intervals arrives now
    const [first, second] = standIn.posts;
    expect(standIn.posts, 'one post per interval for the dyno, not one per process').toHaveLength(2);
    expect(first!.at - startedPosting).toBeLessThan(11_000);
    expect(second!.at - first!.at).toBeGreaterThan(9000);
    expect(second!.at - first!.at).toBeLessThan(11_500);
    for (const post of [first!, second!]) {
      expect(post.from, 'posted by the master process').toEqual([masterPid]);
      expect(Object.keys(post.body).sort()).toEqual(['counters', 'gauges']);
      expect(Object.keys(post.body.counters!).sort()).toEqual(HEROKU_COUNTERS);
      expect(Object.keys(post.body.gauges!).sort()).toEqual(HEROKU_GAUGES);
      for (const v of [...Object.values(post.body.counters!), ...Object.values(post.body.gauges!)]) {
        expect(typeof v).toBe('number');
        expect(v as number).toBeGreaterThanOrEqual(0);
      }
      // Three idle-ish event loops sampled every 10 ms: the median is the timer period plus a little.
      expect(post.body.gauges!['node.eventloop.delay.ms.median']).toBeGreaterThan(9);
      expect(post.body.gauges!['node.eventloop.usage.percent']).toBeLessThan(1);
    }
    expect(readdirSync(markers), 'no tsicorn process loaded Heroku’s plugin').toEqual([]);

    // sample# lines every 2 s from the master, over the same ~22 s.
    const lines = p.stderr().match(/^.*source=tsicorn sample#.*$/gm) ?? [];
    expect(lines.length).toBeGreaterThanOrEqual(8);
    expect(lines.length).toBeLessThanOrEqual(13);
    for (const l of lines)
      expect(l).toMatch(new RegExp(`^\\[[^\\]]+\\] \\[${masterPid}\\] \\[INFO\\] source=tsicorn `));
    expect(lines.some((l) => /sample#workers=3 sample#busy_workers=\d+ sample#requests=\d+/.test(l))).toBe(
      true,
    );
    const requests = lines.reduce((n, l) => n + Number(/sample#requests=(\d+)/.exec(l)![1]), 0);
    expect(requests, 'interval counts add up to the requests sent').toBe(30);
    expect(lines.some((l) => /sample#queue_time_p95=\d+(\.\d+)?ms/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/sample#memory_rss=\d+\.\d\dMB .*sample#event_loop_delay_p99=[\d.]+ms/);
  });

  it('started without bin/tsicorn, the plugin is in the master (it says so) but never in a worker', async () => {
    const markers = mkdtempSync(join(tmpdir(), 'tsicorn-plugin-markers-'));
    cleanups.push(() => rmSync(markers, { recursive: true, force: true }));
    const plugin = `${ROOT}fixtures/heroku-plugin/.heroku/metrics/metrics_collector.cjs`;
    const port = await freePort();
    const p = spawnTsicorn(['app', '-w', '2', '-b', `127.0.0.1:${port}`], {
      cwd: `${APPS}/counting`,
      env: { NODE_OPTIONS: `--enable-source-maps --require ${plugin}`, STANDIN_MARKER_DIR: markers },
    });
    await p.ready();
    expect(childPids(p.pid)).toHaveLength(2);
    expect(readdirSync(markers)).toEqual([`loaded-${p.pid}`]);
    expect(p.stderr()).toMatch(
      /Heroku's Node metrics plugin .* was loaded into this master through NODE_OPTIONS/,
    );
  });
});

function family(families: ParsedFamily[], name: string): ParsedFamily {
  const f = families.find((x) => x.name === name);
  if (!f) throw new Error(`no ${name} in the exposition`);
  return f;
}

describe('Prometheus endpoint', () => {
  it('is served by the master’s own socket, with per-worker and total series and busy workers', async () => {
    const port = await freePort();
    const metricsPort = await freePort();
    const p = spawnTsicorn(
      ['app', '-w', '3', '-b', `127.0.0.1:${port}`, '--metrics-bind', String(metricsPort)],
      { cwd: `${APPS}/counting` },
    );
    await p.ready();
    expect(p.output()).toContain(`Metrics at: http://127.0.0.1:${metricsPort}/metrics (${p.pid})`);
    const workers = childPids(p.pid);
    expect(workers).toHaveLength(3);

    // The listening socket belongs to the master, and to no worker.
    const inodes = tcpInodes(metricsPort, { state: TCP_LISTEN });
    expect(inodes.length).toBeGreaterThan(0);
    expect(holders(inodes, [p.pid, ...workers])).toEqual([p.pid]);

    const scrape = async () => {
      const res = await request(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      return parsePrometheus(res.body);
    };
    const slow = request(`http://127.0.0.1:${port}/slow?ms=2500`);
    const during = await eventually<ParsedFamily[] | null>(async () => {
      const f = await scrape();
      return Number(family(f, 'tsicorn_busy_workers').metrics[0]!.value) >= 1 ? f : null;
    }, 5000).then((f) => f!);
    expect(Number(family(during, 'tsicorn_workers').metrics[0]!.value)).toBe(3);
    expect(Number(family(during, 'tsicorn_requests_in_flight').metrics[0]!.value)).toBeGreaterThanOrEqual(1);
    await slow;
    for (let i = 0; i < 12; i++) await request(`http://127.0.0.1:${port}/`);

    const after = await eventually<ParsedFamily[] | null>(async () => {
      const f = await scrape();
      return Number(family(f, 'tsicorn_requests_total').metrics[0]!.value) === 13 ? f : null;
    }, 5000).then((f) => f!);
    // One series per worker, labelled with its serial number and pid; their sum is the dyno total.
    const perWorker = family(after, 'tsicorn_worker_requests_total').metrics;
    expect(perWorker.map((m) => Number(m.labels!.pid)).sort()).toEqual([...workers].sort());
    expect(perWorker.map((m) => m.labels!.worker).sort()).toEqual(['1', '2', '3']);
    expect(perWorker.reduce((n, m) => n + Number(m.value), 0)).toBe(13);
    expect(Number(family(after, 'tsicorn_busy_workers').metrics[0]!.value)).toBe(0);
    for (const name of [
      'tsicorn_worker_resident_memory_bytes',
      'tsicorn_worker_heap_used_bytes',
      'tsicorn_worker_heap_limit_bytes',
      'tsicorn_worker_event_loop_utilization',
      'tsicorn_worker_busy_seconds_total',
    ])
      expect(family(after, name).metrics, name).toHaveLength(3);
    expect(family(after, 'tsicorn_worker_gc_collections_total').metrics).toHaveLength(6); // young and old
    const delay = family(after, 'tsicorn_event_loop_delay_seconds');
    expect(delay.type).toBe('HISTOGRAM');
    expect(Number(delay.metrics[0]!.count)).toBeGreaterThan(0);
    expect(Number(family(after, 'tsicorn_resident_memory_bytes').metrics[0]!.value)).toBeGreaterThan(0);

    // Restarts by reason: a crash, then (once its replacement is ready) a reload (HUP) of all three.
    const restartsNow = async () => {
      const f = await scrape();
      const by = Object.fromEntries(
        family(f, 'tsicorn_restarts_total').metrics.map((m) => [m.labels!.reason, Number(m.value)]),
      );
      return { by, ready: Number(family(f, 'tsicorn_workers').metrics[0]!.value) };
    };
    process.kill(workers[0]!, 'SIGKILL');
    await eventually(async () => {
      const r = await restartsNow();
      return r.by.crash === 1 && r.ready === 3;
    }, 15_000);
    p.signal('SIGHUP');
    await p.waitFor(/Reload complete/, 30_000);
    const restarts = await eventually(async () => {
      const r = await restartsNow();
      return r.by.reload === 3 ? r.by : null;
    }, 10_000);
    expect(restarts).toEqual({ crash: 1, timeout: 0, 'max-requests': 0, memory: 0, reload: 3 });
    // Totals keep what the replaced workers did.
    expect(Number(family(await scrape(), 'tsicorn_requests_total').metrics[0]!.value)).toBeGreaterThanOrEqual(
      13,
    );

    const notFound = await request(`http://127.0.0.1:${metricsPort}/nope`);
    expect(notFound.status).toBe(404);
    p.signal('SIGTERM');
    expect(await p.exited()).toBe(0);
  });

  it('a metrics port already taken stops the master with the address in the error', async () => {
    const port = await freePort();
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    cleanups.push(() => taken.close());
    const busy = (taken.address() as { port: number }).port;
    const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`, '--metrics-bind', `127.0.0.1:${busy}`], {
      cwd: `${APPS}/counting`,
    });
    expect(await p.exited()).toBe(1);
    expect(p.stderr()).toMatch(
      new RegExp(`cannot serve metrics on 127\\.0\\.0\\.1:${busy} \\(--metrics-bind\\)`),
    );
  });
});

describe('router queue time', () => {
  it('sheds a request that waited 40 s without running the app, serves fresh ones, in all three formats', async () => {
    const port = await freePort();
    const p = spawnTsicorn(
      [
        'app',
        '-w',
        '1',
        '-b',
        `127.0.0.1:${port}`,
        '--access-logfile',
        '-',
        '--access-logformat',
        '%(r)s %(s)s queue=%(Q)s',
      ],
      { cwd: `${APPS}/counting` },
    );
    await p.ready();
    const base = `http://127.0.0.1:${port}`;
    const ago = (ms: number) => Date.now() - ms;
    const formats: Array<[string, (ms: number) => string]> = [
      ['heroku', (ms) => String(Math.round(ms))],
      ['nginx', (ms) => `t=${(ms / 1000).toFixed(3)}`],
      ['apache', (ms) => `t=${Math.round(ms * 1000)}`],
    ];
    let served = 0;
    for (const [name, header] of formats) {
      const old = await request(`${base}/old-${name}`, {
        headers: { 'x-request-start': header(ago(40_000)) },
      });
      expect(old.status, name).toBe(503);
      expect(old.body).toMatch(/waited 40\.\d s/);
      const fresh = await request(`${base}/fresh-${name}`, {
        headers: { 'x-request-start': header(ago(20)) },
      });
      expect(fresh.status, name).toBe(200);
      served++;
      expect(JSON.parse(fresh.body).handled, 'the shed requests never reached the app').toBe(served);
    }
    const plain = await request(`${base}/plain`);
    expect(JSON.parse(plain.body).handled).toBe(++served);

    for (const [name] of formats) {
      const shed = (await p.waitFor(new RegExp(`^GET /old-${name} HTTP/1\\.1 503 queue=(\\d+)$`, 'm')))[1];
      expect(Number(shed)).toBeGreaterThanOrEqual(40_000);
      expect(Number(shed)).toBeLessThan(45_000);
      const fresh = (await p.waitFor(new RegExp(`^GET /fresh-${name} HTTP/1\\.1 200 queue=(\\d+)$`, 'm')))[1];
      expect(Number(fresh)).toBeGreaterThanOrEqual(19);
      expect(Number(fresh)).toBeLessThan(5000);
      expect(p.stderr()).toMatch(
        new RegExp(`Shed GET /old-${name}: it waited 40\\.\\d s .*over --max-queue-time 30 s`),
      );
    }
    await p.waitFor(/^GET \/plain HTTP\/1\.1 200 queue=-$/m);
  });

  it('--max-queue-time 0 never sheds', async () => {
    const port = await freePort();
    const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`, '--max-queue-time', '0'], {
      cwd: `${APPS}/counting`,
    });
    await p.ready();
    const res = await request(`http://127.0.0.1:${port}/`, {
      headers: { 'x-request-start': String(Date.now() - 40_000) },
    });
    expect(res.status).toBe(200);
  });
});
