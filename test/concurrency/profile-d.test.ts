// profile.d/tsicorn.sh (shell, run at every dyno boot) against lib/concurrency (TypeScript):
// same value, same exports, same log line, for every fixture tree and every starting state.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decide } from '../../lib/concurrency/decide.ts';
import { DYNO_SIZES } from '../../lib/concurrency/dynos.ts';
import { countCpuinfoProcessors, countCpuList, readFacts } from '../../lib/concurrency/facts.ts';
import { shellcheck } from '../helpers/shellcheck.ts';
import {
  expectedFor,
  FIXTURES,
  fixtureNames,
  NODEJS_EXECD,
  NODEJS_SH,
  PYTHON_SH,
  SCRIPT,
  sourceInBash,
} from './bash.ts';

const STATES: Array<[string, Record<string, string>]> = [
  ['unset', {}],
  ['empty', { WEB_CONCURRENCY: '' }],
  ['user value', { WEB_CONCURRENCY: '3' }],
  ['heroku/nodejs default', { WEB_CONCURRENCY: '1', WEB_CONCURRENCY_SET_BY: 'heroku/nodejs' }],
  ['heroku/python default', { WEB_CONCURRENCY: '17', WEB_CONCURRENCY_SET_BY: 'heroku/python' }],
];

/** What heroku/nodejs's exec.d stand-in exports for this fixture (run, not computed). */
function nodejsExecdOutput(root: string, env: Record<string, string> = {}): Record<string, string> {
  const r = spawnSync('/bin/bash', ['-c', `'${NODEJS_EXECD}' 3>&1 >/dev/null`], {
    env: { PATH: '/usr/bin:/bin', TSICORN_CGROUP_ROOT: root, ...env },
    encoding: 'utf8',
  });
  expect(r.status).toBe(0);
  const out: Record<string, string> = {};
  for (const m of r.stdout.matchAll(/^(\w+) = "(.*)"$/gm)) out[m[1]!] = m[2]!;
  return out;
}

/** Fir states: heroku/nodejs's exec.d ran first (its default, a user's value, a user's WEB_MEMORY), and look-alikes. */
function firStates(root: string): Array<[string, Record<string, string>]> {
  const dflt = nodejsExecdOutput(root);
  const n = Number(dflt.WEB_CONCURRENCY);
  return [
    ['Fir: heroku/nodejs exec.d default', dflt],
    ['Fir: user value passed through', nodejsExecdOutput(root, { WEB_CONCURRENCY: String(n + 1) })],
    ['Fir: user WEB_MEMORY', nodejsExecdOutput(root, { WEB_MEMORY: '256' })],
    ['classic heroku/nodejs kept a user value', { ...dflt, MEMORY_AVAILABLE: '512' }],
    ['WEB_MEMORY not a plain number', { ...dflt, WEB_MEMORY: `0${dflt.WEB_MEMORY}` }],
    ['WEB_MEMORY 0', { WEB_CONCURRENCY: '1', WEB_MEMORY: '0' }],
  ];
}

describe('profile.d/tsicorn.sh agrees with the TypeScript decision', () => {
  const names = fixtureNames();
  it('has a fixture tree for every row of the dyno table, v1 and v2, with the published value', () => {
    for (const d of DYNO_SIZES) {
      for (const v of ['v1', 'v2']) {
        expect(names).toContain(`${d.name}-${v}`);
        expect(expectedFor(`${d.name}-${v}`)).toBe(d.expected);
      }
    }
  });
  it.each(names)('%s', (name) => {
    const root = join(FIXTURES, name);
    for (const [, state] of [...STATES, ...firStates(root)]) {
      for (const dyno of ['web.1', 'worker.1']) {
        const env = { ...state, DYNO: dyno };
        const ts = decide(readFacts(root, env));
        const sh = sourceInBash([SCRIPT], { ...env, TSICORN_CGROUP_ROOT: root }, { flags: '-eu' });
        expect(sh.status).toBe(0);
        expect(sh.stderr).toBe(ts.logLine === null ? '' : `${ts.logLine}\n`);
        const expectedVars: Record<string, string | undefined> = {
          ...state,
          WEB_CONCURRENCY: state.WEB_CONCURRENCY,
          WEB_CONCURRENCY_SET_BY: state.WEB_CONCURRENCY_SET_BY,
          ...ts.exports,
        };
        for (const k of Object.keys(expectedVars)) if (expectedVars[k] === undefined) delete expectedVars[k];
        expect(sh.vars).toEqual(expectedVars);
        if (ts.action !== 'keep') expect(ts.workers).toBe(expectedFor(name));
      }
    }
  });
});

describe('profile.d/tsicorn.sh is safe to source', () => {
  const root = join(FIXTURES, 'standard-2x-v1');
  it('passes shellcheck', (ctx) => {
    const r = shellcheck(ctx, ['-s', 'bash', SCRIPT]);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });
  it('runs no external command (works with an empty PATH) and contains no subshells', () => {
    const r = sourceInBash(
      [SCRIPT],
      { TSICORN_CGROUP_ROOT: root, DYNO: 'web.1' },
      { flags: '-eu', path: '/nonexistent' },
    );
    expect(r.status).toBe(0);
    expect(r.vars.WEB_CONCURRENCY).toBe('4');
    const code = readFileSync(SCRIPT, 'utf8')
      .split('\n')
      .filter((l) => !l.trim().startsWith('#'))
      .join('\n');
    expect(code).not.toMatch(/\$\((?!\()|`/);
    expect(code).not.toMatch(/\bexit\b/);
  });
  it('leaks no variables or functions beyond the exported ones, under set -eu', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsicorn-leak-'));
    try {
      const body = `set -eu
        compgen -v | sort >'${dir}/v0'; declare -F >'${dir}/f0'
        . '${SCRIPT}'
        compgen -v | sort >'${dir}/v1'; declare -F >'${dir}/f1'`;
      const r = spawnSync('/bin/bash', ['--norc', '--noprofile', '-c', body], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { PATH: '/usr/bin:/bin', TSICORN_CGROUP_ROOT: root },
        encoding: 'utf8',
      });
      expect(r.status).toBe(0);
      const v0 = new Set(readFileSync(join(dir, 'v0'), 'utf8').split('\n'));
      const added = readFileSync(join(dir, 'v1'), 'utf8')
        .split('\n')
        .filter((v) => !v0.has(v) && v !== '_');
      expect(added.sort()).toEqual(['DYNO_RAM', 'WEB_CONCURRENCY', 'WEB_CONCURRENCY_SET_BY']);
      expect(readFileSync(join(dir, 'f1'), 'utf8')).toBe(readFileSync(join(dir, 'f0'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('follows OMP_NUM_THREADS like nproc does', () => {
    const env = { TSICORN_CGROUP_ROOT: join(FIXTURES, 'performance-l-v2'), OMP_NUM_THREADS: '2' };
    const r = sourceInBash([SCRIPT], env, { flags: '-eu' });
    expect(r.vars.WEB_CONCURRENCY).toBe('5');
    expect(decide(readFacts(env.TSICORN_CGROUP_ROOT, env)).workers).toBe(5);
  });
});

describe('order with heroku/nodejs and heroku/python scripts does not matter', () => {
  const cases = ['standard-1x-v1', 'performance-m-v1', 'performance-m-v2', 'nolimit-v2'];
  const others: Array<[string, string]> = [
    ['heroku/nodejs', NODEJS_SH],
    ['heroku/python', PYTHON_SH],
  ];
  for (const name of cases) {
    for (const [other, script] of others) {
      for (const [label, state] of STATES.slice(0, 3)) {
        it(`${name}, ${other}, WEB_CONCURRENCY ${label}`, () => {
          const env = { ...state, TSICORN_CGROUP_ROOT: join(FIXTURES, name), DYNO: 'web.1' };
          const before = sourceInBash([script, SCRIPT], env);
          const after = sourceInBash([SCRIPT, script], env);
          expect(before.status).toBe(0);
          expect(after.status).toBe(0);
          const pick = (v: Record<string, string | undefined>) => [
            v.WEB_CONCURRENCY,
            v.WEB_CONCURRENCY_SET_BY,
          ];
          expect(pick(before.vars)).toEqual(pick(after.vars));
          const want = label === 'user value' ? '3' : String(expectedFor(name));
          expect(before.vars.WEB_CONCURRENCY).toBe(want);
        });
      }
    }
  }
});

describe('fixture roots that fake only part of a dyno', () => {
  const makeRoot = (files: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'tsicorn-partial-root-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  };
  const agree = (root: string) => {
    const env = { DYNO: 'web.1' };
    const ts = decide(readFacts(root, env));
    const sh = sourceInBash([SCRIPT], { ...env, TSICORN_CGROUP_ROOT: root }, { flags: '-eu' });
    expect(sh.status).toBe(0);
    expect(sh.stderr).toBe(`${ts.logLine}\n`);
    expect(sh.vars.WEB_CONCURRENCY).toBe(String(ts.workers));
    return ts.workers;
  };

  it('without proc/self/status, CPUs are what nproc says on this machine (cgroup files only)', () => {
    const root = makeRoot({
      'sys/fs/cgroup/cgroup.controllers': 'cpu memory\n',
      'sys/fs/cgroup/memory.max': `${1024 * 1048576}\n`,
    });
    const status = readFileSync('/proc/self/status', 'utf8');
    const cpus = countCpuList(/Cpus_allowed_list:\s*(\S+)/.exec(status)![1]!)!;
    expect(agree(root)).toBe(Math.min(4, 2 * cpus + 1));
    rmSync(root, { recursive: true, force: true });
  });

  it('a fake proc/cpuinfo gives the CPU count (8 processors, Performance-L memory: 17)', () => {
    const cpuinfo = Array.from({ length: 8 }, (_, i) => `processor\t: ${i}\nmodel name\t: fake\n`).join('\n');
    const root = makeRoot({
      'sys/fs/cgroup/memory/memory.limit_in_bytes': `${14336 * 1048576}\n`,
      'proc/cpuinfo': cpuinfo,
    });
    expect(agree(root)).toBe(17);
    expect(countCpuinfoProcessors(cpuinfo)).toBe(8);
    rmSync(root, { recursive: true, force: true });
  });
});
