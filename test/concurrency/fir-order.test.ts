// The Fir (CNB) launch order: heroku/nodejs's exec.d runs first and exports its own
// WEB_CONCURRENCY (memory / WEB_MEMORY, no WEB_CONCURRENCY_SET_BY), then tsicorn's exec.d runs.
// tsicorn must recognise that default and replace it with the table's value, and pass a user's
// value through. Run by a launcher that follows the CNB spec (scripts/dyno/cnb-launch.ts) over
// fixture trees, and as root inside a real 1024 MB / 2-CPU memory cgroup.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execdProgram } from '../../lib/buildpack/build.ts';
import { decide } from '../../lib/concurrency/decide.ts';
import { nodejsExecdComputes, nodejsMemoryMb, parseUnsigned } from '../../lib/concurrency/heroku-nodejs.ts';
import { cgroupSupport, createCgroup, insideCgroup } from '../../scripts/dyno/cgroup.ts';
import { runExecd } from '../../scripts/dyno/cnb-launch.ts';
import { ROOT } from '../helpers/proc.ts';
import { expectedFor, FIXTURES, NODEJS_EXECD, SCRIPT } from './bash.ts';

const dir = mkdtempSync(join(tmpdir(), 'tsicorn-fir-'));
const TSICORN_EXECD = join(dir, 'web-concurrency');
writeFileSync(TSICORN_EXECD, execdProgram(readFileSync(SCRIPT, 'utf8')));
chmodSync(TSICORN_EXECD, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ORDER = [NODEJS_EXECD, TSICORN_EXECD];

describe("heroku/nodejs's exec.d rule (facts from its source)", () => {
  it('parses memory as an unsigned 64-bit number: + allowed, v2 max and overflow fall back to 512', () => {
    expect(parseUnsigned('+42')).toBe(42n);
    expect(parseUnsigned('18446744073709551615')).toBe(18446744073709551615n);
    expect(parseUnsigned('18446744073709551616')).toBeNull();
    expect(parseUnsigned(' 1')).toBeNull();
    expect(nodejsMemoryMb('v2', 'max')).toBe(512);
    expect(nodejsMemoryMb('v2', null)).toBe(512);
    expect(nodejsMemoryMb('v1', '9223372036854771712')).toBe(129024);
    expect(nodejsMemoryMb('v2', String(1024 * 1048576))).toBe(1024);
    expect(nodejsMemoryMb('none', String(1024 * 1048576))).toBe(512);
  });
  it('divides by WEB_MEMORY (512, or 2048 above 16 GB), at least 1, and fails on WEB_MEMORY 0', () => {
    const gb = (n: number) => String(n * 1024 * 1048576);
    expect(nodejsExecdComputes('v2', gb(1), undefined)?.workers).toBe(2);
    expect(nodejsExecdComputes('v2', gb(30), undefined)).toMatchObject({ workers: 15, webMemoryMb: 2048n });
    expect(nodejsExecdComputes('v2', gb(1), '4096')?.workers).toBe(1);
    expect(nodejsExecdComputes('v2', gb(1), 'abc')?.workers).toBe(2);
    expect(nodejsExecdComputes('v2', gb(1), '0')).toBeNull();
  });
});

describe('Fir order over fixture trees (CNB launcher: exec.d outputs of earlier buildpacks reach later ones)', () => {
  const cases = ['standard-1x-v2', 'standard-2x-v2', 'performance-m-v2', 'performance-l-v1', 'nolimit-v2'];
  it.each(cases)(
    '%s: the table value replaces heroku/nodejs default, logged as a replacement',
    async (name) => {
      const root = join(FIXTURES, name);
      const r = await runExecd(ORDER, { PATH: '/usr/bin:/bin', DYNO: 'web.1', TSICORN_CGROUP_ROOT: root });
      expect(r.env.WEB_CONCURRENCY).toBe(String(expectedFor(name)));
      expect(r.env.WEB_CONCURRENCY_SET_BY).toBe('tsicorn');
      expect(r.stderr[1]).toMatch(
        new RegExp(
          `^tsicorn: WEB_CONCURRENCY=${expectedFor(name)}, replacing \\d+ that heroku/nodejs's exec.d computed \\(\\d+ MB / WEB_MEMORY \\d+\\)`,
        ),
      );
    },
  );
  it("keeps a user's value that differs from heroku/nodejs's rule, and says so", async () => {
    const root = join(FIXTURES, 'standard-2x-v2');
    const r = await runExecd(ORDER, {
      PATH: '/usr/bin:/bin',
      DYNO: 'web.1',
      TSICORN_CGROUP_ROOT: root,
      WEB_CONCURRENCY: '3',
    });
    expect(r.env.WEB_CONCURRENCY).toBe('3');
    expect(r.env.WEB_CONCURRENCY_SET_BY).toBeUndefined();
    expect(r.stderr[1]).toMatch(/^tsicorn: keeping WEB_CONCURRENCY=3 set by the user/);
  });
  it("cannot tell a user's value equal to heroku/nodejs's rule from its default (README: use -w)", async () => {
    const root = join(FIXTURES, 'standard-2x-v2');
    const r = await runExecd(ORDER, {
      PATH: '/usr/bin:/bin',
      TSICORN_CGROUP_ROOT: root,
      WEB_CONCURRENCY: '2',
    });
    expect(r.env.WEB_CONCURRENCY).toBe('4');
  });
  it('gives the same result as the TypeScript decision for the same environment', async () => {
    const root = join(FIXTURES, 'performance-m-v2');
    const first = await runExecd([NODEJS_EXECD], { PATH: '/usr/bin:/bin', TSICORN_CGROUP_ROOT: root });
    const { readFacts } = await import('../../lib/concurrency/facts.ts');
    expect(decide(readFacts(root, first.env)).exports.WEB_CONCURRENCY).toBe('5');
  });
});

const support = cgroupSupport();
if (support.version === null)
  console.warn(`test/concurrency/fir-order: real-cgroup part skipped (${support.why})`);
const NODE24 = join(ROOT, 'node_modules/.bin/node');

describe.skipIf(support.version === null)('Fir order in a real 1024 MB / 2-CPU memory cgroup', () => {
  function launchIn(env: Record<string, string>) {
    const cg = createCgroup(1024);
    try {
      const node = existsSync(NODE24) ? NODE24 : process.execPath;
      const vars = Object.entries({ PATH: '/usr/bin:/bin', DYNO: 'web.1', ...env }).map(
        ([k, v]) => `${k}=${v}`,
      );
      const argv = insideCgroup(cg, '0-1', [
        'env',
        '-i',
        ...vars,
        node,
        join(ROOT, 'scripts/dyno/cnb-launch.ts'),
        ...ORDER,
      ]);
      const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 20_000 });
      expect(r.status, r.stderr).toBe(0);
      return { env: JSON.parse(r.stdout) as Record<string, string>, stderr: r.stderr };
    } finally {
      cg.remove();
    }
  }
  it('heroku/nodejs exec.d first, then tsicorn: 4 workers (heroku/nodejs alone gave 2)', () => {
    const r = launchIn({});
    expect(r.env.WEB_MEMORY).toBe('512');
    expect(r.env.WEB_CONCURRENCY).toBe('4');
    expect(r.env.WEB_CONCURRENCY_SET_BY).toBe('tsicorn');
    expect(r.env.DYNO_RAM).toBe('1024');
    expect(r.stderr).toContain(
      "tsicorn: WEB_CONCURRENCY=4, replacing 2 that heroku/nodejs's exec.d computed (1024 MB / WEB_MEMORY 512)",
    );
  });
  it("a user's WEB_CONCURRENCY=3 passes through both: 3", () => {
    const r = launchIn({ WEB_CONCURRENCY: '3' });
    expect(r.env.WEB_CONCURRENCY).toBe('3');
    expect(r.env.WEB_CONCURRENCY_SET_BY).toBeUndefined();
    expect(r.stderr).toContain('tsicorn: keeping WEB_CONCURRENCY=3 set by the user (memory 1024 MB, 2 CPUs');
  });
});
