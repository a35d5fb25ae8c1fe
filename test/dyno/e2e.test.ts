// End to end through the local dyno: a clean clone of HEAD (with this run's fresh bundles as dist/) builds fixtures/apps/demo with
// bin/detect, bin/compile, bin/release; the dyno boots (a real 1024 MB cgroup as root, else the
// standard-2x fixture tree), `tsicorn app.js` runs 4 workers and serves; SIGTERM exits 0.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootDyno, type Dyno } from '../../scripts/dyno/boot.ts';
import { type Built, buildApp } from '../../scripts/dyno/clone.ts';
import { hostFacts } from '../../scripts/dyno/host.ts';
import { getOnce, waitServing } from '../../scripts/dyno/http.ts';
import { parseDyno, planBoot } from '../../scripts/dyno/plan.ts';
import { bundleDir } from '../helpers/bundles.ts';
import { childPids, freePort, ROOT } from '../helpers/proc.ts';

let built: Built;
const dynos: Dyno[] = [];

beforeAll(async () => {
  // TSICORN_E2E_WORKTREE=1 builds from a copy of the working tree instead (for work not committed yet).
  built = await buildApp({
    app: join(ROOT, 'fixtures/apps/demo'),
    buildpackFrom: process.env.TSICORN_E2E_WORKTREE === '1' ? ROOT : undefined,
    distFrom: bundleDir(),
  });
}, 60_000);

afterAll(async () => {
  for (const d of dynos) await d.destroy();
  built?.cleanup();
});

describe('local dyno: build from a clean clone', () => {
  it('ran detect, compile and release from the clone', () => {
    expect(built.detectOutput).toBe('tsicorn\n');
    expect(built.compileOutput).toContain('-----> Installing tsicorn');
    expect(built.releaseOutput).toBe('---\ndefault_process_types:\n  web: "tsicorn app.js"\n');
    expect(built.webCommand).toBe('tsicorn app.js');
    for (const f of [
      '.profile.d/tsicorn.sh',
      '.profile.d/nodejs.sh',
      '.profile.d/WEB_CONCURRENCY.sh',
      '.tsicorn/bin/tsicorn',
    ]) {
      expect(existsSync(join(built.buildDir, f))).toBe(true);
    }
    expect(readFileSync(join(built.buildDir, '.tsicorn/dist/tsicorn.mjs'))).toEqual(
      readFileSync(join(built.buildpack, 'dist/tsicorn.mjs')),
    );
  });
});

async function boot(env: Record<string, string> = {}) {
  const host = hostFacts();
  const spec = parseDyno(host.cgroup === null ? 'standard-2x' : '1024mb-2cpu')!;
  const plan = planBoot(spec, host);
  const port = await freePort();
  const dyno = bootDyno({
    buildDir: built.buildDir,
    webCommand: built.webCommand,
    plan,
    port,
    env,
    fixturesRoot: join(built.buildpack, 'fixtures/cgroups'),
  });
  dynos.push(dyno);
  return { dyno, port, plan };
}

describe('local dyno: boot', () => {
  it('boots 4 workers in 1024 MB, serves from several of them, and stops on SIGTERM with exit 0', async () => {
    const { dyno, port, plan } = await boot();
    if (plan.mode === 'fixture') console.warn(`test/dyno/e2e: not root, using ${plan.note}`);
    const sizing = await dyno.waitFor(/^tsicorn: WEB_CONCURRENCY=(\d+).*$/m, 20_000);
    expect(sizing[1]).toBe('4');
    expect(sizing[0]).toContain('replacing 2 from heroku/nodejs (memory 1024 MB');
    let gone = false;
    dyno.exited(120_000).then(
      () => {
        gone = true;
      },
      () => {},
    );
    await waitServing(port, 30_000, () => !gone);
    // The first worker serves before the others have booted: wait for the master to say all are up.
    await dyno.waitFor(/All 4 worker\(s\) ready/, 20_000);
    const deadline = Date.now() + 20_000;
    while (childPids(dyno.pid).length < 4 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const workers = childPids(dyno.pid);
    expect(workers).toHaveLength(4);
    const pids = new Set<number>();
    for (let i = 0; i < 24 && pids.size < 2; i++) {
      const r = await getOnce(port, `/r${i}`);
      expect(r.status).toBe(200);
      const body = JSON.parse(r.body) as {
        pid: number;
        webConcurrency: string;
        setBy: string;
        dynoRamMb: string;
      };
      expect(body).toMatchObject({ webConcurrency: '4', setBy: 'tsicorn', dynoRamMb: '1024' });
      expect(workers).toContain(body.pid);
      pids.add(body.pid);
    }
    expect(pids.size).toBeGreaterThanOrEqual(2);
    dyno.signal('SIGTERM');
    expect(await dyno.exited(40_000)).toBe(0);
  }, 90_000);

  it("keeps the user's WEB_CONCURRENCY config var", async () => {
    const { dyno, port } = await boot({ WEB_CONCURRENCY: '2' });
    await dyno.waitFor(/^tsicorn: keeping WEB_CONCURRENCY=2 set by the user/m, 20_000);
    await waitServing(port, 30_000, () => true);
    // In a known memory limit the first worker starts with one worker's heap limit and is replaced
    // once the count is settled (lib/server/policy/autotune.ts): for a moment three processes run.
    // The master says when the start-up is over; the retired first worker may still be exiting.
    await dyno.waitFor(/All 2 worker\(s\) ready/, 20_000);
    const deadline = Date.now() + 20_000;
    while (childPids(dyno.pid).length !== 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(childPids(dyno.pid)).toHaveLength(2);
    dyno.signal('SIGTERM');
    expect(await dyno.exited(40_000)).toBe(0);
  }, 90_000);
});

describe('npm run demo', () => {
  async function runDemo(extra: string[], ms: number): Promise<{ code: number | null; out: string }> {
    const args = [join(ROOT, 'scripts/demo.mjs'), ...extra];
    if (process.env.TSICORN_E2E_WORKTREE === '1') args.push('--use-working-tree');
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    clearTimeout(timer);
    return { code, out };
  }

  it('builds, boots a performance-m dyno from fixture trees, answers from workers, exits 0 on SIGTERM', async () => {
    const { code, out } = await runDemo(['--dyno', 'performance-m', '--fixtures', '--requests', '4'], 80_000);
    expect(out).toContain(
      'fixture tree fixtures/cgroups/performance-m-v1 (2560 MB, 2 CPUs) via TSICORN_CGROUP_ROOT',
    );
    expect(out).toMatch(/tsicorn: WEB_CONCURRENCY=5, replacing \d+ from heroku\/nodejs \(memory 2560 MB/);
    expect(out).toMatch(/master pid \d+ runs 5 workers/);
    expect(out).toMatch(/GET \/hello\/4 -> 200 from worker \d+/);
    expect(out).toContain('-----> exit code 0');
    expect(code).toBe(0);
  }, 90_000);

  it('--app with dependencies: npm ci from its lockfile, then it boots and serves', async () => {
    const { code, out } = await runDemo(
      ['--app', 'fixtures/apps/getting-started', '--path', '/', '--fixtures', '--requests', '4'],
      150_000,
    );
    expect(out).toMatch(
      /heroku\/nodejs \(emulated\): npm ci \(lockfile package-lock\.json\), 1 dependencies/,
    );
    expect(out).toMatch(/added \d+ packages/);
    expect(out).toContain('-----> web: tsicorn index.js');
    expect(out).toMatch(/GET \/ -> 200 from worker \d+/);
    expect(out).toContain('-----> exit code 0');
    expect(code).toBe(0);
  }, 160_000);

  it('an app bin/detect refuses: the demo says why and what to add', async () => {
    const { code, out } = await runDemo(['--app', 'fixtures/apps/express5-listen'], 60_000);
    expect(code).toBe(1);
    expect(out).toMatch(/bin\/detect rejected .*express5-listen \(exit 1\)/);
    expect(out).toMatch(/a package\.json that does not list tsicorn, no Procfile, no tsicorn\.config/);
    expect(out).toMatch(/web: tsicorn server;/);
  }, 70_000);
});
