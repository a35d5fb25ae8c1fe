// The master process: one explicit state machine fed by a queue of events (signals, worker
// messages, worker exits, clock ticks). It binds the sockets, keeps the right number of ready
// workers, replaces them without losing capacity (reload, max-requests, memory), detects hung
// workers and logs what they were stuck in, and shuts down inside the platform's deadline.
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/types.ts';
import { createLogger } from '../log/logger.ts';
import type { Logger } from '../log/types.ts';
import { VERSION } from '../version.ts';
import { nextCrashStreak, requestBudget, respawnDelayMs } from './backoff.ts';
import { isWorkerMessage, type MasterMessage, type WorkerMessage } from './contract/messages.ts';
import { ENV, EXIT_BOOT_ERROR, MASTER_SIGNALS, ROLE_ENV, ROLES } from './contract/roles.ts';
import { encodeSettings } from './contract/settings.ts';
import { shutdownBudget } from './contract/timing.ts';
import { readDynoLimit } from './dyno-limit.ts';
import { captureHungStack, formatStack } from './hang-stack.ts';
import { childEnv, type Launch } from './launch.ts';
import { adoptInheritedListeners, type Listener, openListeners } from './listeners.ts';
import { type DynoLimit, type MemorySample, memoryPressure, memoryReport } from './memory.ts';
import { removePidfile, writePidfile } from './pidfile.ts';
import { RoundRobin } from './round-robin.ts';
import { startNewMaster } from './upgrade.ts';

type State = 'booting' | 'running' | 'stopping' | 'done';
type WorkerState = 'booting' | 'ready' | 'stopping' | 'exited';

export interface WorkerRecord {
  pid: number;
  age: number;
  child: ChildProcess;
  state: WorkerState;
  spawnedAt: number;
  readyAt: number | null;
  lastBeat: number;
  rss: number;
  inspectPort: number | null;
  /** Set while a replacement boots: this worker still serves but no longer counts toward the target. */
  retiring: string | null;
  /** The worker this one was started to replace. */
  replaces: WorkerRecord | null;
  /** The master told it to stop (an exit is expected, not a crash). */
  stopRequested: boolean;
  stopDeadline: number | null;
  /** A hang is being handled (stack capture, kill). */
  aborting: boolean;
}

type ArbiterEvent =
  | { type: 'signal'; signal: NodeJS.Signals }
  | { type: 'message'; worker: WorkerRecord; msg: WorkerMessage }
  | { type: 'exit'; worker: WorkerRecord; code: number | null; signal: NodeJS.Signals | null }
  | { type: 'tick' };

const TICK_MS = 250;
const MEMORY_CHECK_MS = 1000;
const PRESSURE_WARNING_EVERY_MS = 60_000;

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by signal ${signal}` : `exited with code ${code}`;
}

export class Arbiter {
  state: State = 'booting';
  config: Config;
  readonly log: Logger;
  readonly workers = new Set<WorkerRecord>();
  private listeners: Listener[] = [];
  private roundRobin: RoundRobin | null = null;
  private queue: ArbiterEvent[] = [];
  private draining = false;
  private ticker: NodeJS.Timeout | null = null;
  private signalHandlers = new Map<NodeJS.Signals, () => void>();
  private ageCounter = 0;
  private crashStreak = 0;
  private spawnNotBefore = 0;
  private spawning = 0;
  private reloadQueue: WorkerRecord[] = [];
  private reloading = false;
  private everReady = false;
  private announcedReady = false;
  private announcedCanary = false;
  private finish!: (code: number) => void;
  private stopDeadline = 0;
  private handedOff = false;
  private compileCacheDir: string | null = null;
  private memoryLimit: DynoLimit = { mb: null, source: 'not read yet' };
  private memoryReported = false;
  private lastMemoryCheck = 0;
  private lastPressureWarning = 0;
  private readonly launch: Launch;

  constructor(config: Config, launch: Launch) {
    this.config = config;
    this.launch = launch;
    this.log = createLogger(config);
  }

  /** What hooks receive as their `arbiter` argument. */
  get facade() {
    return {
      pid: process.pid,
      config: this.config,
      log: this.log,
      workers: [...this.workers].map((w) => ({ pid: w.pid, age: w.age, state: w.state })),
    };
  }

  private async hook(name: keyof Config['hooks'], ...args: unknown[]): Promise<void> {
    const fn = this.config.hooks?.[name] as ((...a: unknown[]) => unknown) | undefined;
    if (!fn) return;
    try {
      await fn(...args);
    } catch (e) {
      this.log.error(`hook ${name} failed: ${(e as Error).stack ?? e}`);
    }
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
        this.listeners = await openListeners(s.bind);
      }
      if (s.pidfile) writePidfile(s.pidfile);
    } catch (e) {
      this.log.error((e as Error).message);
      for (const l of this.listeners) l.close();
      return 1;
    }
    for (const l of this.listeners) this.log.info(`Listening at: ${l.label} (${process.pid})`);
    if (s.distribution === 'reuseport')
      for (const b of s.bind) this.log.info(`Listening at: ${b} (SO_REUSEPORT, one socket per worker)`);
    this.log.info(`Connection distribution: ${s.distribution}`);
    this.memoryLimit = readDynoLimit(this.launch.env);

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
    const mod = (await import('node:module')) as { enableCompileCache?: (dir: string) => unknown };
    if (typeof mod.enableCompileCache === 'function') {
      this.compileCacheDir = mkdtempSync(join(tmpdir(), 'tsicorn-compile-cache-'));
      mod.enableCompileCache(this.compileCacheDir);
    }
    try {
      const { loadApp } = await import('../app/load.ts');
      const cwd = this.config.chdir || this.launch.cwd;
      const app = await loadApp(this.config.app, { cwd, factory: this.config.factory, captureListens: true });
      this.log.info(
        `Preloaded app (${app.shape}) in the master. Node cannot fork a loaded process, so workers load it again` +
          (this.compileCacheDir
            ? ' from the warmed compile cache.'
            : '; this Node has no compile cache to share.'),
      );
      return true;
    } catch (e) {
      this.log.error(`Failed to preload the app:\n${(e as Error).stack ?? e}`);
      return false;
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
        this.setWorkerCount(this.config.workers + 1);
        return;
      case 'SIGTTOU':
        if (this.config.workers <= 1) this.log.info('Already at one worker; TTOU ignored');
        else this.setWorkerCount(this.config.workers - 1);
        return;
      case 'SIGUSR1':
        this.log.reopen();
        for (const w of this.workers) this.sendTo(w, { t: 'reopen-logs' });
        return;
      case 'SIGUSR2':
        this.reexec();
        return;
      case 'SIGWINCH':
        return;
    }
  }

  private setWorkerCount(n: number): void {
    const old = this.config.workers;
    this.config = { ...this.config, workers: n };
    this.log.info(`Number of workers: ${old} -> ${n}`);
    void this.hook('nworkersChanged', this.facade, n, old);
    this.manageWorkers();
  }

  // ---- worker lifecycle ----------------------------------------------------------------

  private sendTo(w: WorkerRecord, msg: MasterMessage, handle?: net.Socket): boolean {
    if (!w.child.connected) return false;
    try {
      w.child.send(msg, handle as never);
      return true;
    } catch {
      return false;
    }
  }

  private async spawnWorker(replaces: WorkerRecord | null = null): Promise<WorkerRecord | null> {
    this.spawning++;
    try {
      const s = this.config;
      const inspectPort = s.hangStacks ? await freeLoopbackPort() : null;
      if (this.state === 'stopping' || this.state === 'done') return null;
      const age = ++this.ageCounter;
      // The sockets a USR2 predecessor handed this master are not the worker's business.
      const env = childEnv(
        this.launch.env,
        { [ROLE_ENV]: ROLES.worker, NODE_COMPILE_CACHE: this.compileCacheDir ?? undefined },
        [ENV.inheritedFds],
      );
      const execArgv = this.launch.execArgv.filter((a) => !a.startsWith('--inspect'));
      if (inspectPort) execArgv.push(`--inspect-port=127.0.0.1:${inspectPort}`);
      const fds = s.distribution === 'shared' ? this.listeners.map((l) => l.fd) : [];
      const placeholder = { age, replaces } as WorkerRecord;
      await this.hook('preFork', this.facade, placeholder);
      const child = fork(this.launch.entry, [], {
        cwd: this.launch.cwd,
        env,
        execPath: this.launch.execPath,
        execArgv,
        stdio: ['inherit', 'inherit', 'inherit', ...fds, 'ipc'],
      });
      child.send({
        t: 'init',
        age,
        maxRequests: requestBudget(s.maxRequests, s.maxRequestsJitter),
        listenFds: fds.length,
        settings: encodeSettings(s),
      } satisfies MasterMessage);
      const now = Date.now();
      const w: WorkerRecord = Object.assign(placeholder, {
        pid: child.pid ?? -1,
        child,
        state: 'booting' as WorkerState,
        spawnedAt: now,
        readyAt: null,
        lastBeat: now,
        rss: 0,
        inspectPort,
        retiring: null,
        stopRequested: false,
        stopDeadline: null,
        aborting: false,
      });
      this.workers.add(w);
      child.on('message', (msg: unknown) => {
        if (isWorkerMessage(msg)) this.push({ type: 'message', worker: w, msg });
      });
      child.on('exit', (code, signal) => this.push({ type: 'exit', worker: w, code, signal }));
      child.on('error', (e) => this.log.error(`worker ${w.pid}: ${e.message}`));
      this.log.info(`Booting worker with pid: ${w.pid}`);
      await this.hook('postFork', this.facade, { pid: w.pid, age });
      return w;
    } finally {
      this.spawning--;
    }
  }

  /** Start a replacement for `old`; `old` keeps serving until the replacement is ready. */
  private replace(old: WorkerRecord, reason: string): void {
    if (old.retiring || old.state !== 'ready') return;
    old.retiring = reason;
    this.log.info(`Replacing worker ${old.pid} (${reason}): starting its successor first`);
    void this.spawnWorker(old);
  }

  private stopWorker(w: WorkerRecord, graceful: boolean): void {
    if (w.state === 'exited' || w.stopRequested) return;
    w.stopRequested = true;
    w.state = 'stopping';
    const budget = shutdownBudget(this.config.gracefulTimeout, graceful);
    w.stopDeadline = Date.now() + budget.killAfterMs;
    if (!this.sendTo(w, { t: 'stop', graceful, drainMs: budget.workerDrainMs })) this.kill(w, 'SIGKILL');
  }

  private kill(w: WorkerRecord, sig: NodeJS.Signals): void {
    try {
      process.kill(w.pid, sig);
    } catch {
      // already gone
    }
  }

  private onMessage(w: WorkerRecord, msg: WorkerMessage): void {
    switch (msg.t) {
      case 'ready': {
        if (w.state !== 'booting') return;
        w.state = 'ready';
        w.readyAt = w.lastBeat = Date.now();
        if (w.replaces) {
          const old = w.replaces;
          w.replaces = null;
          if (old.state !== 'exited') {
            this.log.info(`Worker ${w.pid} is ready; retiring ${old.pid} (${old.retiring})`);
            this.stopWorker(old, true);
          }
        }
        if (!this.everReady) {
          this.everReady = true;
          this.state = 'running';
          this.manageWorkers();
          if (this.config.distribution === 'round-robin') {
            const deliverers = () =>
              [...this.workers]
                .filter((r) => r.state === 'ready')
                .map((r) => (sock: net.Socket) => this.sendTo(r, { t: 'conn' }, sock));
            this.roundRobin = new RoundRobin(deliverers, this.log);
            this.roundRobin.start(this.listeners, this.config.backlog);
          }
        }
        if (!this.announcedReady && this.readyCount() >= this.config.workers) {
          this.announcedReady = true;
          this.log.info(`All ${this.config.workers} worker(s) ready`);
          void this.hook('whenReady', this.facade);
        }
        this.advanceReload();
        return;
      }
      case 'heartbeat': {
        w.lastBeat = Date.now();
        w.rss = msg.rss;
        const limitMb = this.config.maxWorkerMemory;
        if (limitMb > 0 && w.state === 'ready' && msg.rss > limitMb * 1024 * 1024 && !w.retiring) {
          this.log.warning(
            `Worker ${w.pid} uses ${(msg.rss / 1048576).toFixed(0)} MB RSS, above --max-worker-memory ${limitMb} MB`,
          );
          this.replace(w, 'max-worker-memory');
        }
        return;
      }
      case 'retire-me':
        this.replace(w, msg.reason);
        return;
    }
  }

  private readyCount(): number {
    let n = 0;
    for (const w of this.workers) if (w.state === 'ready' && !w.retiring) n++;
    return n;
  }

  private onExit(w: WorkerRecord, code: number | null, signal: NodeJS.Signals | null): void {
    const wasReady = w.readyAt !== null;
    const expected = w.stopRequested;
    w.state = 'exited';
    this.workers.delete(w);
    void this.hook('childExit', this.facade, { pid: w.pid, age: w.age });
    // Its replacement, if one is booting, now simply fills the slot.
    for (const other of this.workers) if (other.replaces === w) other.replaces = null;
    if (expected) {
      this.log.info(`Worker exited (pid: ${w.pid})`);
    } else if (!wasReady && code === EXIT_BOOT_ERROR) {
      if (!this.everReady) {
        this.log.error(
          `Worker (pid:${w.pid}) failed to boot: the app could not be loaded (see the error above).`,
        );
        this.halt(EXIT_BOOT_ERROR, 'Worker failed to boot.');
        return;
      }
      this.onFailedReplacement(w, 'it could not load the app');
      this.recordCrash(null);
    } else {
      const lived = w.readyAt ? Date.now() - w.readyAt : null;
      this.log.error(
        `Worker (pid:${w.pid}) ${describeExit(code, signal)}${wasReady ? '' : ' before it was ready'}`,
      );
      if (!wasReady) this.onFailedReplacement(w, describeExit(code, signal));
      this.recordCrash(lived);
    }
    if (this.state === 'stopping') {
      this.maybeFinishStop();
      return;
    }
    this.advanceReload();
    this.manageWorkers();
  }

  private recordCrash(livedMs: number | null): void {
    this.crashStreak = nextCrashStreak(this.crashStreak, livedMs);
    const delay = respawnDelayMs(this.crashStreak);
    this.spawnNotBefore = Date.now() + delay;
    if (delay > 0)
      this.log.warning(
        `${this.crashStreak} worker failures in a row: next worker starts in ${(delay / 1000).toFixed(2)} s`,
      );
  }

  /** A successor died before it was ready: the worker it was meant to replace keeps serving. */
  private onFailedReplacement(w: WorkerRecord, why: string): void {
    const old = w.replaces;
    if (old && old.state === 'ready') {
      this.log.error(`Replacement for worker ${old.pid} failed (${why}); ${old.pid} keeps serving`);
      old.retiring = null;
    }
    if (this.reloading) {
      this.log.error(`Reload aborted: the new version did not boot (${why}). Old workers keep serving.`);
      for (const r of this.reloadQueue) r.retiring = null;
      this.reloadQueue = [];
      this.reloading = false;
    }
  }

  /** Keep `workers` ready-or-booting workers that are not retiring. */
  private manageWorkers(): void {
    if (this.state !== 'running' && this.state !== 'booting') return;
    let active = this.spawning;
    const surplus: WorkerRecord[] = [];
    for (const w of this.workers) {
      if ((w.state === 'ready' || w.state === 'booting') && !w.retiring && !w.stopRequested) {
        active++;
        surplus.push(w);
      }
    }
    // Until one worker has loaded the app, only that one boots: an app that cannot be imported
    // then costs one failed boot, not WEB_CONCURRENCY of them (--preload already proved it loads).
    const canary = !this.everReady && !this.config.preloadApp;
    const want = canary ? Math.min(1, this.config.workers) : this.config.workers;
    if (canary && !this.announcedCanary && this.config.workers > 1) {
      this.announcedCanary = true;
      this.log.info('Booting one worker first; the others start as soon as it has loaded the app');
    }
    if (active < want && Date.now() >= this.spawnNotBefore && !this.reloading) {
      for (let i = active; i < want; i++) void this.spawnWorker();
    } else if (active > want) {
      // Retire the youngest first: older workers have warm caches.
      surplus.sort((a, b) => b.age - a.age);
      for (const w of surplus.slice(0, active - want)) {
        this.log.info(`Retiring worker ${w.pid}: more workers than wanted`);
        w.retiring = 'worker count lowered';
        this.stopWorker(w, true);
      }
    }
  }

  // ---- health --------------------------------------------------------------------------

  private onTick(): void {
    const now = Date.now();
    if (this.state === 'stopping') {
      for (const w of this.workers) if (w.stopDeadline && now > w.stopDeadline) this.kill(w, 'SIGKILL');
      if (now > this.stopDeadline) this.maybeFinishStop(true);
      return;
    }
    const s = this.config;
    for (const w of this.workers) {
      if (w.state === 'booting' && s.bootTimeout > 0 && now - w.spawnedAt > s.bootTimeout * 1000) {
        this.log.critical(
          `WORKER BOOT TIMEOUT (pid:${w.pid}): the app did not get ready within ${s.bootTimeout} s`,
        );
        w.aborting = true;
        this.kill(w, 'SIGKILL');
      } else if (w.state === 'ready' && !w.aborting && s.timeout > 0 && now - w.lastBeat > s.timeout * 1000) {
        w.aborting = true;
        void this.abortHungWorker(w);
      } else if (w.state === 'stopping' && w.stopDeadline && now > w.stopDeadline) {
        this.log.warning(`Worker ${w.pid} did not stop within the graceful timeout; killing it`);
        this.kill(w, 'SIGKILL');
        w.stopDeadline = null;
      }
    }
    this.manageWorkers();
    if (now - this.lastMemoryCheck >= MEMORY_CHECK_MS) {
      this.lastMemoryCheck = now;
      this.checkMemory(now);
    }
  }

  /** Once all workers run: log what they cost. Always: warn before the dyno runs out of memory. */
  private checkMemory(now: number): void {
    const ready = [...this.workers].filter((w) => w.state === 'ready' && w.rss > 0);
    if (ready.length === 0) return;
    const sample: MemorySample = { masterRss: process.memoryUsage.rss(), workerRss: ready.map((w) => w.rss) };
    if (!this.memoryReported && this.announcedReady && ready.length >= this.config.workers) {
      this.memoryReported = true;
      this.log.info(memoryReport(sample, this.memoryLimit));
    }
    const pressure = memoryPressure(sample, this.memoryLimit);
    if (pressure && now - this.lastPressureWarning >= PRESSURE_WARNING_EVERY_MS) {
      this.lastPressureWarning = now;
      this.log.warning(pressure);
    }
  }

  private async abortHungWorker(w: WorkerRecord): Promise<void> {
    const silent = ((Date.now() - w.lastBeat) / 1000).toFixed(1);
    this.log.critical(
      `WORKER TIMEOUT (pid:${w.pid}): no heartbeat for ${silent} s (--timeout ${this.config.timeout})`,
    );
    if (w.inspectPort) {
      try {
        const frames = await captureHungStack(w.pid, w.inspectPort, 3000);
        this.log.critical(`Worker ${w.pid} was stuck in:\n${formatStack(frames)}`);
      } catch (e) {
        this.log.error(`Could not capture the stack of hung worker ${w.pid}: ${(e as Error).message}`);
      }
    }
    await this.hook('workerAbort', { pid: w.pid, age: w.age });
    this.kill(w, 'SIGKILL');
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
      this.config = { ...fresh.config, ...keep };
    } catch (e) {
      this.log.error(`Reload: config not reloaded, keeping the old one: ${(e as Error).message}`);
    }
    await this.hook('onReload', this.facade);
    this.reloadQueue = [...this.workers].filter((w) => w.state === 'ready' && !w.retiring);
    this.reloading = true;
    this.log.info(`Reloading: replacing ${this.reloadQueue.length} worker(s) one at a time`);
    this.advanceReload();
  }

  private advanceReload(): void {
    if (!this.reloading) return;
    const inProgress = [...this.workers].some((w) => w.replaces && w.replaces.state !== 'exited');
    if (inProgress || this.spawning > 0) return;
    const next = this.reloadQueue.shift();
    if (next) {
      if (next.state === 'ready') this.replace(next, 'reload');
      else this.advanceReload();
      return;
    }
    this.reloading = false;
    this.log.info('Reload complete');
    this.manageWorkers();
  }

  // ---- binary upgrade (USR2) ---------------------------------------------------------------

  private reexec(): void {
    if (this.config.distribution === 'reuseport') {
      this.log.warning(
        'USR2 needs master-held sockets; with --distribution reuseport start a new master instead',
      );
      return;
    }
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
    this.reloading = false;
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
    for (const w of this.workers) {
      if (!graceful && w.stopRequested) {
        w.stopRequested = false;
      }
      this.stopWorker(w, graceful);
    }
    this.maybeFinishStop();
  }

  private maybeFinishStop(force = false): void {
    if (this.workers.size > 0 && !force) return;
    for (const w of this.workers) this.kill(w, 'SIGKILL');
    this.log.info('Shutting down: Master');
    this.halt(0);
  }

  private halt(code: number, reason?: string): void {
    if (this.state === 'done') return;
    if (reason) this.log.info(`Reason: ${reason}`);
    for (const w of this.workers) this.kill(w, 'SIGKILL');
    this.state = 'done';
    this.cleanup();
    void this.hook('onExit', this.facade).finally(() => {
      this.log.close();
      this.finish(code);
    });
  }

  private cleanup(): void {
    if (this.ticker) clearInterval(this.ticker);
    for (const [sig, h] of this.signalHandlers) process.off(sig, h);
    this.signalHandlers.clear();
    this.roundRobin?.close();
    for (const l of this.listeners) l.close(this.handedOff);
    this.listeners = [];
    if (this.config.pidfile) removePidfile(this.config.pidfile);
    if (this.compileCacheDir) rmSync(this.compileCacheDir, { recursive: true, force: true });
  }
}

/** Run the master until it stops; resolves with the process exit code. */
export async function runArbiter(config: Config, launch: Launch): Promise<number> {
  let arbiter: Arbiter;
  try {
    arbiter = new Arbiter(config, launch);
  } catch (e) {
    // Typically a log file that cannot be opened: nothing has started yet.
    process.stderr.write(`Error: ${(e as Error).message}\n`);
    return 1;
  }
  return arbiter.run();
}
