// The master process: one explicit state machine fed by a queue of events (signals, worker
// messages, worker exits, clock ticks). It binds the sockets, asks the policies (./policy/) what
// to do after every event, and applies their actions through the worker pool (./pool.ts); it
// owns what is not a policy: start-up, readiness announcements, hooks, USR2 and shutdown.
import type * as net from 'node:net';
import { guardExitWhileLoading } from '../app/exit-while-loading.ts';
import type { Config } from '../config/types.ts';
import { createLogger } from '../log/logger.ts';
import type { Logger } from '../log/types.ts';
import { restartReason } from '../metrics/aggregate.ts';
import { MasterMetrics } from '../metrics/master.ts';
import { VERSION } from '../version.ts';
import {
  createCompileCacheDir,
  enableCompileCache,
  flushCompileCache,
  removeCompileCacheDir,
} from './compile-cache.ts';
import type { WorkerMessage } from './contract/messages.ts';
import { ENV, EXIT_BOOT_ERROR, MASTER_SIGNALS } from './contract/roles.ts';
import { shutdownBudget } from './contract/timing.ts';
import { runHook } from './hooks.ts';
import type { Launch } from './launch.ts';
import { adoptInheritedListeners, type Listener, openListeners } from './listeners.ts';
import { removePidfile, writePidfile } from './pidfile.ts';
import { startupSettled } from './policy/autotune.ts';
import { POLICIES } from './policy/index.ts';
import type { Action, ExitFacts, Facts, PolicyEvent } from './policy/types.ts';
import { type PoolWorker, WorkerPool } from './pool.ts';
import { migrateWarning, readMigrateSysctl } from './reuseport-migrate.ts';
import { RoundRobin } from './round-robin.ts';
import { removeStatus, writeStatus } from './status-file.ts';
import { MasterTuner, type TuneSources } from './tuner.ts';
import { startNewMaster } from './upgrade.ts';

type State = 'booting' | 'running' | 'stopping' | 'done';

type ArbiterEvent =
  | { type: 'signal'; signal: NodeJS.Signals }
  | { type: 'message'; worker: PoolWorker; msg: WorkerMessage }
  | { type: 'exit'; worker: PoolWorker; code: number | null; signal: NodeJS.Signals | null }
  | { type: 'tick' };

const TICK_MS = 250;

/** How a worker's end reads in the log. `oom` is for a SIGKILL the master did not send: true when
 * the dyno cgroup counted an OOM kill, null when it keeps no count, false otherwise. */
function describeExit(
  code: number | null,
  signal: NodeJS.Signals | null,
  oom: boolean | null,
  limitMb: number | null,
): string {
  if (oom)
    return `was killed by the kernel's OOM killer: the dyno's memory cgroup reached its limit${limitMb === null ? '' : ` of ${limitMb} MB`} (SIGKILL)`;
  // No OOM count to tell (no memory cgroup): say what a SIGKILL nobody here sent usually is.
  if (oom === null) return 'was killed by signal SIGKILL (perhaps out of memory?)';
  return signal ? `was killed by signal ${signal}` : `exited with code ${code}`;
}

export class Arbiter {
  state: State = 'booting';
  config: Config;
  readonly log: Logger;
  private readonly launch: Launch;
  private readonly pool: WorkerPool;
  private readonly metrics: MasterMetrics;
  private listeners: Listener[] = [];
  private roundRobin: RoundRobin | null = null;
  private queue: ArbiterEvent[] = [];
  private draining = false;
  private ticker: NodeJS.Timeout | null = null;
  private signalHandlers = new Map<NodeJS.Signals, () => void>();
  private finish!: (code: number) => void;
  private stopDeadline = 0;
  private handedOff = false;
  private compileCacheDir: string | null = null;
  // What the policies remember between events (they read it back through Facts).
  private everReady = false;
  private announcedReady = false;
  private generation = 0;
  private settledGeneration = 0;
  private crash = { streak: 0, notBefore: 0 };
  private said: Record<string, number> = {};
  private readonly tuner: MasterTuner;
  /** The dyno cgroup's OOM-kill count at the last look (null: it keeps none). */
  private oomKillsSeen: number | null = null;

  constructor(config: Config, launch: Launch, sources: TuneSources) {
    this.config = config;
    this.launch = launch;
    this.log = createLogger(config);
    this.tuner = new MasterTuner(launch, sources);
    this.metrics = new MasterMetrics({
      settings: config,
      env: launch.env,
      log: this.log,
      memoryLimitBytes: () => (this.tuner.limit.mb === null ? null : this.tuner.limit.mb * 1024 * 1024),
      handover: Boolean(launch.env[ENV.inheritedFds]),
    });
    this.pool = new WorkerPool({
      // Workers start without Heroku's per-process metrics plugin: the master posts for the dyno.
      launch: { ...launch, env: { ...launch.env, ...this.metrics.workerEnv() } },
      log: this.log,
      config: () => this.config,
      listenFds: () => (this.config.distribution === 'shared' ? this.listeners.map((l) => l.fd) : []),
      generation: () => this.generation,
      mayFork: () => this.state === 'booting' || this.state === 'running',
      compileCacheDir: () => this.compileCacheDir,
      preFork: (age) => this.hook('preFork', this.facade, { age }),
      workerArgs: () => this.tuner.workerArgs(this.config, process.memoryUsage.rss()),
      onMessage: (worker, msg) => this.push({ type: 'message', worker, msg }),
      onExit: (worker, code, signal) => this.push({ type: 'exit', worker, code, signal }),
    });
  }

  /** What master hooks receive as their `arbiter` argument. */
  get facade() {
    return {
      pid: process.pid,
      config: this.config,
      log: this.log,
      workers: this.pool.all().map((w) => ({ pid: w.pid, age: w.age, state: w.state })),
    };
  }

  private async hook(name: keyof Config['hooks'], ...args: unknown[]): Promise<void> {
    await runHook(this.log, name, this.config.hooks?.[name], ...args);
  }

  async run(): Promise<number> {
    const done = new Promise<number>((resolve) => {
      this.finish = resolve;
    });
    const s = this.config;
    // What ps and top show, as Gunicorn's setproctitle does: `tsicorn: master [app]`.
    process.title = `tsicorn: master [${s.procName ?? s.app}]`;
    this.log.info(`Starting tsicorn ${VERSION} (Node ${process.version})`);
    await this.hook('onStarting', this.facade);
    try {
      const inherited = this.launch.env[ENV.inheritedFds];
      if (s.distribution === 'reuseport') {
        const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
        if (major < 22 || (major === 22 && minor < 12)) {
          throw new Error(
            `--distribution reuseport needs Node 22.12 or newer (this is ${process.version}); use shared`,
          );
        }
      } else if (inherited) {
        this.listeners = adoptInheritedListeners(inherited.split(',').map(Number), s.bind);
      } else {
        this.listeners = await openListeners(s.bind, { unixSocketMode: s.unixSocketMode });
      }
      await this.metrics.start();
      if (s.pidfile) writePidfile(s.pidfile);
    } catch (e) {
      this.log.error((e as Error).message);
      for (const l of this.listeners) l.close();
      this.metrics.stop();
      return 1;
    }
    for (const l of this.listeners) this.log.info(`Listening at: ${l.label} (${process.pid})`);
    if (s.distribution === 'reuseport') {
      for (const b of s.bind) this.log.info(`Listening at: ${b} (SO_REUSEPORT, one socket per worker)`);
      const warning = migrateWarning(readMigrateSysctl());
      if (warning) this.log.warning(warning);
    }
    this.log.info(`Connection distribution: ${s.distribution}`);
    this.compileCacheDir = createCompileCacheDir(this.launch.env);
    this.oomKillsSeen = this.tuner.oomKills();

    if (s.preloadApp && !(await this.preload())) {
      this.cleanup();
      return EXIT_BOOT_ERROR;
    }

    for (const sig of MASTER_SIGNALS) {
      const h = () => this.push({ type: 'signal', signal: sig });
      this.signalHandlers.set(sig, h);
      process.on(sig, h);
    }
    this.ticker = setInterval(() => this.push({ type: 'tick' }), TICK_MS);
    this.push({ type: 'tick' });
    return done;
  }

  /** Load the app once in the master: fail fast before forking, and warm Node's compile cache for workers. */
  private async preload(): Promise<boolean> {
    if (this.compileCacheDir) enableCompileCache(this.compileCacheDir);
    // An app that ends the process while it loads (a missing setting) is a failed boot here as in
    // a worker: the master stops with the boot-error code after cleaning up, not with the app's code.
    const unguardExit = guardExitWhileLoading((code) => {
      this.log.error(
        `Failed to preload the app: it called process.exit(${code}) while loading (its own output above says why)`,
      );
      this.cleanup();
      this.log.close();
    }, EXIT_BOOT_ERROR);
    try {
      const { loadApp } = await import('../app/load.ts');
      const cwd = this.config.chdir || this.launch.cwd;
      const app = await loadApp(this.config.app, {
        cwd,
        factory: this.config.factory,
        captureListens: true,
        bootTimeout: this.config.bootTimeout,
        dropSignalListeners: true,
        log: this.log,
      });
      flushCompileCache();
      this.log.info(
        `Preloaded app (${app.shape}) in the master. Node cannot fork a loaded process, so workers load it again` +
          (this.compileCacheDir || this.launch.env.NODE_COMPILE_CACHE
            ? ' from the warmed compile cache.'
            : '; this Node has no compile cache to share.'),
      );
      return true;
    } catch (e) {
      this.log.error(`Failed to preload the app:\n${(e as Error).stack ?? e}`);
      return false;
    } finally {
      unguardExit();
    }
  }

  private push(ev: ArbiterEvent): void {
    this.queue.push(ev);
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length) this.handle(this.queue.shift()!);
    } finally {
      this.draining = false;
    }
  }

  private handle(ev: ArbiterEvent): void {
    if (this.state === 'done') return;
    switch (ev.type) {
      case 'signal':
        this.onSignal(ev.signal);
        return;
      case 'message':
        this.onMessage(ev.worker, ev.msg);
        return;
      case 'exit':
        this.onExit(ev.worker, ev.code, ev.signal);
        return;
      case 'tick':
        this.onTick();
        return;
    }
  }

  // ---- policies ------------------------------------------------------------------------

  private facts(): Facts {
    const s = this.config;
    const masterRss = process.memoryUsage.rss();
    const tune = this.tuner.tuneFacts(s, masterRss);
    return {
      now: Date.now(),
      phase: this.state === 'booting' ? 'booting' : 'running',
      target: s.workers,
      settings: {
        timeout: s.timeout,
        bootTimeout: s.bootTimeout,
        // The user's, or the autotuner's default: each worker's fair share of the memory limit.
        maxWorkerMemory: tune.limits.maxWorkerMemoryMb,
        preloadApp: s.preloadApp,
      },
      workers: this.pool.facts(),
      pendingSpawns: this.pool.pending,
      everReady: this.everReady,
      allReadyAnnounced: this.announcedReady,
      generation: this.generation,
      settledGeneration: this.settledGeneration,
      crash: { ...this.crash },
      memory: { masterRss, limit: this.tuner.limit },
      said: { ...this.said },
      tune,
    };
  }

  /** Ask each policy in turn, applying its actions before the next one looks. */
  private evaluate(ev: PolicyEvent): void {
    let facts = this.facts();
    for (const policy of POLICIES) {
      if (this.state !== 'booting' && this.state !== 'running') return;
      const actions = policy.decide(facts, ev);
      for (const action of actions) this.apply(action);
      // Only an applied action changes what the next policy sees (policies are pure).
      if (actions.length > 0) facts = this.facts();
    }
    this.announceIfAllReady();
  }

  private apply(a: Action): void {
    switch (a.do) {
      case 'spawn':
        this.log.debug(`Starting a worker: ${a.reason}`);
        void this.pool.spawn();
        return;
      case 'replace':
        this.pool.replace(a.pid, a.reason);
        return;
      case 'retire': {
        const w = this.pool.get(a.pid);
        if (!w || w.stopRequested) return;
        this.log.info(`Retiring worker ${a.pid}: ${a.reason}`);
        w.retiring ??= a.reason;
        this.pool.stop(a.pid, true);
        return;
      }
      case 'kill':
        this.log[a.level](a.reason);
        this.pool.markAborting(a.pid);
        this.pool.kill(a.pid);
        return;
      case 'abort':
        this.pool.markAborting(a.pid);
        void this.abortHungWorker(a.pid, a.reason);
        return;
      case 'set-target':
        this.setWorkerCount(a.workers, a.reason);
        return;
      case 'backoff':
        this.crash = { streak: a.streak, notBefore: a.notBefore };
        if (a.reason) this.log.warning(a.reason);
        return;
      case 'settle-reload':
        this.settledGeneration = this.generation;
        if (a.outcome === 'complete') this.log.info(a.reason);
        else this.log.error(a.reason);
        return;
      case 'say':
        this.log[a.level](a.text);
        if (a.key) this.said[a.key] = Date.now();
        return;
      case 'tune':
        this.tuner.state = a.state;
        return;
    }
  }

  // ---- signals -------------------------------------------------------------------------

  private onSignal(sig: NodeJS.Signals): void {
    this.log.info(`Handling signal: ${sig.replace('SIG', '').toLowerCase()}`);
    switch (sig) {
      case 'SIGTERM':
        this.stop(true);
        return;
      case 'SIGINT':
      case 'SIGQUIT':
        this.stop(false);
        return;
      case 'SIGHUP':
        void this.reload();
        return;
      case 'SIGTTIN':
        this.tuner.operatorChose('TTIN');
        this.setWorkerCount(this.config.workers + 1);
        return;
      case 'SIGTTOU':
        if (this.config.workers <= 1) this.log.info('Already at one worker; TTOU ignored');
        else {
          this.tuner.operatorChose('TTOU');
          this.setWorkerCount(this.config.workers - 1);
        }
        return;
      case 'SIGUSR1':
        this.log.reopen();
        this.pool.broadcast({ t: 'reopen-logs' });
        return;
      case 'SIGUSR2':
        this.reexec();
        return;
      case 'SIGWINCH':
        return;
    }
  }

  private setWorkerCount(n: number, reason?: string): void {
    const old = this.config.workers;
    if (n === old) return;
    this.config = { ...this.config, workers: n };
    this.log.info(`Number of workers: ${old} -> ${n}${reason ? ` (${reason})` : ''}`);
    void this.hook('nworkersChanged', this.facade, n, old);
    this.announceIfAllReady();
    this.evaluate({ type: 'target-changed' });
  }

  /** "All N worker(s) ready", once: when the first set is ready and the autotuner's start-up is
   * over (the count fitted, the first worker's heap limit settled), so N workers and no more run. */
  private announceIfAllReady(): void {
    if (this.announcedReady || !this.everReady || this.pool.readyCount() < this.config.workers) return;
    if (!startupSettled(this.tuner.state)) return;
    this.announcedReady = true;
    this.log.info(`All ${this.config.workers} worker(s) ready`);
    void this.hook('whenReady', this.facade);
  }

  // ---- worker events -------------------------------------------------------------------

  private onMessage(w: PoolWorker, msg: WorkerMessage): void {
    switch (msg.t) {
      case 'ready': {
        if (!this.pool.markReady(w)) return;
        this.metrics.workerReady(w.pid, w.age);
        if (!this.everReady) {
          this.everReady = true;
          this.state = 'running';
          if (this.config.distribution === 'round-robin') {
            const targets = () =>
              this.pool
                .all()
                .filter((r) => r.state === 'ready')
                .map((r) => (sock: net.Socket) => this.pool.sendSocket(r, sock));
            this.roundRobin = new RoundRobin(targets, this.log);
            this.roundRobin.start(this.listeners, this.config.backlog);
          }
        }
        this.announceIfAllReady();
        this.evaluate({ type: 'ready', pid: w.pid });
        return;
      }
      case 'heartbeat':
        this.pool.heartbeat(w, msg);
        this.metrics.heartbeat(w.pid, msg.inFlight, msg.rss, msg.figures);
        this.evaluate({ type: 'heartbeat', pid: w.pid });
        return;
      case 'retire-me':
        this.pool.replace(w.pid, msg.reason);
        return;
    }
  }

  /** Did the kernel's OOM killer just act in this dyno's memory cgroup? True when its count rose
   * since the last look (a SIGKILL the master did not send, with the count up, is an OOM kill);
   * null when the cgroup keeps no count. */
  private oomKillCounted(): boolean | null {
    const now = this.tuner.oomKills();
    if (now === null) return null;
    const rose = this.oomKillsSeen !== null && now > this.oomKillsSeen;
    this.oomKillsSeen = now;
    return rose;
  }

  private onExit(w: PoolWorker, code: number | null, signal: NodeJS.Signals | null): void {
    const wasReady = w.readyAt !== null;
    const bootError = !wasReady && code === EXIT_BOOT_ERROR;
    const oom = signal === 'SIGKILL' && !w.stopRequested && !w.aborting ? this.oomKillCounted() : false;
    const exit: ExitFacts = {
      pid: w.pid,
      generation: w.generation,
      wasReady,
      expected: w.stopRequested,
      code,
      signal,
      livedMs: w.readyAt ? Date.now() - w.readyAt : null,
      served: w.requests,
      how: bootError ? 'it could not load the app' : describeExit(code, signal, oom, this.tuner.limit.mb),
    };
    this.pool.remove(w, exit.how);
    this.metrics.workerExited(
      w.pid,
      restartReason({
        shuttingDown: this.state === 'stopping' || this.state === 'done',
        expected: w.stopRequested,
        timedOut: w.aborting,
        retiring: w.retiring,
        oomKilled: oom === true,
      }),
    );
    void this.hook('childExit', this.facade, { pid: w.pid, age: w.age });
    if (exit.expected) {
      this.log.info(`Worker exited (pid: ${w.pid})`);
    } else if (bootError) {
      if (!this.everReady) {
        this.log.error(
          `Worker (pid:${w.pid}) failed to boot: the app could not be loaded (see the error above).`,
        );
        this.halt(EXIT_BOOT_ERROR, 'Worker failed to boot.');
        return;
      }
    } else {
      this.log.error(`Worker (pid:${w.pid}) ${exit.how}${wasReady ? '' : ' before it was ready'}`);
    }
    if (this.state === 'stopping') {
      this.maybeFinishStop();
      return;
    }
    this.evaluate({ type: 'exit', worker: exit });
  }

  private onTick(): void {
    if (this.state === 'stopping') {
      const now = Date.now();
      for (const w of this.pool.all()) if (w.stopDeadline && now > w.stopDeadline) this.pool.kill(w.pid);
      if (now > this.stopDeadline) this.maybeFinishStop(true);
      return;
    }
    const now = Date.now();
    const sampled = this.tuner.sample(now);
    this.evaluate({ type: 'tick' });
    if (sampled && this.config.pidfile && this.state === 'running' && !this.handedOff)
      writeStatus(
        this.config.pidfile,
        this.tuner.status(this.config, this.pool.facts(), process.memoryUsage.rss(), now),
      );
  }

  private async abortHungWorker(pid: number, reason: string): Promise<void> {
    const w = this.pool.get(pid);
    if (!w) return;
    this.log.critical(`WORKER TIMEOUT (pid:${pid}): ${reason}`);
    if (w.inspectPort) {
      try {
        // Loaded only now: a hang is rare, and the master's start-up need not pay for this code.
        const { captureHungStack, formatStack } = await import('./hang-stack.ts');
        const frames = await captureHungStack(pid, w.inspectPort, 3000);
        this.log.critical(`Worker ${pid} was stuck in:\n${formatStack(frames)}`);
      } catch (e) {
        this.log.error(`Could not capture the stack of hung worker ${pid}: ${(e as Error).message}`);
      }
    }
    // worker_abort runs here, in the master: the hung worker's JavaScript thread is spinning and
    // cannot run a hook (Gunicorn's worker catches SIGABRT in Python; Node has no such escape).
    await this.hook('workerAbort', { pid, age: w.age });
    this.pool.kill(pid);
  }

  // ---- reload --------------------------------------------------------------------------

  private async reload(): Promise<void> {
    if (this.state !== 'running') return;
    try {
      const { resolveConfig } = await import('../config/resolve.ts');
      const fresh = await resolveConfig({
        argv: this.launch.argv,
        env: this.launch.env,
        cwd: this.launch.cwd,
      });
      const keep = { bind: this.config.bind, distribution: this.config.distribution };
      if (fresh.config.bind.join() !== keep.bind.join())
        this.log.warning('bind changed in the config: restart tsicorn to apply it');
      this.tuner.reconfigured(fresh.sources);
      // A count the autotuner fitted stays fitted; a count the user (now) names is obeyed.
      const workers = this.tuner.origin.kind === 'user' ? fresh.config.workers : this.config.workers;
      this.config = { ...fresh.config, ...keep, workers };
    } catch (e) {
      this.log.error(`Reload: config not reloaded, keeping the old one: ${(e as Error).message}`);
    }
    await this.hook('onReload', this.facade);
    if (this.state !== 'running') return;
    // Workers forked from now on load the code as it is now; every older one must go.
    this.generation++;
    this.evaluate({ type: 'reload' });
  }

  // ---- binary upgrade (USR2) ---------------------------------------------------------------

  private reexec(): void {
    if (this.config.distribution === 'reuseport') {
      this.log.warning(
        'USR2 needs master-held sockets; with --distribution reuseport start a new master instead',
      );
      return;
    }
    // The new master serves metrics (and posts them) from now on: free the endpoint's port for it.
    this.metrics.stop();
    const pid = startNewMaster(this.launch, this.listeners, this.config.pidfile);
    this.handedOff = true;
    this.log.info(
      `Started a new master (pid: ${pid}) on the same sockets; send TERM to this one (${process.pid}) when it is ready`,
    );
  }

  // ---- shutdown --------------------------------------------------------------------------

  private stop(graceful: boolean): void {
    if (this.state === 'stopping' && graceful) return;
    const wasStopping = this.state === 'stopping';
    this.state = 'stopping';
    if (!wasStopping) {
      // Refuse new connections at once: every holder of the listening socket closes it.
      this.roundRobin?.close();
      for (const l of this.listeners) l.close(this.handedOff);
      this.listeners = [];
    }
    this.stopDeadline = Date.now() + shutdownBudget(this.config.gracefulTimeout, graceful).exitAfterMs;
    this.log.info(
      graceful
        ? `Shutting down gracefully (up to ${this.config.gracefulTimeout} s)`
        : 'Shutting down quickly',
    );
    // A quick stop overrides a graceful one already under way.
    for (const w of this.pool.all()) this.pool.stop(w.pid, graceful, !graceful);
    this.maybeFinishStop();
  }

  private maybeFinishStop(force = false): void {
    if (this.pool.size > 0 && !force) return;
    this.pool.killAll();
    this.log.info('Shutting down: Master');
    this.halt(0);
  }

  private halt(code: number, reason?: string): void {
    if (this.state === 'done') return;
    if (reason) this.log.info(`Reason: ${reason}`);
    this.pool.killAll();
    this.state = 'done';
    this.cleanup();
    void this.hook('onExit', this.facade).finally(() => {
      this.log.close();
      this.finish(code);
    });
  }

  private cleanup(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.metrics.stop();
    for (const [sig, h] of this.signalHandlers) process.off(sig, h);
    this.signalHandlers.clear();
    this.roundRobin?.close();
    for (const l of this.listeners) l.close(this.handedOff);
    this.listeners = [];
    if (this.config.pidfile) {
      removePidfile(this.config.pidfile);
      removeStatus(this.config.pidfile);
    }
    if (this.compileCacheDir) removeCompileCacheDir(this.compileCacheDir);
  }
}

/** Run the master until it stops; resolves with the process exit code. */
export async function runArbiter(config: Config, launch: Launch, sources: TuneSources): Promise<number> {
  let arbiter: Arbiter;
  try {
    arbiter = new Arbiter(config, launch, sources);
  } catch (e) {
    // Typically a log file that cannot be opened: nothing has started yet.
    process.stderr.write(`Error: ${(e as Error).message}\n`);
    return 1;
  }
  return arbiter.run();
}
