// The sizing script inside real memory cgroups (root only): the limit as a dyno reads it
// (cgroup + mount namespace, controller mounted at /sys/fs/cgroup/memory) and CPUs pinned by taskset.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cgroupSupport, createCgroup, insideCgroup } from '../../scripts/dyno/cgroup.ts';
import { ROOT } from '../helpers/proc.ts';

const support = cgroupSupport();
if (support.version === null)
  console.warn(`test/dyno/cgroup: skipped, real cgroups need root (${support.why})`);
const SCRIPT = join(ROOT, 'profile.d/tsicorn.sh');
const PRINT = `. '${SCRIPT}'; echo "WC=\${WEB_CONCURRENCY:-} BY=\${WEB_CONCURRENCY_SET_BY:-} RAM=\${DYNO_RAM:-}"`;

function sizeIn(memoryMb: number | null, cpuList: string, env: Record<string, string> = {}) {
  const cg = createCgroup(memoryMb);
  try {
    const vars = Object.entries({ DYNO: 'web.1', PATH: '/usr/bin:/bin', ...env }).map(
      ([k, v]) => `${k}=${v}`,
    );
    const argv = insideCgroup(cg, cpuList, [
      'env',
      '-i',
      ...vars,
      'bash',
      '--norc',
      '--noprofile',
      '-c',
      PRINT,
    ]);
    const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 15_000 });
    return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
  } finally {
    cg.remove();
  }
}

describe.skipIf(support.version === null)('profile.d/tsicorn.sh in real memory cgroups', () => {
  const cases: Array<[number, string, number]> = [
    [512, '0-1', 2],
    [512, '0', 2],
    [1024, '0-1', 4],
    [1024, '0', 3],
    [2560, '0-1', 5],
    [2560, '0', 3],
  ];
  it.each(cases)('%i MB on CPUs %s gives %i', (mb, cpus, want) => {
    const r = sizeIn(mb, cpus);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`WC=${want} BY=tsicorn RAM=${mb}`);
    const n = cpus === '0' ? 1 : 2;
    expect(r.stderr).toBe(
      `tsicorn: WEB_CONCURRENCY=${want} (memory ${mb} MB, ${n} CPUs, cgroup ${support.version}: min(max(1, ${mb}/256), 2*${n}+1) = ${want})\n`,
    );
  });
  it('no limit gives 2*cpus+1 and says memory is unknown', () => {
    for (const [cpus, want] of [
      ['0', 3],
      ['0-1', 5],
    ] as const) {
      const r = sizeIn(null, cpus);
      expect(r.stdout).toBe(`WC=${want} BY=tsicorn RAM=`);
      expect(r.stderr).toMatch(/^tsicorn: WEB_CONCURRENCY=\d+ \(memory unknown \(no limit\)/);
    }
  });
  it("keeps the user's value, replaces another buildpack's, and is silent on worker dynos", () => {
    const kept = sizeIn(1024, '0-1', { WEB_CONCURRENCY: '7' });
    expect(kept.stdout).toBe('WC=7 BY= RAM=');
    expect(kept.stderr).toMatch(
      /^tsicorn: keeping WEB_CONCURRENCY=7 set by the user \(memory 1024 MB.* would give 4\)\n$/,
    );
    const replaced = sizeIn(1024, '0', { WEB_CONCURRENCY: '2', WEB_CONCURRENCY_SET_BY: 'heroku/nodejs' });
    expect(replaced.stdout).toBe('WC=3 BY=tsicorn RAM=1024');
    expect(replaced.stderr).toContain('replacing 2 from heroku/nodejs');
    const worker = sizeIn(512, '0', { DYNO: 'worker.1' });
    expect(worker).toMatchObject({ status: 0, stdout: 'WC=2 BY=tsicorn RAM=512', stderr: '' });
  });
  it('leaves no cgroup behind', () => {
    const base = support.version === 'v1' ? '/sys/fs/cgroup/memory' : '/sys/fs/cgroup';
    const mine = readdirSync(base).filter((n) => n.startsWith(`tsicorn-${process.pid}-`));
    expect(mine).toEqual([]);
  });
});
