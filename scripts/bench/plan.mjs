// What the bench runs: options from the command line, the workloads, the servers compared and how
// each section pins them. Pure.

// A fresh Node process serves its first seconds of load at well under half its settled rate
// (measured here: 12.5k, 21.7k, 25.9k, then ~27-29k req/s in consecutive 1 s keep-alive runs), so
// every server gets `warmup` s of keep-alive plus 1 s of Connection: close before it is measured.
export const DEFAULTS = {
  rounds: 3,
  duration: 1,
  warmup: 2,
  connections: 32,
  workloads: ['hello', 'json', 'wait', 'cpu'],
  reloadRounds: 1,
  reloadLoads: ['ka', 'close'],
  startupRuns: 8,
  shellRuns: 30,
  compileRuns: 5,
  // CPU time per request (scripts/bench/cost.mjs): rounds of fresh processes, seconds per load.
  costRounds: 3,
  costSeconds: 2,
};
// --quick: every server once, hello world only, one reload per peer under keep-alive, a few
// start-ups. It shows that everything runs and roughly where each peer stands, not a result.
export const QUICK = {
  rounds: 1,
  duration: 1,
  warmup: 1,
  connections: 32,
  workloads: ['hello'],
  reloadRounds: 1,
  reloadLoads: ['ka'],
  startupRuns: 2,
  shellRuns: 10,
  compileRuns: 2,
  costRounds: 1,
  costSeconds: 1,
};

/** The four request handlers of fixtures/bench/app (app.mjs and wsgi.py answer the same paths). */
export const WORKLOADS = [
  { id: 'hello', path: '/', label: 'hello world', body: 'hello world\n' },
  { id: 'json', path: '/json', label: '1 KB JSON' },
  { id: 'wait', path: '/wait', label: '5 ms async wait' },
  { id: 'cpu', path: '/cpu', label: '1 ms CPU' },
];
export const LOADS = [
  { id: 'ka', label: 'keep-alive', close: false },
  { id: 'close', label: 'Connection: close', close: true },
];
export const PARTS = ['throughput', 'reload', 'startup', 'shell', 'cost', 'instructions'];

const HELP = `usage: npm run bench [-- options]
  --quick            under 3 minutes: every server once, hello world only (${QUICK.rounds} round of ${QUICK.duration} s per load)
  --rounds N         rounds (fresh servers each round, also of the instructions part; default ${DEFAULTS.rounds})
  --duration S       seconds per measured wrk run, whole seconds (default ${DEFAULTS.duration})
  --warmup S         seconds of keep-alive warm-up per fresh server, then 1 s of close (default ${DEFAULTS.warmup})
  --connections N    wrk connections (default ${DEFAULTS.connections})
  --workloads LIST   comma-separated, of ${WORKLOADS.map((w) => w.id).join(',')} (default all; --quick: hello)
  --only LIST        comma-separated server ids: measure only these (and the raw baseline), e.g. pm2,tsicorn-shared
  --parts LIST       comma-separated, of ${PARTS.join(',')} (default all)
  --out BASE         write BASE.md, BASE.json and BASE.svg (default docs/bench-results; --quick: docs/bench-quick)
  --no-write         print the report only
  --render FILE      measure nothing: render the report and chart again from a results JSON beside it
  --readme           with --render: also refresh README.md's results section from that JSON
  -h, --help         this text
A full run without --only/--parts/--out also refreshes the results section of README.md.`;

/** Parses argv into options, or { help } / { error } for the caller to print. */
export function parseArgs(argv) {
  const quick = argv.includes('--quick');
  const opts = {
    ...(quick ? QUICK : DEFAULTS),
    quick,
    out: quick ? 'docs/bench-quick' : 'docs/bench-results',
    outGiven: false,
    write: true,
    only: null,
    parts: [...PARTS],
    render: null,
    readme: false,
  };
  const list = (a, allowed) => {
    const items = String(argv[++i] ?? '')
      .split(',')
      .filter(Boolean);
    const bad = items.filter((x) => allowed && !allowed.includes(x));
    if (items.length === 0) return { err: `${a} needs a comma-separated list` };
    if (bad.length) return { err: `${a}: unknown ${bad.join(', ')} (known: ${allowed.join(', ')})` };
    return { items };
  };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    const num = (key) => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) return `${a} needs a whole number of at least 1, got ${argv[i]}`;
      opts[key] = v;
      return null;
    };
    let err = null;
    if (a === '-h' || a === '--help') return { help: HELP };
    else if (a === '--quick') continue;
    else if (a === '--rounds') err = num('rounds');
    else if (a === '--duration') err = num('duration');
    else if (a === '--warmup') err = num('warmup');
    else if (a === '--connections') err = num('connections');
    else if (a === '--workloads') {
      const r = list(
        a,
        WORKLOADS.map((w) => w.id),
      );
      err = r.err ?? null;
      if (r.items) opts.workloads = r.items;
    } else if (a === '--only') {
      const r = list(a, CANDIDATE_IDS);
      err = r.err ?? null;
      if (r.items) opts.only = r.items;
    } else if (a === '--parts') {
      const r = list(a, PARTS);
      err = r.err ?? null;
      if (r.items) opts.parts = r.items;
    } else if (a === '--out') {
      opts.out = String(argv[++i] ?? '').replace(/\.(md|json|svg)$/, '');
      opts.outGiven = true;
      if (!opts.out) err = '--out needs a path';
    } else if (a === '--no-write') opts.write = false;
    else if (a === '--readme') opts.readme = true;
    else if (a === '--render') {
      opts.render = argv[++i];
      if (!opts.render) err = '--render needs a results JSON file';
    } else err = `unknown option ${a}`;
    if (err) return { error: `${err}\n\n${HELP}` };
  }
  return opts;
}

/** A full, unfiltered run to the default place: the one whose numbers the README shows. */
export function refreshesReadme(opts) {
  return opts.write && !opts.quick && !opts.only && !opts.outGiven && opts.parts.length === PARTS.length;
}

// The servers compared. `kind` picks how peers.mjs starts it; `lang` marks the non-Node reference;
// `workloads` limits a row to the workloads its question needs (the access-log and metrics rows are
// judged on hello world only, and measuring them under all four would add a minute to a full run).
const C = (id, label, short, kind, extra = {}) => ({ id, label, short, kind, lang: 'node', ...extra });
export const CANDIDATES = [
  C('raw', 'raw node:http, 1 process (baseline)', 'raw Node', 'raw'),
  C(
    'raw-control',
    'raw node:http, a second fresh process (noise control)',
    'raw Node again (noise control)',
    'raw',
  ),
  C('cluster-rr', 'node:cluster, round-robin (default)', 'node:cluster round-robin', 'cluster', {
    policy: 'rr',
    peer: true,
  }),
  C('cluster-none', 'node:cluster, SCHED_NONE', 'node:cluster SCHED_NONE', 'cluster', {
    policy: 'none',
    peer: true,
  }),
  C('throng', 'throng 5', 'throng', 'throng', { peer: true }),
  C('pm2', 'PM2 cluster mode (pm2-runtime)', 'PM2 cluster mode', 'pm2', { peer: true }),
  C('tsicorn-shared', 'tsicorn --distribution shared (default)', 'tsicorn shared (default)', 'tsicorn', {
    distribution: 'shared',
  }),
  C('tsicorn-reuseport', 'tsicorn --distribution reuseport', 'tsicorn reuseport', 'tsicorn', {
    distribution: 'reuseport',
  }),
  C('tsicorn-round-robin', 'tsicorn --distribution round-robin', 'tsicorn round-robin', 'tsicorn', {
    distribution: 'round-robin',
  }),
  // Issue 13's second row: what Gunicorn's default access log format costs a worker (w1 only).
  C(
    'tsicorn-accesslog',
    'tsicorn shared, access log on (Gunicorn format, to /dev/null)',
    'tsicorn shared + access log',
    'tsicorn',
    { distribution: 'shared', accessLog: true, workloads: ['hello'] },
  ),
  // Issue 12: the cost of collecting figures. --metrics-interval switches on the worker's
  // event-loop-delay sampler and GC observer and the master's sample# line (every second here, the
  // most a user can ask for); the row is judged against tsicorn shared in the same round.
  C(
    'tsicorn-metrics',
    'tsicorn shared, metrics on (--metrics-interval 1)',
    'tsicorn shared + metrics',
    'tsicorn',
    { distribution: 'shared', metrics: true, workloads: ['hello'] },
  ),
  C('gunicorn-sync', 'Gunicorn sync (Python, WSGI)', 'Gunicorn sync (Python)', 'gunicorn', {
    workerClass: 'sync',
    lang: 'python',
  }),
  C(
    'gunicorn-gthread',
    'Gunicorn gthread, 4 threads (Python, WSGI)',
    'Gunicorn gthread (Python)',
    'gunicorn',
    {
      workerClass: 'gthread',
      lang: 'python',
    },
  ),
];
export const CANDIDATE_IDS = CANDIDATES.map((c) => c.id);

/** The workloads a candidate is measured under in this run: the run's, within the row's own limit. */
export function workloadsOf(cand, opts) {
  return WORKLOADS.filter(
    (w) => opts.workloads.includes(w.id) && (!cand.workloads || cand.workloads.includes(w.id)),
  );
}
/** Rows only the 1-worker section has: the noise control, the access-log and the metrics cost. */
const W1_ONLY = ['raw-control', 'tsicorn-accesslog', 'tsicorn-metrics'];
/** tsicorn's default distribution: the row the goals are judged on. */
export const TSICORN_DEFAULT = 'tsicorn-shared';

/**
 * The two throughput sections. 1 worker: the server's processes (master and worker alike) share
 * CPU 1 and wrk has CPU 0 to itself, so every candidate gets exactly one core. 2 workers: this is a
 * 2-CPU machine, so nothing can be set aside for wrk; nothing is pinned and the scheduler spreads
 * the workers, the master and wrk over both CPUs, for the baseline and the candidates alike.
 * `hasReusePort` false drops tsicorn's reuseport (Node < 22.12 cannot set SO_REUSEPORT); `gunicorn`
 * false drops Gunicorn (not installed); `only` keeps those ids plus the baseline.
 */
export function sections({ hasReusePort, cpuCount, gunicorn = true, only = null }) {
  const pin = cpuCount >= 2;
  const keep = (c) =>
    c.id === 'raw' ||
    ((!only || only.includes(c.id)) &&
      (hasReusePort || c.id !== 'tsicorn-reuseport') &&
      (gunicorn || c.kind !== 'gunicorn'));
  // The raw baseline is one process whatever the section.
  const withWorkers = (workers) => (c) => ({ ...c, workers: c.kind === 'raw' ? 1 : workers });
  return [
    {
      id: 'w1',
      workers: 1,
      title: pin
        ? '1 worker on one core: server pinned to CPU 1 (every process of it), wrk pinned to CPU 0'
        : '1 worker: single-CPU machine, nothing pinned',
      serverCpus: pin ? '1' : null,
      wrkCpus: pin ? '0' : null,
      candidates: CANDIDATES.filter(keep).map(withWorkers(1)),
    },
    {
      id: 'w2',
      workers: 2,
      title: '2 workers: nothing pinned (server and wrk share both CPUs of this machine)',
      serverCpus: null,
      wrkCpus: null,
      candidates: CANDIDATES.filter((c) => keep(c) && !W1_ONLY.includes(c.id)).map(withWorkers(2)),
    },
  ];
}

/**
 * Rolling reload under load: 2 workers (a rolling restart of a single node:cluster worker leaves
 * nothing listening), the servers that have a reload: tsicorn (HUP), PM2 (`pm2 reload`) and the
 * node:cluster script's SIGHUP loop.
 */
export function reloadCandidates({ hasReusePort, only = null }) {
  const ids = ['tsicorn-shared', 'tsicorn-reuseport', 'tsicorn-round-robin', 'pm2', 'cluster-rr'];
  return CANDIDATES.filter(
    (c) =>
      ids.includes(c.id) && (!only || only.includes(c.id)) && (hasReusePort || c.id !== 'tsicorn-reuseport'),
  ).map((c) => ({ ...c, workers: 2 }));
}

/**
 * Start to first 200, one worker each: `node app.js`, a launcher that only spawns it (the floor of
 * any Node master that starts a Node worker), tsicorn (default distribution, through bin/tsicorn as a
 * user starts it), pm2-runtime.
 */
export const LAUNCHER = C(
  'launcher',
  'a Node launcher that only spawns `node app.js` (the floor for a Node master with a Node worker)',
  'launcher floor',
  'launcher',
);
export function startupCandidates({ only = null }) {
  const picked = CANDIDATES.filter(
    (c) => ['raw', TSICORN_DEFAULT, 'pm2'].includes(c.id) && (!only || c.id === 'raw' || only.includes(c.id)),
  ).map((c) => ({ ...c, workers: 1, ...(c.kind === 'tsicorn' ? { shim: true } : {}) }));
  return [picked[0], { ...LAUNCHER, workers: 1 }, ...picked.slice(1)];
}

// Seconds the pieces take beyond their measured load, as timed on the 2-CPU machine this was
// written on (a results JSON's phasesS and per-server elapsedMs, e.g. docs/bench-results.json): start, ready check, idle
// memory and stop of a server; the idle check and spawn of each wrk run; a reload run's start/stop.
const START_STOP_S = 0.9;
const PER_RUN_S = 0.25;
const RELOAD_EXTRA_S = 1.1;
const STARTUP_S = 0.7;
/** One server of the instructions part: start, warm-up and two measured windows under valgrind
 * (2000 keep-alive and 8000 close requests: 53-63 s measured on a lightly loaded machine, up to
 * 108 s at load average 4); then a native run per candidate under strace. */
const INSTRUCTIONS_SERVER_S = 60;
const SYSCALLS_SERVER_S = 6;

/** Seconds the whole run should take, for the banner. */
export function estimateSeconds(opts, secs, { reloads = 0, startups = 0, reloadSeconds = 7 } = {}) {
  const warm = opts.warmup + (opts.quick ? 0 : 1);
  const perServer = (cand) =>
    START_STOP_S +
    warm +
    workloadsOf(cand, opts).length * LOADS.length * (opts.duration + 0.05 + (opts.quick ? 0 : PER_RUN_S));
  const perRound = secs.reduce((t, s) => t + s.candidates.reduce((u, c) => u + perServer(c), 0), 0);
  let t = 0;
  if (opts.parts.includes('throughput')) t += perServer({}) + opts.rounds * perRound;
  if (opts.parts.includes('reload'))
    t +=
      reloads * opts.reloadRounds * opts.reloadLoads.length * (reloadSeconds + opts.warmup + RELOAD_EXTRA_S);
  if (opts.parts.includes('startup')) t += startups * opts.startupRuns * STARTUP_S + 3;
  if (opts.parts.includes('shell')) t += 2;
  // Five servers per round: raw, its control, tsicorn, with the access log, with metrics (cost.mjs).
  if (opts.parts.includes('cost'))
    t += opts.costRounds * 5 * (START_STOP_S + opts.warmup + 1 + 2 * opts.costSeconds + 0.5);
  // Four servers per round under callgrind (raw, its control, tsicorn, with the access log).
  if (opts.parts.includes('instructions'))
    t += opts.rounds * 4 * INSTRUCTIONS_SERVER_S + 4 * SYSCALLS_SERVER_S;
  return Math.round(t);
}
