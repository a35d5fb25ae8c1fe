// The settings registry: every setting is declared here once. CLI parsing, --help, --print-config,
// config-file validation (with did-you-mean) and the README settings table are all derived from it.
import { ipFamily } from '../http/ip.ts';
import { parseMetricsBind } from '../metrics/endpoint-address.ts';
import { BindError, parseBind } from '../server/bind.ts';
import { DYNO_GRACEFUL_TIMEOUT, DYNO_KEEPALIVE } from '../server/contract/timing.ts';
import { ConfigError } from './errors.ts';
import { nodeArgWords } from './shellsplit.ts';
import type { Hooks, Settings } from './types.ts';

export type Section = 'App' | 'Server' | 'Workers' | 'Logging' | 'Metrics' | 'Limits' | 'Proxy' | 'Config';
/** `mode`: a file mode, written in octal (660, 0660, 0o660) or, in a config file, as a number (0o660). */
export type ValueType = 'int' | 'bool' | 'string' | 'nullable-string' | 'list' | 'enum' | 'mode';
export type SourceKind = 'default' | 'env' | 'config-file' | 'TSICORN_CMD_ARGS' | 'cli';

/** Facts a default may depend on (never read from the process directly: keeps resolution pure). */
export interface DefaultContext {
  env: Record<string, string | undefined>;
  cwd: string;
}

export interface SettingDef<K extends keyof Settings = keyof Settings> {
  kind: 'setting';
  key: K;
  /** Config-file names, Gunicorn's spelling first; the camelCase `key` is always accepted as well. */
  names: readonly string[];
  /** CLI flags, short first (`-w`, `--workers`). Empty: not settable from the command line. */
  flags: readonly string[];
  /** True for the one positional argument (the app). */
  positional?: boolean;
  metavar?: string;
  type: ValueType;
  choices?: readonly string[];
  /** For lists: `repeat` = one item per flag occurrence (-b a -b b); `comma` = one comma-separated flag. */
  listStyle?: 'repeat' | 'comma';
  /** Bools only: also accept `--no-<flag>` to turn it off. */
  negatable?: boolean;
  default: Settings[K];
  /** How the default reads in docs when it is not a constant. */
  defaultDoc?: string;
  /** Environment variable named in the docs (read by `dynamicDefault`). */
  env?: string;
  /** A default computed from the environment; `env` source when it came from a variable. */
  dynamicDefault?(
    ctx: DefaultContext,
  ): { value: Settings[K]; source: SourceKind; detail: string } | undefined;
  /** Returns an error text for a well-typed but invalid value. */
  validate?(value: Settings[K]): string | null;
  help: string;
  section: Section;
}

export interface ActionDef {
  kind: 'action';
  action: 'help' | 'version' | 'print-config' | 'check-config';
  flags: readonly string[];
  help: string;
}

export interface HookDef {
  kind: 'hook';
  key: keyof Hooks;
  /** Gunicorn's snake_case name; the camelCase key is accepted too. */
  name: string;
  signature: string;
  /** The process it runs in. */
  runsIn: 'master' | 'worker';
  help: string;
}

/** Checks `default` against the Settings field type at compile time. */
function setting<K extends keyof Settings>(d: Omit<SettingDef<K>, 'kind'>): SettingDef<K> {
  return { kind: 'setting', ...d };
}

const intRange =
  (min: number, max: number, what = '') =>
  (v: number): string | null =>
    v < min || v > max ? `must be from ${min} to ${max}${what}` : null;

export const DEFAULT_ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"';
export const MAX_WORKERS = 1000;

/** WEB_CONCURRENCY as a worker count; empty counts as unset. Throws ConfigError naming the variable. */
export function parseWebConcurrency(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const t = raw.trim();
  const fix = `set it to the number of worker processes (1 to ${MAX_WORKERS}), or unset it to start 1 worker`;
  if (!/^\d+$/.test(t)) throw new ConfigError(`WEB_CONCURRENCY="${raw}" is not a whole number; ${fix}`);
  const n = Number(t);
  if (n < 1)
    throw new ConfigError(`WEB_CONCURRENCY=${raw} is too small: at least 1 worker is needed; ${fix}`);
  if (n > MAX_WORKERS)
    throw new ConfigError(
      `WEB_CONCURRENCY=${raw} is more than ${MAX_WORKERS} workers, surely a mistake; ${fix}`,
    );
  return n;
}

/** PORT as a port number; empty counts as unset. */
export function parsePortEnv(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const t = raw.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 65535)
    throw new ConfigError(
      `PORT="${raw}" is not a port number (1 to 65535); fix or unset PORT, or pass -b HOST:PORT`,
    );
  return Number(t);
}

function validIpOrNet(s: string): boolean {
  if (s === '*') return true;
  const [rawIp, bits, extra] = s.split('/');
  const ip = rawIp?.replace(/^\[(.*)\]$/, '$1');
  if (extra !== undefined || !ip) return false;
  const family = ipFamily(ip);
  if (!family) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

export const SETTINGS: readonly SettingDef[] = [
  // ---- App
  setting({
    key: 'app',
    names: ['app', 'wsgi_app'],
    flags: [],
    positional: true,
    metavar: 'MODULE[:EXPORT]',
    type: 'string',
    default: '',
    defaultDoc: '(required)',
    validate: (v) =>
      v === '' || /^[^:]+(:[A-Za-z_$][\w$]*)?$/.test(v)
        ? null
        : 'must be MODULE or MODULE:EXPORT, e.g. app, src/server.ts or app:handler',
    help: 'The app to serve: a module resolved from chdir like a relative import (app finds app.js, app.ts, app/index.*), optionally :EXPORT (default: the default export, then `app`).',
    section: 'App',
  }),
  setting({
    key: 'factory',
    names: ['factory'],
    flags: ['--factory'],
    type: 'bool',
    default: false,
    help: 'Treat the export as a factory: call it (it may be async) and serve what it returns.',
    section: 'App',
  }),
  setting({
    key: 'chdir',
    names: ['chdir'],
    flags: ['--chdir'],
    metavar: 'DIR',
    type: 'string',
    default: '.',
    defaultDoc: 'the working directory',
    dynamicDefault: (ctx) => ({ value: ctx.cwd, source: 'default', detail: 'working directory' }),
    help: 'Directory the app is loaded from (workers change into it before loading the app).',
    section: 'App',
  }),
  setting({
    key: 'preloadApp',
    names: ['preload_app', 'preload'],
    flags: ['--preload'],
    type: 'bool',
    default: false,
    help: 'Load the app in the master before any worker starts, so a broken app stops the master at once (exit 3). Node cannot fork a loaded process, so workers still load the app themselves (no shared memory); on Node 22.10+ they load it with the V8 code cache the master wrote.',
    section: 'App',
  }),
  // ---- Server
  setting({
    key: 'bind',
    names: ['bind'],
    flags: ['-b', '--bind'],
    metavar: 'ADDRESS',
    type: 'list',
    listStyle: 'repeat',
    default: ['127.0.0.1:8000'],
    defaultDoc: '0.0.0.0:$PORT if PORT is set, else 127.0.0.1:8000',
    env: 'PORT',
    dynamicDefault: (ctx) => {
      const port = parsePortEnv(ctx.env.PORT);
      return port === undefined
        ? undefined
        : { value: [`0.0.0.0:${port}`], source: 'env', detail: `PORT=${ctx.env.PORT}` };
    },
    validate: (v) => {
      if (v.length === 0) return 'needs at least one address';
      for (const b of v) {
        try {
          parseBind(b);
        } catch (e) {
          if (e instanceof BindError) return e.message;
          throw e;
        }
      }
      return null;
    },
    help: 'Address to listen on: HOST:PORT, [IPV6]:PORT, HOST (port 8000), unix:PATH or fd://N (an inherited socket). Repeat to listen on several.',
    section: 'Server',
  }),
  setting({
    key: 'backlog',
    names: ['backlog'],
    flags: ['--backlog'],
    metavar: 'INT',
    type: 'int',
    default: 2048,
    validate: intRange(1, 65535),
    help: 'Maximum number of pending connections queued on each listening socket.',
    section: 'Server',
  }),
  setting({
    key: 'distribution',
    names: ['distribution'],
    flags: ['--distribution'],
    type: 'enum',
    choices: ['shared', 'reuseport', 'round-robin'],
    default: 'shared',
    help: 'How connections reach workers: one listening socket shared by all workers, one SO_REUSEPORT socket per worker, or the master accepting and handing connections round-robin. `reuse_port = true` in a config file means reuseport.',
    section: 'Server',
  }),
  setting({
    key: 'keepalive',
    names: ['keepalive', 'keep_alive'],
    flags: ['--keep-alive'],
    metavar: 'INT',
    type: 'int',
    default: 5,
    defaultDoc: `5, or ${DYNO_KEEPALIVE} when DYNO is set`,
    env: 'DYNO',
    dynamicDefault: (ctx) =>
      ctx.env.DYNO
        ? {
            value: DYNO_KEEPALIVE,
            source: 'env',
            detail: `DYNO=${ctx.env.DYNO} (Heroku's router reuses idle connections for up to 90 s)`,
          }
        : undefined,
    validate: intRange(0, 3600, ' seconds'),
    help: `Seconds an idle keep-alive connection is held open waiting for the next request. 0 turns keep-alive off. On Heroku (DYNO set) the default is ${DYNO_KEEPALIVE}: the router reuses an idle connection for up to 90 s, and a server that closes it first makes the request the router sends on it fail (H18/H13).`,
    section: 'Server',
  }),
  setting({
    key: 'headerTimeout',
    names: ['header_timeout'],
    flags: ['--header-timeout'],
    metavar: 'INT',
    type: 'int',
    default: 30,
    validate: intRange(1, 3600, ' seconds'),
    help: "Seconds a client gets to send a whole request head once its first byte arrived; then it gets 408 and the connection closes (slowloris). A new connection that sends nothing at all is closed after the keep-alive time, or this, whichever is shorter. Heroku's router gives up on a request after 30 s.",
    section: 'Server',
  }),
  setting({
    key: 'bodyIdleTimeout',
    names: ['body_idle_timeout'],
    flags: ['--body-idle-timeout'],
    metavar: 'INT',
    type: 'int',
    default: 0,
    validate: intRange(0, 86400, ' seconds (0 = off)'),
    help: "Seconds a request body may go without a byte arriving while the app reads it; then the connection is closed. 0 = off (uploads are the app's business; the app pausing its reads never counts).",
    section: 'Server',
  }),
  setting({
    key: 'pidfile',
    names: ['pidfile', 'pid'],
    flags: ['-p', '--pid'],
    metavar: 'FILE',
    type: 'nullable-string',
    default: null,
    help: "File the master's pid is written to (mode 0644, through a temporary file renamed over the path, never through a symlink); removed on exit.",
    section: 'Server',
  }),
  setting({
    key: 'unixSocketMode',
    names: ['unix_socket_mode'],
    flags: ['--unix-socket-mode'],
    metavar: 'OCTAL',
    type: 'mode',
    default: 0o660,
    defaultDoc: '0660',
    validate: (v) => (v < 0 || v > 0o777 ? 'must be a mode from 000 to 777, such as 660, 666 or 600' : null),
    help: 'Permissions of each unix:PATH socket, whatever the umask: 0660 lets the owner and its group connect. A proxy running as another user needs to be in that group, or 666 (any local user). Existing sockets are only replaced when nothing answers on them.',
    section: 'Server',
  }),
  setting({
    key: 'procName',
    names: ['proc_name'],
    flags: ['-n', '--name'],
    metavar: 'STRING',
    type: 'nullable-string',
    default: null,
    help: 'Name in the process titles ps and top show: `tsicorn: master [NAME]` and `tsicorn: worker [NAME]` (default: the app).',
    section: 'Server',
  }),
  // ---- Workers
  setting({
    key: 'workers',
    names: ['workers'],
    flags: ['-w', '--workers'],
    metavar: 'INT',
    type: 'int',
    default: 1,
    defaultDoc: '$WEB_CONCURRENCY if set, else 1',
    env: 'WEB_CONCURRENCY',
    dynamicDefault: (ctx) => {
      const n = parseWebConcurrency(ctx.env.WEB_CONCURRENCY);
      return n === undefined
        ? undefined
        : { value: n, source: 'env', detail: `WEB_CONCURRENCY=${ctx.env.WEB_CONCURRENCY}` };
    },
    validate: intRange(1, MAX_WORKERS),
    help: 'Number of worker processes serving the app.',
    section: 'Workers',
  }),
  setting({
    key: 'timeout',
    names: ['timeout'],
    flags: ['-t', '--timeout'],
    metavar: 'INT',
    type: 'int',
    default: 30,
    validate: intRange(0, 86400, ' seconds (0 = never)'),
    help: "Seconds a worker's event loop may stay blocked before the worker counts as hung: its JS stack is logged, then it is killed and replaced. 0 disables.",
    section: 'Workers',
  }),
  setting({
    key: 'gracefulTimeout',
    names: ['graceful_timeout'],
    flags: ['--graceful-timeout'],
    metavar: 'INT',
    type: 'int',
    default: 30,
    defaultDoc: `30, or ${DYNO_GRACEFUL_TIMEOUT} when DYNO is set`,
    env: 'DYNO',
    dynamicDefault: (ctx) =>
      ctx.env.DYNO
        ? {
            value: DYNO_GRACEFUL_TIMEOUT,
            source: 'env',
            detail: `DYNO=${ctx.env.DYNO} (Heroku kills 30 s after TERM)`,
          }
        : undefined,
    validate: intRange(0, 86400, ' seconds'),
    help: `Seconds workers get to finish in-flight requests after TERM or a reload before they are killed. On Heroku (DYNO set) the default is ${DYNO_GRACEFUL_TIMEOUT}: the platform sends SIGKILL 30 s after SIGTERM, and the master needs the margin to kill stragglers, log their requests, remove the pid file and exit 0.`,
    section: 'Workers',
  }),
  setting({
    key: 'bootTimeout',
    names: ['boot_timeout'],
    flags: ['--boot-timeout'],
    metavar: 'INT',
    type: 'int',
    default: 60,
    validate: intRange(0, 86400, ' seconds (0 = never)'),
    help: "Seconds a worker may take to load the app and report ready (Heroku's own limit to bind the port is 60). 0 disables.",
    section: 'Workers',
  }),
  setting({
    key: 'maxRequests',
    names: ['max_requests'],
    flags: ['--max-requests'],
    metavar: 'INT',
    type: 'int',
    default: 0,
    validate: intRange(0, Number.MAX_SAFE_INTEGER),
    help: 'Replace a worker after it has served about this many requests (new worker ready first). 0 disables.',
    section: 'Workers',
  }),
  setting({
    key: 'maxRequestsJitter',
    names: ['max_requests_jitter'],
    flags: ['--max-requests-jitter'],
    metavar: 'INT',
    type: 'int',
    default: 0,
    validate: intRange(0, Number.MAX_SAFE_INTEGER),
    help: 'Add a random 0..N to max-requests per worker, so workers are not all recycled at once.',
    section: 'Workers',
  }),
  setting({
    key: 'maxWorkerMemory',
    names: ['max_worker_memory'],
    flags: ['--max-worker-memory'],
    metavar: 'MB',
    type: 'int',
    default: 0,
    validate: intRange(0, 16 * 1024 * 1024, ' MB'),
    defaultDoc: "each worker's fair share of the memory limit, when it is known; else 0",
    help: "Replace a worker whose resident memory exceeds this many MB (new worker ready first). 0 disables. Unset, with a known memory limit: each worker's fair share, (90 % of the limit - the master's RSS) / workers, recomputed when the count changes (not when that share is below 1.25 x what a worker uses at boot).",
    section: 'Workers',
  }),
  setting({
    key: 'nodeArgs',
    names: ['node_args'],
    flags: ['--node-args'],
    metavar: 'ARGS',
    type: 'string',
    default: '',
    defaultDoc: 'none',
    validate: (v) => {
      let words: string[];
      try {
        words = nodeArgWords(v);
      } catch (e) {
        return (e as Error).message;
      }
      const bad = words.find((w) => !w.startsWith('-'));
      return bad === undefined ? null : `holds "${bad}", which is not a Node flag (flags start with -)`;
    },
    help: 'Extra Node flags for every worker, split like a shell would: --node-args="--max-old-space-size=300 --enable-source-maps" (with =, as the value starts with a dash). A heap size here (--max-old-space-size, --max-heap-size), in NODE_OPTIONS or on the node command line replaces the V8 heap limit tsicorn gives each worker from its share of the memory limit.',
    section: 'Workers',
  }),
  setting({
    key: 'hangStacks',
    names: ['hang_stacks'],
    flags: ['--hang-stacks'],
    negatable: true,
    type: 'bool',
    default: true,
    help: 'Before killing a hung worker, capture and log the JS stack it is stuck in (V8 inspector). --no-hang-stacks turns it off.',
    section: 'Workers',
  }),
  // ---- Limits
  setting({
    key: 'limitRequestLine',
    names: ['limit_request_line'],
    flags: ['--limit-request-line'],
    metavar: 'INT',
    type: 'int',
    default: 4094,
    validate: intRange(0, 8190, ' bytes (0 = unlimited)'),
    help: 'Maximum bytes of the HTTP request line; longer lines get 414. 0 = unlimited.',
    section: 'Limits',
  }),
  setting({
    key: 'limitRequestFields',
    names: ['limit_request_fields'],
    flags: ['--limit-request-fields'],
    metavar: 'INT',
    type: 'int',
    default: 100,
    validate: intRange(0, 32768),
    help: 'Maximum number of request header fields; more get 431. 0 = unlimited.',
    section: 'Limits',
  }),
  setting({
    key: 'limitRequestFieldSize',
    names: ['limit_request_field_size'],
    flags: ['--limit-request-field-size'],
    metavar: 'INT',
    type: 'int',
    default: 8190,
    validate: intRange(0, 1024 * 1024, ' bytes (0 = unlimited)'),
    help: 'Maximum bytes of one request header field; larger get 431. 0 = unlimited.',
    section: 'Limits',
  }),
  setting({
    key: 'limitRequestHeadSize',
    names: ['limit_request_head_size'],
    flags: ['--limit-request-head-size'],
    metavar: 'INT',
    type: 'int',
    default: 65536,
    validate: (v) =>
      v !== 0 && (v < 1024 || v > 16 * 1024 * 1024)
        ? 'must be 0 (no total limit) or from 1024 to 16777216 bytes'
        : null,
    help: 'Maximum bytes of a whole request head (request line and all header fields together); larger get 431, so one connection cannot pin the per-field limits times the field count (about 800 KB by default). 0 = only the per-field limits.',
    section: 'Limits',
  }),
  // ---- Proxy
  setting({
    key: 'forwardedAllowIps',
    names: ['forwarded_allow_ips'],
    flags: ['--forwarded-allow-ips'],
    metavar: 'IPS',
    type: 'list',
    listStyle: 'comma',
    default: ['127.0.0.1', '::1'],
    env: 'FORWARDED_ALLOW_IPS',
    defaultDoc: '$FORWARDED_ALLOW_IPS if set, else 127.0.0.1,::1',
    dynamicDefault: (ctx) => {
      const raw = ctx.env.FORWARDED_ALLOW_IPS;
      if (raw === undefined || raw.trim() === '') return undefined;
      return { value: splitComma(raw), source: 'env', detail: `FORWARDED_ALLOW_IPS=${raw}` };
    },
    validate: (v) => {
      const bad = v.filter((s) => !validIpOrNet(s));
      return bad.length
        ? `"${bad.join('", "')}" is not an IP address or network; use e.g. 10.0.0.1, 10.0.0.0/8, ::1 or * (trust all)`
        : null;
    },
    help: 'Comma-separated proxy addresses (IPs, CIDR networks, or * for all) whose X-Forwarded-For and X-Forwarded-Proto headers are trusted.',
    section: 'Proxy',
  }),
  // ---- Logging
  setting({
    key: 'loglevel',
    names: ['loglevel'],
    flags: ['--log-level'],
    type: 'enum',
    choices: ['debug', 'info', 'warning', 'error', 'critical'],
    default: 'info',
    help: 'Minimum level written to the error log.',
    section: 'Logging',
  }),
  setting({
    key: 'logFormat',
    names: ['log_format'],
    flags: ['--log-format'],
    type: 'enum',
    choices: ['text', 'json', 'logfmt'],
    default: 'text',
    help: 'Line format of both logs: Gunicorn-style text, or one JSON object / logfmt line per entry.',
    section: 'Logging',
  }),
  setting({
    key: 'errorlog',
    names: ['errorlog'],
    flags: ['--error-logfile', '--log-file'],
    metavar: 'FILE',
    type: 'string',
    default: '-',
    help: 'Error log file; - means stderr. --log-file is the same setting (as in Gunicorn).',
    section: 'Logging',
  }),
  setting({
    key: 'accesslog',
    names: ['accesslog'],
    flags: ['--access-logfile'],
    metavar: 'FILE',
    type: 'nullable-string',
    default: null,
    defaultDoc: 'off',
    help: 'Access log file; - means stdout. Off unless set.',
    section: 'Logging',
  }),
  setting({
    key: 'accessLogFormat',
    names: ['access_log_format'],
    flags: ['--access-logformat'],
    metavar: 'STRING',
    type: 'string',
    default: DEFAULT_ACCESS_LOG_FORMAT,
    help: 'Access log line in text format, with Gunicorn atoms: h l u t r m U q H s B b f a T M D L p, %({header}i)s, %({header}o)s, %({VAR}e)s; plus Q, the router queue time in ms from X-Request-Start (- without it).',
    section: 'Logging',
  }),
  // ---- Metrics
  setting({
    key: 'metricsInterval',
    names: ['metrics_interval'],
    flags: ['--metrics-interval'],
    metavar: 'SECONDS',
    type: 'int',
    default: 0,
    validate: intRange(0, 86400, ' seconds (0 = off)'),
    help: 'Every this many seconds the master logs one line for the whole dyno in the style of Heroku log-runtime-metrics: `source=tsicorn sample#workers=2 sample#busy_workers=1 sample#requests=... sample#queue_time_p95=3ms ...`. 0 = off.',
    section: 'Metrics',
  }),
  setting({
    key: 'metricsBind',
    names: ['metrics_bind'],
    flags: ['--metrics-bind'],
    metavar: 'HOST:PORT',
    type: 'nullable-string',
    default: null,
    defaultDoc: 'off',
    validate: (v) => {
      if (v === null) return null;
      try {
        parseMetricsBind(v);
        return null;
      } catch (e) {
        if (e instanceof BindError) return e.message;
        throw e;
      }
    },
    help: 'Serve Prometheus metrics (per worker and for the whole dyno) at http://HOST:PORT/metrics from the master process itself, so it answers while every worker is busy. A bare PORT listens on 127.0.0.1 only.',
    section: 'Metrics',
  }),
  setting({
    key: 'maxQueueTime',
    names: ['max_queue_time'],
    flags: ['--max-queue-time'],
    metavar: 'SECONDS',
    type: 'int',
    default: 30,
    validate: intRange(0, 3600, ' seconds (0 = never)'),
    help: "A request whose X-Request-Start shows it already waited longer than this is answered 503 at once, without running the app, and logged: the router has given up on it (Heroku's router times out at 30 s). 0 = never.",
    section: 'Metrics',
  }),
  // ---- Config
  setting({
    key: 'configFile',
    names: [],
    flags: ['-c', '--config'],
    metavar: 'FILE',
    type: 'nullable-string',
    default: null,
    defaultDoc: 'tsicorn.config.{ts,mts,js,mjs,cjs,json} in the working directory, if any',
    help: 'Config file: a module whose default export (or named exports) holds settings and hooks, or JSON.',
    section: 'Config',
  }),
];

export const ACTIONS: readonly ActionDef[] = [
  { kind: 'action', action: 'help', flags: ['-h', '--help'], help: 'Show this help and exit.' },
  { kind: 'action', action: 'version', flags: ['-v', '--version'], help: 'Print the version and exit.' },
  {
    kind: 'action',
    action: 'print-config',
    flags: ['--print-config'],
    help: 'Print every resolved setting and where its value came from, then exit.',
  },
  {
    kind: 'action',
    action: 'check-config',
    flags: ['--check-config'],
    help: 'Check the settings, load the app in a throwaway process, send it GET /, and exit 0 (answered below 500) or 1 (with the reason).',
  },
];

// Where each hook runs follows Gunicorn: lifecycle hooks in the master, hooks about one worker's
// own life in that worker. Node cannot fork a loaded process, so "in the worker" means the new
// process, after it has started and before (or after) it loads the app as the text says.
export const HOOKS: readonly HookDef[] = (
  [
    ['onStarting', 'on_starting', '(arbiter)', 'master', 'Just before the master binds its sockets.'],
    [
      'onReload',
      'on_reload',
      '(arbiter)',
      'master',
      'When a reload (HUP) starts, after the config is re-read.',
    ],
    ['whenReady', 'when_ready', '(arbiter)', 'master', 'When the first set of workers is ready.'],
    [
      'preFork',
      'pre_fork',
      '(arbiter, worker)',
      'master',
      'Just before a worker process is started; `worker` has its `age`.',
    ],
    [
      'postFork',
      'post_fork',
      '(arbiter, worker)',
      'worker',
      "First thing in a new worker, before it loads the app; `arbiter` is null (the master's object stays in the master).",
    ],
    [
      'postWorkerInit',
      'post_worker_init',
      '(worker)',
      'worker',
      'After the worker has loaded the app, just before it reports ready.',
    ],
    [
      'workerInt',
      'worker_int',
      '(worker)',
      'worker',
      'When the worker is told to stop quickly (the master got INT or QUIT).',
    ],
    [
      'workerAbort',
      'worker_abort',
      '(worker)',
      'master',
      "When a hung worker is aborted (--timeout), after its stack was logged and before it is killed. Runs in the master, with the worker's pid and age: the hung worker's JavaScript thread is blocked and cannot run a hook.",
    ],
    ['preRequest', 'pre_request', '(worker, req)', 'worker', 'Before the app handles a request.'],
    ['postRequest', 'post_request', '(worker, req, res)', 'worker', 'After a request was handled.'],
    ['childExit', 'child_exit', '(arbiter, worker)', 'master', 'Just after a worker process exited.'],
    [
      'workerExit',
      'worker_exit',
      '(arbiter, worker)',
      'worker',
      'In a worker stopping gracefully, after its requests drained, just before it exits; `arbiter` is null.',
    ],
    [
      'nworkersChanged',
      'nworkers_changed',
      '(arbiter, newValue, oldValue)',
      'master',
      'When the worker count changes (TTIN, TTOU, a policy).',
    ],
    ['onExit', 'on_exit', '(arbiter)', 'master', 'Just before the master exits.'],
  ] as const
).map(([key, name, signature, runsIn, help]) => ({
  kind: 'hook' as const,
  key,
  name,
  signature,
  runsIn,
  help: `${help} Config file only; a hook that throws is logged and ignored.`,
}));

/**
 * Config-file names that set another setting through a conversion (Gunicorn spellings with no
 * tsicorn setting of their own). Returns undefined to leave the target alone.
 */
export interface FileAlias {
  name: string;
  /** Command-line spelling, if Gunicorn has one. */
  flag?: string;
  target: keyof Settings;
  type: 'bool';
  convert(value: boolean): unknown;
  help: string;
}
export const FILE_ALIASES: readonly FileAlias[] = [
  {
    name: 'reuse_port',
    flag: '--reuse-port',
    target: 'distribution',
    type: 'bool',
    convert: (v) => (v ? 'reuseport' : undefined),
    help: 'Gunicorn spelling: true (or the flag) means distribution = reuseport.',
  },
];

export function splitComma(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

export function settingByKey<K extends keyof Settings>(key: K): SettingDef<K> {
  const d = SETTINGS.find((s) => s.key === key);
  if (!d) throw new Error(`no setting ${key}`);
  return d as unknown as SettingDef<K>;
}

/** Every default, before the environment is looked at. */
export function staticDefaults(): Settings {
  const out: Record<string, unknown> = {};
  for (const s of SETTINGS) out[s.key] = structuredClone(s.default);
  return out as unknown as Settings;
}

/** The snake_case name Gunicorn users would write, else the camelCase key. */
export function primaryName(s: SettingDef): string {
  return s.names[0] ?? s.key;
}
