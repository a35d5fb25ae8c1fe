// `tsicorn doctor`: over fixture trees (v1, v2, no limit, CPU quota, no cgroup), inside a real
// 512 MB / 1-CPU memory cgroup (root only), and next to a running master found through its pid file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../lib/doctor/report.ts';
import { cgroupSupport, createCgroup, insideCgroup } from '../../scripts/dyno/cgroup.ts';
import { CLI, freePort, ROOT, spawnTsicorn, TEST_NODE } from '../helpers/proc.ts';

const FIXTURES = join(ROOT, 'fixtures/cgroups');
const tmp = mkdtempSync(join(tmpdir(), 'tsicorn-doctor-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function doctor(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(TEST_NODE, [CLI, 'doctor', ...args], {
    cwd: tmp,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function doctorJson(fixture: string, env: Record<string, string> = {}, args: string[] = []): DoctorReport {
  const r = doctor(['--json', ...args], { TSICORN_CGROUP_ROOT: join(FIXTURES, fixture), ...env });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as DoctorReport;
}

describe('tsicorn doctor over fixture trees', () => {
  it('cgroup v2, Standard-2X: the limit, usage, CPUs, dyno type, workers and heap limit, with reasons', () => {
    const r = doctorJson('standard-2x-v2', { WEB_CONCURRENCY: '4', WEB_CONCURRENCY_SET_BY: 'tsicorn' });
    expect(r).toMatchObject({
      cgroupVersion: 2,
      memoryLimitMb: 1024,
      memoryInUseMb: 240,
      memoryUsageMb: 256,
      cpuCount: 8,
      dynoType: 'standard-2x',
      webConcurrency: { value: '4', setBy: 'tsicorn', chosenBy: 'platform' },
      tableWorkers: 4,
      workers: 4,
      live: null,
    });
    // (1024 - this process's RSS) / 4 - 64 MB of default non-heap.
    expect(r.heapLimitMb).toBeGreaterThan(120);
    expect(r.heapLimitMb).toBeLessThan(256 - 64);
    expect(r.maxWorkerMemoryMb).toBeGreaterThan(200);
    expect(r.reasons).toContain('Dyno type: standard-2x (1024 MB, nproc 8).');
    expect(r.reasons.join('\n')).toMatch(/No live figures: no pid file given/);
  });
  it('v2 max: memory unknown, no heap limit, the count as configured', () => {
    const r = doctorJson('nolimit-v2', { WEB_CONCURRENCY: '3' });
    expect(r).toMatchObject({
      cgroupVersion: 2,
      memoryLimitMb: null,
      cpuCount: 2,
      dynoType: null,
      workers: 3,
      heapLimitMb: null,
      maxWorkerMemoryMb: 0,
    });
    expect(r.webConcurrency.chosenBy).toBe('user');
    expect(r.reasons[0]).toBe(
      'Memory: memory limit unknown (no limit): nothing is fitted, capped or replaced by size.',
    );
  });
  it('a CPU quota lowers the CPU count; v1 and no cgroup at all', () => {
    expect(doctorJson('quota-v2')).toMatchObject({
      cgroupVersion: 2,
      cpuCount: 2,
      cpus: { nproc: 8, quota: 2 },
    });
    expect(doctorJson('quota-v1')).toMatchObject({ cgroupVersion: 1, cpuCount: 2, memoryLimitMb: 2560 });
    expect(doctorJson('nocgroup')).toMatchObject({ cgroupVersion: null, memoryLimitMb: null, cpuCount: 4 });
  });
  it("a user's heap size and -w are the user's", () => {
    const r = doctorJson('standard-1x-v1', { NODE_OPTIONS: '--max-old-space-size=200' }, ['-w', '3']);
    expect(r).toMatchObject({ workers: 3, heapLimitMb: null, webConcurrency: { chosenBy: 'user' } });
    expect(r.reasons).toContain('heap size set by the user (--max-old-space-size=200 in NODE_OPTIONS).');
  });
  it('prints the same for people, and refuses bad settings like the server does', () => {
    const r = doctor([], { TSICORN_CGROUP_ROOT: join(FIXTURES, 'standard-1x-v2') });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^tsicorn doctor\n {2}cgroup: {10}v2\n {2}memory limit: {4}512 MB, 112 MB in use\n/,
    );
    expect(r.stdout).toContain('\nWhy:\n  - Memory: 512 MB limit (cgroup v2)');
    const bad = doctor(['-w', 'many']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^Error: .*-w/);
  });
});

describe('tsicorn doctor next to a running master', () => {
  it('finds it through its pid file: workers, their RSS and heap, the decisions so far', async () => {
    const pidfile = join(tmp, 'live.pid');
    const env = {
      TSICORN_CGROUP_ROOT: join(FIXTURES, 'standard-1x-v2'),
      WEB_CONCURRENCY: '2',
      WEB_CONCURRENCY_SET_BY: 'tsicorn',
    };
    const port = await freePort();
    const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`, '-p', pidfile], {
      cwd: join(ROOT, 'fixtures/apps/autotune'),
      env,
    });
    await p.ready(30_000);
    await p.waitFor(/Worker exited \(pid: \d+\)/, 30_000); // the first worker's heap-limit swap
    let r: DoctorReport | null = null;
    for (let i = 0; i < 40 && (r?.live?.workers.length ?? 0) !== 2; i++) {
      await new Promise((res) => setTimeout(res, 250));
      r = doctorJson('standard-1x-v2', env, ['--pid', pidfile]);
    }
    expect(r!.live!.pid).toBe(p.pid);
    expect(r!.workers).toBe(2);
    // The shell's own view is labelled as such, next to the running master's count.
    const reasons = r!.reasons.join('\n');
    expect(reasons).toMatch(/^For a new start with this shell's settings: Workers: /m);
    expect(reasons).toMatch(new RegExp(`^Running master ${p.pid}: 2 worker\\(s\\) now`, 'm'));
    expect(r!.live!.workers.map((w) => w.state)).toEqual(['ready', 'ready']);
    for (const w of r!.live!.workers) {
      expect(w.rssMb).toBeGreaterThan(20);
      expect(w.heapLimitMb).toBe(r!.heapLimitMb);
    }
    const decisions = r!.live!.decisions.map((d) => d.text);
    expect(decisions[0]).toMatch(/^Boot-time fit: 2 workers \(WEB_CONCURRENCY=2 from tsicorn\)/);
    expect(decisions.some((d) => d.startsWith('Worker memory: V8 heap limit'))).toBe(true);
    const text = doctor(['--pid', pidfile], env).stdout;
    expect(text).toMatch(
      new RegExp(
        `Live \\(master ${p.pid}, status \\d+ s old\\):\\n {2}worker \\d+ \\(#\\d+, ready\\): \\d+ MB RSS`,
      ),
    );
    expect(text).toContain('Decisions so far:\n');
    p.signal('SIGTERM');
    expect(await p.exited(30_000)).toBe(0);
    const after = doctorJson('standard-1x-v2', env, ['--pid', pidfile]);
    expect(after.live).toBeNull();
    expect(after.reasons.join('\n')).toContain(`No live figures: ${pidfile} holds no pid`);
  });
});

const support = cgroupSupport();
if (support.version === null) console.warn(`test/doctor: real-cgroup part skipped (${support.why})`);

describe.skipIf(support.version === null)('tsicorn doctor in a real memory cgroup', () => {
  it('512 MB on 1 CPU: reports 512 MB, 1 CPU and the cgroup version', () => {
    const cg = createCgroup(512);
    try {
      const argv = insideCgroup(cg, '0', [
        'env',
        '-i',
        `PATH=${process.env.PATH}`,
        TEST_NODE,
        CLI,
        'doctor',
        '--json',
      ]);
      const r = spawnSync(argv[0]!, argv.slice(1), { cwd: tmp, encoding: 'utf8', timeout: 20_000 });
      expect(r.stderr).toBe('');
      const report = JSON.parse(r.stdout) as DoctorReport;
      expect(report).toMatchObject({
        cgroupVersion: support.version === 'v1' ? 1 : 2,
        memoryLimitMb: 512,
        cpuCount: 1,
        cpus: { affinity: 1 },
        tableWorkers: 2,
        workers: 2,
      });
      expect(report.memoryInUseMb).toBeGreaterThan(0);
      expect(report.memoryInUseMb).toBeLessThan(512);
      expect(report.heapLimitMb).toBeGreaterThan(64);
      expect(report.host?.cpuModel).toBeTruthy();
    } finally {
      cg.remove();
    }
  });
});
