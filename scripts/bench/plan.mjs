// What the bench runs: options from the command line and the candidate sections. Pure.

// A fresh Node process serves its first seconds of load at well under half its settled rate
// (measured here: 12.5k, 21.7k, 25.9k, then ~27-29k req/s in consecutive 1 s keep-alive runs), so
// every server gets `warmup` s of keep-alive plus 1 s of Connection: close before it is measured.
export const DEFAULTS = { rounds: 4, duration: 2, warmup: 2, connections: 32 };
export const QUICK = { rounds: 1, duration: 1, warmup: 2, connections: 32 };

const HELP = `usage: npm run bench [-- options]
  --quick            about a minute: ${QUICK.rounds} rounds of ${QUICK.duration} s per load
  --rounds N         rounds (fresh servers each round; default ${DEFAULTS.rounds})
  --duration S       seconds per measured wrk run, whole seconds (default ${DEFAULTS.duration})
  --warmup S         seconds of keep-alive warm-up per fresh server, then 1 s of close (default ${DEFAULTS.warmup})
  --connections N    wrk connections (default ${DEFAULTS.connections})
  --out FILE         where to write the report (default docs/bench-results.md)
  --no-write         print the report only
  -h, --help         this text`;

/** Parses argv into options, or { help } / { error } for the caller to print. */
export function parseArgs(argv) {
  const quick = argv.includes('--quick');
  const opts = { ...(quick ? QUICK : DEFAULTS), quick, out: 'docs/bench-results.md', write: true };
  for (let i = 0; i < argv.length; i++) {
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
    else if (a === '--out') opts.out = argv[++i];
    else if (a === '--no-write') opts.write = false;
    else err = `unknown option ${a}`;
    if (err) return { error: `${err}\n\n${HELP}` };
  }
  return opts;
}

const raw = (id, label) => ({ id, label, kind: 'raw' });
const tsi = (workers, distribution) => ({
  id: distribution,
  label: `tsicorn -w ${workers} --distribution ${distribution}`,
  kind: 'tsicorn',
  workers,
  distribution,
});

/**
 * The two comparisons. 1 worker: the server's processes (master and worker alike) share CPU 1 and
 * wrk has CPU 0 to itself, so every candidate gets exactly one core. 2 workers: this is a 2-CPU
 * machine, so nothing can be set aside for wrk; nothing is pinned and the scheduler spreads the
 * workers, the master and wrk over both CPUs, for the baseline and the candidates alike.
 * `hasReusePort` false drops the reuseport candidates (Node < 22.12 cannot set SO_REUSEPORT).
 */
export function sections({ hasReusePort, cpuCount }) {
  const dists = hasReusePort ? ['shared', 'reuseport', 'round-robin'] : ['shared', 'round-robin'];
  const pin = cpuCount >= 2;
  return [
    {
      id: 'w1',
      title: pin
        ? '1 worker on one core: server pinned to CPU 1 (master and worker), wrk pinned to CPU 0'
        : '1 worker: single-CPU machine, nothing pinned',
      serverCpus: pin ? '1' : null,
      wrkCpus: pin ? '0' : null,
      candidates: [
        raw('raw', 'raw node:http, 1 process (baseline)'),
        raw('raw-control', 'raw node:http, a second fresh process (noise control)'),
        ...dists.map((d) => tsi(1, d)),
      ],
    },
    {
      id: 'w2',
      title: '2 workers: nothing pinned (server and wrk share both CPUs of this machine)',
      serverCpus: null,
      wrkCpus: null,
      candidates: [raw('raw', 'raw node:http, 1 process (baseline)'), ...dists.map((d) => tsi(2, d))],
    },
  ];
}

/** Seconds the whole run should take, for the banner (start, stop, idle checks and the 1 s close warm-up: ~3.5 s per server). */
export function estimateSeconds(opts, secs) {
  const perServer = 3.5 + opts.warmup + 2 * opts.duration;
  return Math.round(perServer + opts.rounds * secs.reduce((t, s) => t + s.candidates.length * perServer, 0));
}
