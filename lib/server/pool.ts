// The worker pool: forks workers, tracks what each one is doing, and carries out what the
// policies decide (replace-then-retire, stop, kill). It decides nothing on its own, except the
// mechanics of a replacement: a successor that is ready retires its predecessor, and one that dies
// first leaves the predecessor serving.
import { type ChildProcess, fork } from 'node:child_process';
import type * as net from 'node:net';
import type { Config } from '../config/types.ts';
import type { Logger } from '../log/types.ts';
import { requestBudget } from './backoff.ts';
import { compileCacheEnv } from './compile-cache.ts';
import type { MasterMessage, WorkerMessage } from './contract/messages.ts';
import { isWorkerMessage } from './contract/messages.ts';
import { ENV, ROLE_ENV, ROLES } from './contract/roles.ts';
import { encodeSettings } from './contract/settings.ts';
import { handoffMs, shutdownBudget } from './contract/timing.ts';
import { freePort } from './free-port.ts';
import { childEnv, type Launch } from './launch.ts';
import type { WorkerFacts } from './policy/types.ts';

export interface PoolWorker extends WorkerFacts {
  child: ChildProcess;
  /** Loopback port the worker's inspector opens on when it hangs (null: --no-hang-stacks). */
  inspectPort: number | null;
  /** The master told it to stop: its exit is expected, not a crash. */
  stopRequested: boolean;
}

export interface PoolContext {
  launch: Launch;
  log: Logger;
  config(): Config;
  /** Listening fds workers inherit at 3, 4, ... (empty with reuseport or round-robin). */
  listenFds(): number[];
  /** The reload generation a worker forked now belongs to. */
  generation(): number;
  /** False once the master stops: a fork that was waiting for its port is dropped. */
  mayFork(): boolean;
  /** The compile cache directory workers share (./compile-cache.ts), if any. */
  compileCacheDir(): string | null;
  /** Runs pre_fork (awaited) just before each fork. */
  preFork(age: number): Promise<void>;
  /** Node flags for the next worker beyond the master's own (--node-args, the autotuner's heap
   * limit), and that heap limit in MB (null when tsicorn sets none). */
  workerArgs(): { args: string[]; heapLimitMb: number | null };
  onMessage(w: PoolWorker, msg: WorkerMessage): void;
  onExit(w: PoolWorker, code: number | null, signal: NodeJS.Signals | null): void;
}

export class WorkerPool {
  private readonly ctx: PoolContext;
  private readonly byPid = new Map<number, PoolWorker>();
  private ageCounter = 0;
  /** Forks asked for that have not happened yet (waiting for an inspector port or pre_fork). */
  pending = 0;

  constructor(ctx: PoolContext) {
    this.ctx = ctx;
  }

  get(pid: number): PoolWorker | undefined {
    return this.byPid.get(pid);
  }

  all(): PoolWorker[] {
    return [...this.byPid.values()];
  }

  get size(): number {
    return this.byPid.size;
  }

  /** Ready workers not on their way out. */
  readyCount(): number {
    let n = 0;
    for (const w of this.byPid.values()) if (w.state === 'ready' && !w.retiring) n++;
    return n;
  }

  facts(): WorkerFacts[] {
    return this.all().map(({ child: _c, inspectPort: _i, stopRequested: _s, ...f }) => f);
  }

  async spawn(replaces: number | null = null): Promise<PoolWorker | null> {
    this.pending++;
    try {
      const s = this.ctx.config();
      const inspectPort = s.hangStacks ? await freePort() : null;
      if (!this.ctx.mayFork()) return null;
      const age = ++this.ageCounter;
      await this.ctx.preFork(age);
      if (!this.ctx.mayFork()) return null;
      const { launch } = this.ctx;
      // The sockets a USR2 predecessor handed this master are not the worker's business.
      const env = childEnv(
        launch.env,
        { [ROLE_ENV]: ROLES.worker, ...compileCacheEnv(this.ctx.compileCacheDir()) },
        [ENV.inheritedFds],
      );
      const extra = this.ctx.workerArgs();
      const execArgv = [...launch.execArgv.filter((a) => !a.startsWith('--inspect')), ...extra.args];
      if (inspectPort) execArgv.push(`--inspect-port=127.0.0.1:${inspectPort}`);
      // Should the inspector open (SIGUSR1), its ws:// URL (the key to it) is not printed on stderr.
      execArgv.push('--inspect-publish-uid=http');
      const fds = this.ctx.listenFds();
      const child = fork(launch.entry, [], {
        cwd: launch.cwd,
        env,
        execPath: launch.execPath,
        execArgv,
        stdio: ['inherit', 'inherit', 'inherit', ...fds, 'ipc'],
      });
      this.send(child, {
        t: 'init',
        age,
        maxRequests: requestBudget(s.maxRequests, s.maxRequestsJitter),
        listenFds: fds.length,
        settings: encodeSettings(s),
      });
      const now = Date.now();
      const w: PoolWorker = {
        pid: child.pid ?? -1,
        age,
        generation: this.ctx.generation(),
        state: 'booting',
        spawnedAt: now,
        readyAt: null,
        lastBeat: now,
        rss: 0,
        requests: 0,
        inFlight: 0,
        heapUsed: 0,
        heapLimitMb: extra.heapLimitMb,
        retiring: null,
        replaces: replaces !== null && this.byPid.has(replaces) ? replaces : null,
        aborting: false,
        stopDeadline: null,
        child,
        inspectPort,
        stopRequested: false,
      };
      this.byPid.set(w.pid, w);
      child.on('message', (msg: unknown) => {
        if (isWorkerMessage(msg)) this.ctx.onMessage(w, msg);
      });
      child.on('exit', (code, signal) => this.ctx.onExit(w, code, signal));
      child.on('error', (e) => this.ctx.log.error(`worker ${w.pid}: ${e.message}`));
      this.ctx.log.info(`Booting worker with pid: ${w.pid}`);
      return w;
    } finally {
      this.pending--;
    }
  }

  /** Start a successor for `pid`; the worker keeps serving until the successor is ready. */
  replace(pid: number, reason: string): void {
    const old = this.byPid.get(pid);
    if (!old || old.retiring || old.state !== 'ready') return;
    old.retiring = reason;
    this.ctx.log.info(`Replacing worker ${old.pid} (${reason}): starting its successor first`);
    void this.spawn(old.pid);
  }

  /** Tell a worker to stop (graceful: drain within the budget; quick: exit now). `again` re-sends a
   * quick stop to a worker already stopping gracefully. A graceful stop while the master still
   * runs is a retirement: others serve on, so its keep-alive connections move to them gradually
   * (handoffMs); in a shutdown they close at once. */
  stop(pid: number, graceful: boolean, again = false): void {
    const w = this.byPid.get(pid);
    if (!w || (w.stopRequested && !again)) return;
    w.stopRequested = true;
    w.state = 'stopping';
    const budget = shutdownBudget(this.ctx.config().gracefulTimeout, graceful);
    w.stopDeadline = Date.now() + budget.killAfterMs;
    const handoff = graceful && this.ctx.mayFork() ? handoffMs(budget.workerDrainMs) : 0;
    const msg = { t: 'stop', graceful, drainMs: budget.workerDrainMs, handoffMs: handoff } as const;
    if (!this.send(w.child, msg)) this.kill(pid);
  }

  kill(pid: number, sig: NodeJS.Signals = 'SIGKILL'): void {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }

  /** A kill is under way: policies leave the worker alone until it exits. */
  markAborting(pid: number): void {
    const w = this.byPid.get(pid);
    if (w) {
      w.aborting = true;
      w.stopDeadline = null;
    }
  }

  /** Returns false if the worker was not booting (a duplicate or late message). */
  markReady(w: PoolWorker): boolean {
    if (w.state !== 'booting') return false;
    w.state = 'ready';
    w.readyAt = w.lastBeat = Date.now();
    const old = w.replaces === null ? undefined : this.byPid.get(w.replaces);
    w.replaces = null;
    if (old) {
      this.ctx.log.info(`Worker ${w.pid} is ready; retiring ${old.pid} (${old.retiring})`);
      this.stop(old.pid, true);
    }
    return true;
  }

  heartbeat(w: PoolWorker, msg: Extract<WorkerMessage, { t: 'heartbeat' }>): void {
    w.lastBeat = Date.now();
    w.rss = msg.rss;
    w.requests = msg.requests;
    w.inFlight = msg.inFlight;
    if (msg.figures) w.heapUsed = msg.figures.heapUsed;
  }

  /** Bookkeeping of an exit. `how` says why, for the log when a replacement failed. */
  remove(w: PoolWorker, how: string): void {
    this.byPid.delete(w.pid);
    // Its successor, if one is booting, now simply fills the slot.
    for (const other of this.byPid.values()) if (other.replaces === w.pid) other.replaces = null;
    // A successor that ended before it was ready: the worker it was to replace keeps serving.
    const old = w.replaces === null ? undefined : this.byPid.get(w.replaces);
    if (old && old.state === 'ready') {
      if (!w.stopRequested)
        this.ctx.log.error(`Replacement for worker ${old.pid} failed (${how}); ${old.pid} keeps serving`);
      old.retiring = null;
    }
  }

  broadcast(msg: MasterMessage): void {
    for (const w of this.byPid.values()) this.send(w.child, msg);
  }

  /** Hands a socket to a worker (round-robin); false when its channel is gone. */
  sendSocket(w: PoolWorker, sock: net.Socket): boolean {
    return this.send(w.child, { t: 'conn' }, sock);
  }

  killAll(): void {
    for (const w of this.byPid.values()) this.kill(w.pid);
  }

  private send(child: ChildProcess, msg: MasterMessage, handle?: net.Socket): boolean {
    if (!child.connected) return false;
    try {
      child.send(msg, handle as never);
      return true;
    } catch {
      return false;
    }
  }
}
