// The resolved settings every part of tsicorn reads. Produced by the settings registry
// (lib/config/settings.ts) from defaults < config file < TSICORN_CMD_ARGS < CLI.
// Everything here except `hooks` is plain data: the master sends it to workers as JSON.

export type LogLevel = 'debug' | 'info' | 'warning' | 'error' | 'critical';
export type LogFormat = 'text' | 'json' | 'logfmt';
/** How connections reach workers: one listening socket all workers accept on,
 * one SO_REUSEPORT socket per worker, or the master accepting and handing sockets out. */
export type Distribution = 'shared' | 'reuseport' | 'round-robin';

export interface Settings {
  /** MODULE[:EXPORT], resolved from `chdir`. */
  app: string;
  factory: boolean;
  chdir: string;
  bind: string[];
  workers: number;
  timeout: number;
  gracefulTimeout: number;
  bootTimeout: number;
  keepalive: number;
  /** Seconds to receive a whole request head once it started. */
  headerTimeout: number;
  /** Seconds without a body byte while the app reads the body; 0 = off. */
  bodyIdleTimeout: number;
  maxRequests: number;
  maxRequestsJitter: number;
  /** MB of RSS above which a worker is replaced; 0 = off. */
  maxWorkerMemory: number;
  /** Extra Node flags for workers (shell-split). */
  nodeArgs: string;
  preloadApp: boolean;
  distribution: Distribution;
  backlog: number;
  limitRequestLine: number;
  limitRequestFields: number;
  limitRequestFieldSize: number;
  /** Bytes of a whole request head; 0 = only the per-field limits. */
  limitRequestHeadSize: number;
  forwardedAllowIps: string[];
  loglevel: LogLevel;
  logFormat: LogFormat;
  /** '-' = stdout; null = off. */
  accesslog: string | null;
  accessLogFormat: string;
  /** '-' = stderr. */
  errorlog: string;
  pidfile: string | null;
  /** Mode bits given to unix:PATH sockets after binding (umask-proof). */
  unixSocketMode: number;
  procName: string | null;
  /** Absolute path of the config file that was loaded, if any. */
  configFile: string | null;
  /** Capture the JS stack of a hung worker through the V8 inspector before killing it. */
  hangStacks: boolean;
  /** Seconds between the master's `sample#` metrics lines; 0 = off. */
  metricsInterval: number;
  /** HOST:PORT (or PORT, loopback) of the master's Prometheus endpoint; null = off. */
  metricsBind: string | null;
  /** Seconds a request may have waited (X-Request-Start) before it is answered 503 unrun; 0 = never. */
  maxQueueTime: number;
}

/** Gunicorn-style server hooks (snake_case names in config files are mapped to these). */
export interface Hooks {
  onStarting?(arbiter: unknown): unknown;
  onReload?(arbiter: unknown): unknown;
  whenReady?(arbiter: unknown): unknown;
  preFork?(arbiter: unknown, worker: unknown): unknown;
  postFork?(arbiter: unknown, worker: unknown): unknown;
  postWorkerInit?(worker: unknown): unknown;
  workerInt?(worker: unknown): unknown;
  workerAbort?(worker: unknown): unknown;
  preRequest?(worker: unknown, req: unknown): unknown;
  postRequest?(worker: unknown, req: unknown, res: unknown): unknown;
  childExit?(arbiter: unknown, worker: unknown): unknown;
  workerExit?(arbiter: unknown, worker: unknown): unknown;
  nworkersChanged?(arbiter: unknown, newValue: number, oldValue: number | null): unknown;
  onExit?(arbiter: unknown): unknown;
}

export interface Config extends Settings {
  hooks: Hooks;
}
