// A worker process: loads the app, serves it on the sockets the master handed down, proves
// its event loop is alive, and takes every instruction from the master over IPC. Signals the
// master handles are ignored here, so a TERM sent to the whole process group (Heroku, docker
// stop) still gives exactly one orderly shutdown, driven by the master.
import * as net from 'node:net';
import { deferAppSignals, endWorker } from '../app/app-signals.ts';
import { exitProcess, guardExitWhileLoading } from '../app/exit-while-loading.ts';
import { listenUncaptured } from '../app/listen-capture.ts';
import type { Hooks, Settings } from '../config/types.ts';
import { createLogger } from '../log/logger.ts';
import type { Logger } from '../log/types.ts';
import { flushWhenIdle, forgetCompileCacheEnv } from './compile-cache.ts';
import {
  isMasterMessage,
  type MasterMessage,
  type WorkerInit,
  type WorkerMessage,
} from './contract/messages.ts';
import { EXIT_BOOT_ERROR, MASTER_SIGNALS } from './contract/roles.ts';
import { decodeSettings } from './contract/settings.ts';
import { heartbeatIntervalMs, shutdownBudget } from './contract/timing.ts';
import { runHook } from './hooks.ts';
import { INSPECTOR_GRACE_MS, watchInspector } from './inspector-guard.ts';

const IGNORED_SIGNALS = MASTER_SIGNALS.filter((s) => s !== 'SIGUSR1');
const FIGURES_EVERY_MS = 1000;

function send(msg: WorkerMessage): void {
  if (process.connected) process.send?.(msg);
}

export interface WorkerInfo {
  pid: number;
  age: number;
  settings: Settings;
  log: Logger;
}

export async function runWorker(): Promise<void> {
  forgetCompileCacheEnv(process.env);
  // Ignored here, and kept from the app's own handlers until this worker has drained (../app/app-signals.ts).
  deferAppSignals(IGNORED_SIGNALS);
  // Listen to the master from the first moment: the IPC listener keeps this process alive while
  // the app loads (an app whose loading never settles is then ended by the master's boot timeout),
  // and a stop or a vanished master during boot ends the worker at once.
  let gotInit: (init: WorkerInit) => void = () => {};
  const initArrived = new Promise<WorkerInit>((resolve) => {
    gotInit = resolve;
  });
  // Until ready, tsicorn's own exits bypass the guard on the app's process.exit() (below).
  let onMaster: (msg: MasterMessage, handle?: net.Socket) => void = (msg, handle) => {
    if (msg.t === 'init') gotInit(msg);
    else if (msg.t === 'stop') exitProcess(0);
    handle?.destroy();
  };
  process.on('message', (msg: unknown, handle?: net.Socket) => {
    if (isMasterMessage(msg)) onMaster(msg, handle);
    else handle?.destroy();
  });
  let onMasterGone: () => void = () => exitProcess(0);
  process.on('disconnect', () => onMasterGone());

  const init = await initArrived;
  let settings: Settings;
  try {
    settings = decodeSettings(init.settings);
  } catch (e) {
    // A contract bug, not a crash to retry: the boot-error code makes the master stop, not loop.
    process.stderr.write(`Worker ${process.pid}: ${(e as Error).message}\n`);
    process.exit(EXIT_BOOT_ERROR);
  }
  const log = createLogger(settings);
  process.title = `tsicorn: worker [${settings.procName ?? settings.app}]`;
  const info: WorkerInfo = { pid: process.pid, age: init.age, settings, log };
  const { loadHooks } = await import('../config/resolve.ts');
  const hooks: Hooks = await loadHooks(settings.configFile).catch((e: unknown) => {
    log.error(`config hooks not loaded: ${(e as Error).message}`);
    return {};
  });
  // post_fork runs here, in the new process (as Gunicorn's does in the forked child); the master's
  // object stays in the master, so its argument is null.
  await runHook(log, 'postFork', hooks.postFork, null, info);

  if (settings.chdir) process.chdir(settings.chdir);
  const { loadApp } = await import('../app/load.ts');
  const { servedAddressOf } = await import('../app/served-address.ts');
  let app: Awaited<ReturnType<typeof loadApp>>;
  const unguardExit = guardExitWhileLoading((code) => {
    log.error(
      `The app called process.exit(${code}) while loading, before it was served: a failed boot (its own output above says why)`,
    );
    log.info(`Worker exiting (pid: ${process.pid})`);
  }, EXIT_BOOT_ERROR);
  try {
    app = await loadApp(settings.app, {
      cwd: process.cwd(),
      factory: settings.factory,
      captureListens: true,
      keepCapturing: true,
      served: servedAddressOf(settings.bind),
      bootTimeout: settings.bootTimeout,
      asMain: true,
      log,
      workers: settings.workers,
      onLateFailure(e) {
        log.error(`The app failed after it was served:\n${(e as Error)?.stack ?? String(e)}`);
        process.exit(1);
      },
    });
  } catch (e) {
    // The master tells this exit code apart from a crash: it stops instead of respawning in a loop.
    log.error(`Exception in worker process:\n${(e as Error).stack ?? String(e)}`);
    log.info(`Worker exiting (pid: ${process.pid})`);
    exitProcess(EXIT_BOOT_ERROR);
  }
  unguardExit();

  const maxRequests = init.maxRequests;
  let askedToRetire = false;
  const { WorkerCollector, loopAndGcWanted } = await import('../metrics/collector.ts');
  const collector = new WorkerCollector({ loopAndGc: loopAndGcWanted(settings, process.env) });
  // Set once heartbeats are defined below; until then a first answer has nothing to report with.
  let reportServing = () => {};
  const { createHttpServer } = await import('../http/server.ts');
  const front = createHttpServer(
    app,
    settings,
    log,
    {
      preRequest: hooks.preRequest?.bind(null, info),
      postRequest: hooks.postRequest?.bind(null, info),
    } as never,
    {
      meter: collector,
      onRequestDone() {
        const served = collector.requests;
        // The master learns at once that this worker serves: a death after this is no crash loop.
        if (served === 1) reportServing();
        if (maxRequests > 0 && served >= maxRequests && !askedToRetire) {
          askedToRetire = true;
          log.info(`Served ${served} requests (max-requests budget ${maxRequests}): asking for a successor`);
          send({ t: 'retire-me', reason: `max-requests (${served})` });
        }
      },
    },
  );
  const server = front.server;
  const connections = front.connections;

  // Listening sockets: inherited fds (shared), own SO_REUSEPORT sockets, or none (round-robin).
  // The HTTP server listens on the first itself, so a connection reaches it with no extra event
  // in between (measured: a relay net.Server cost every Connection: close request an emit and a
  // closure call); a further bind, which a server cannot take twice, is relayed by a net.Server.
  const listening: net.Server[] = [];
  const inherited = init.listenFds;
  // Node's own connection list (headersTimeout/requestTimeout checks, closeIdleConnections) would
  // track every socket in C++, on every request: ../http/connections.ts enforces the deadlines
  // instead, as for sockets fed in by the master, so the HTTP server never builds that list.
  for (const f of server.listeners('listening'))
    if (f.name === 'setupConnectionsTracking') server.off('listening', f as () => void);
  const listenOn = (opts: net.ListenOptions | { fd: number; backlog: number }) =>
    new Promise<void>((resolve, reject) => {
      let s: net.Server = server;
      if (listening.length > 0) {
        // noDelay as http.Server sets it for sockets it accepts itself: without it Nagle's
        // algorithm holds back small responses on keep-alive connections.
        s = net.createServer({ noDelay: true });
        s.on('connection', (sock) => server.emit('connection', sock));
      }
      s.once('error', reject);
      listenUncaptured(s, opts as net.ListenOptions, () => {
        s.off('error', reject);
        if (s !== server) s.on('error', (e) => log.error(`listener error: ${e.message}`));
        listening.push(s);
        resolve();
      });
    });
  try {
    if (settings.distribution === 'reuseport') {
      const { parseBind } = await import('./bind.ts');
      for (const b of settings.bind) {
        const addr = parseBind(b);
        if (addr.kind !== 'tcp') throw new Error(`reuseport distribution needs TCP addresses, not ${b}`);
        await listenOn({
          host: addr.host,
          port: addr.port,
          backlog: settings.backlog,
          reusePort: true,
        } as net.ListenOptions);
      }
    } else {
      for (let i = 0; i < inherited; i++) await listenOn({ fd: 3 + i, backlog: settings.backlog });
    }
  } catch (e) {
    log.error(`worker cannot listen: ${(e as Error).message}`);
    process.exit(EXIT_BOOT_ERROR);
  }
  // After the binds: a failed listen is reported once, as the line above.
  server.on('error', (e) => log.error(`server error: ${e.stack ?? e}`));

  let stopping = false;
  const stop = async (graceful: boolean, drainMs: number, handoffMs = 0) => {
    if (stopping) return;
    stopping = true;
    // net.Server's close, not http.Server's: that one would also close idle keep-alive connections
    // at once, racing requests already on the wire (the drain below closes them safely).
    for (const s of listening) net.Server.prototype.close.call(s);
    if (!graceful) {
      await runHook(log, 'workerInt', hooks.workerInt, info);
      endWorker({ graceful, code: 0, deadline: Date.now() + drainMs, log, pid: process.pid });
      return;
    }
    front.drain(handoffMs);
    connections.startDraining();
    const deadline = Date.now() + drainMs;
    while ((front.inFlight() > 0 || connections.httpSize > 0) && Date.now() < deadline) {
      connections.closeIdle(front.busySockets());
      await new Promise((r) => setTimeout(r, 25));
    }
    const left = front.activeRequests();
    if (left.length > 0) {
      const now = Date.now();
      const list = left
        .map((r) => `${r.method} ${r.url} (${((now - r.startedAt) / 1000).toFixed(1)}s)`)
        .join(', ');
      log.error(`Graceful timeout: abandoning ${left.length} request(s) in flight: ${list}`);
    }
    // WebSockets stay open for the app's close() and its SIGTERM handlers (a goodbye frame);
    // whatever they leave open ends with the process.
    const upgraded = connections.destroyAll(true);
    if (upgraded > 0) {
      log.info(
        `Worker ${process.pid} drained; ${upgraded} upgraded connection(s) (WebSocket) still open: the app's shutdown handlers may close them, else they end with the worker`,
      );
    }
    await app.close?.().catch(() => {});
    await runHook(log, 'workerExit', hooks.workerExit, null, info);
    // Last figures, so the dyno's totals keep what this worker did since its last heartbeat.
    await new Promise<void>((resolve) => {
      if (!process.connected) return resolve();
      const t = setTimeout(resolve, 200);
      process.send?.(heartbeat(true), undefined, {}, () => {
        clearTimeout(t);
        resolve();
      });
    });
    log.info(`Worker exiting (pid: ${process.pid})`);
    // The app's own shutdown handlers may use what is left, and a little of the margin before the
    // master's kill (deadline + 1.5 s): a drain that took the whole budget still lets them start.
    endWorker({ graceful, code: left.length > 0 ? 1 : 0, deadline: deadline + 400, log, pid: process.pid });
  };

  onMaster = (msg, handle) => {
    if (msg.t === 'conn' && handle) {
      if (stopping) handle.destroy();
      else {
        handle.setNoDelay(true);
        server.emit('connection', handle);
      }
    } else if (msg.t === 'stop') void stop(msg.graceful, msg.drainMs, msg.handoffMs);
    else if (msg.t === 'reopen-logs') log.reopen();
  };
  // The master is gone (killed, crashed): finish what is in flight, then leave.
  onMasterGone = () => void stop(true, shutdownBudget(settings.gracefulTimeout).workerDrainMs);

  // Full figures ride on at most one heartbeat a second (heartbeats come faster with a short --timeout).
  let figuresAt = 0;
  function heartbeat(withFigures: boolean): WorkerMessage {
    const now = Date.now();
    if (withFigures || now - figuresAt >= FIGURES_EVERY_MS) {
      figuresAt = now;
      const figures = collector.figures();
      return {
        t: 'heartbeat',
        rss: figures.rss,
        requests: figures.requests,
        inFlight: figures.inFlight,
        figures,
      };
    }
    return {
      t: 'heartbeat',
      rss: process.memoryUsage.rss(),
      requests: collector.requests,
      inFlight: collector.inFlight,
    };
  }
  let inspectorWatch: ReturnType<typeof watchInspector> | null = null;
  const beat = () => {
    inspectorWatch?.check();
    send(heartbeat(false));
  };
  reportServing = beat;
  setInterval(beat, heartbeatIntervalMs(settings.timeout)).unref();
  await runHook(log, 'postWorkerInit', hooks.postWorkerInit, info);
  for (const note of app.notes ?? []) log.info(note);
  for (const warning of app.warnings ?? []) log.warning(warning);
  const own = app.ownKeepAliveMs;
  if (own !== undefined && own !== settings.keepalive * 1000) {
    log.info(
      `The app sets its server's keepAliveTimeout to ${own / 1000} s; tsicorn's --keep-alive (${settings.keepalive} s) applies to the connections it serves: pass --keep-alive ${Math.ceil(own / 1000)} to keep the app's value`,
    );
  }
  log.info(`Booted worker with pid: ${process.pid} (${app.shape})`);
  send({ t: 'ready', shape: app.shape });
  beat();
  // What this worker compiled (the bundle, the app), on disk for the workers started after it.
  flushWhenIdle(() => front.inFlight());
  // The inspector guard after ready too: node:inspector takes about 4 ms to load, and the guard
  // acts at heartbeats, seconds apart, with a 3.5 s grace anyway.
  if (process.features.inspector)
    setImmediate(async () => {
      inspectorWatch = watchInspector(
        log,
        settings.hangStacks ? INSPECTOR_GRACE_MS : 0,
        await import('node:inspector'),
      );
    });
}
