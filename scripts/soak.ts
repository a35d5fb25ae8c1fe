// npm run soak -- [--minutes 10] [--only TEXT] [--node PATH]
// Runs the fault scenarios of the test suite (scripts/faults: kill -9, signals under load, faulty
// workers) for longer, in rounds until the time is up, against a fresh build of the sources, and
// prints per scenario: runs, requests, failures, restarts, max RSS and every promise seen broken.
// Alongside, the real Heroku router case: a keep-alive connection idle 92 s under DYNO must still
// be served. Exit 1 when any promise broke. Loopback only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Context, type Result, SCENARIOS } from './faults/index.ts';
import { FAULT_APP } from './faults/run.ts';
import { startServer } from './faults/server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    only: { type: 'string' },
    node: { type: 'string', default: process.execPath },
  },
});
const minutes = Number(values.minutes);
if (!(minutes > 0)) {
  console.error(`--minutes must be a positive number, got ${values.minutes}`);
  process.exit(2);
}
const scenarios = SCENARIOS.filter((s) => !values.only || s.name.includes(values.only));
if (scenarios.length === 0) {
  console.error(
    `no scenario matches --only ${values.only}; scenarios: ${SCENARIOS.map((s) => s.name).join('; ')}`,
  );
  process.exit(2);
}

const built = mkdtempSync(join(tmpdir(), 'tsicorn-soak-'));
execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--out', built], { stdio: 'inherit' });
const budgetMs = minutes * 60_000;
// Each run gets an equal share of the time (at least 10 s of load), less its setup.
const ctx: Context = {
  cli: join(built, 'tsicorn.mjs'),
  node: values.node!,
  durationMs: Math.max(10_000, Math.floor(budgetMs / scenarios.length) - 5000),
};

/** A scenario's results summed over its runs (the last run's measured text and skip reason). */
type Tally = Omit<Result, 'name'> & { runs: number };
const tally = new Map<string, Tally>();

/** A keep-alive connection to a DYNO-configured server, idle 92 s, then asked again. */
async function routerIdle(): Promise<{ name: string; ok: boolean; measured: string }> {
  const name = 'keep-alive connection idle 92 s under DYNO (router reuse)';
  const server = await startServer({
    cli: ctx.cli,
    node: ctx.node,
    cwd: FAULT_APP,
    args: ['app', '-w', '1'],
    env: { DYNO: 'web.1' },
  });
  try {
    const answers = await new Promise<number>((resolve) => {
      const sock = connect(server.port, '127.0.0.1');
      let data = '';
      const ask = () => sock.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      sock.on('connect', ask);
      sock.on('data', (d) => {
        data += d;
      });
      sock.on('error', () => {});
      setTimeout(() => (sock.destroyed ? resolve(-1) : ask()), 92_000);
      setTimeout(() => {
        sock.destroy();
        resolve((data.match(/HTTP\/1\.1 200/g) ?? []).length);
      }, 93_000);
    });
    return {
      name,
      ok: answers === 2,
      measured: answers === 2 ? 'served after 92 s idle' : `answers: ${answers}`,
    };
  } finally {
    await server.kill();
  }
}

const started = Date.now();
const idle = routerIdle();
console.log(
  `soak: ${scenarios.length} scenarios, ~${Math.round(ctx.durationMs / 1000)} s of load each per round, ${minutes} min in all (Node ${ctx.node})`,
);
let round = 0;
do {
  round++;
  for (const s of scenarios) {
    if (round > 1 && Date.now() - started > budgetMs) break;
    const r: Result = await s.run(ctx);
    const t = tally.get(s.name) ?? {
      runs: 0,
      requests: 0,
      failures: 0,
      restarts: 0,
      maxRssMb: 0,
      measured: '',
      violations: [],
    };
    t.runs++;
    t.requests += r.requests;
    t.failures += r.failures;
    t.restarts += r.restarts;
    t.maxRssMb = Math.max(t.maxRssMb, r.maxRssMb);
    t.measured = r.measured;
    t.violations.push(...r.violations);
    t.skipped = r.skipped;
    tally.set(s.name, t);
    const state = r.skipped
      ? `skipped (${r.skipped})`
      : r.violations.length
        ? `BROKEN: ${r.violations.join(' | ')}`
        : 'ok';
    console.log(
      `[${Math.round((Date.now() - started) / 1000)} s] ${s.name}: ${r.requests} requests, ${r.failures} failed, ` +
        `${r.restarts} restarts, max RSS ${r.maxRssMb} MB; ${r.measured} - ${state}`,
    );
  }
} while (Date.now() - started < budgetMs);
const idleResult = await idle;

console.log('\nscenario | runs | requests | failures | restarts | max RSS MB | last measured | promises');
console.log('---|---|---|---|---|---|---|---');
for (const s of scenarios) {
  const t = tally.get(s.name);
  if (!t) continue;
  const state = t.skipped
    ? `skipped: ${t.skipped}`
    : t.violations.length
      ? `${t.violations.length} broken`
      : 'kept';
  console.log(
    `${s.name} | ${t.runs} | ${t.requests} | ${t.failures} | ${t.restarts} | ${t.maxRssMb} | ${t.measured} | ${state}`,
  );
}
console.log(
  `${idleResult.name} | 1 | 2 | ${idleResult.ok ? 0 : 1} | 0 | - | ${idleResult.measured} | ${idleResult.ok ? 'kept' : 'broken'}`,
);
rmSync(built, { recursive: true, force: true });
const broken = [...tally.values()].some((t) => t.violations.length > 0) || !idleResult.ok;
process.exit(broken ? 1 : 0);
