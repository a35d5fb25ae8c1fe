// The real bundle (dist/tsicorn.mjs, run `npm run build` first) under the pinned Node 24 and the system Node.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, spawnTsicorn, systemNode, TEST_NODE } from '../helpers/proc.ts';

const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
const sys = systemNode();
const NODES: Array<[string, string]> = [['node 24 (node_modules)', TEST_NODE]];
if (sys) NODES.push([`system node (${sys})`, sys]);
else console.warn('no system node on PATH outside node_modules: CLI tests run under the pinned Node only');

const dirs: string[] = [];
function dir(files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'tsicorn-cli-'));
  dirs.push(d);
  for (const [n, t] of Object.entries(files)) writeFileSync(join(d, n), t);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function run(
  node: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined> } = {},
) {
  // A clean slate: the developer's own PORT/WEB_CONCURRENCY/DYNO must not leak into expectations.
  const env = {
    WEB_CONCURRENCY: undefined,
    PORT: undefined,
    DYNO: undefined,
    TSICORN_CMD_ARGS: undefined,
    ...opts.env,
  };
  const p = spawnTsicorn(args, { node, cwd: opts.cwd ?? dir(), env });
  const code = await p.exited(30_000);
  return { code, out: p.stdout(), err: p.stderr() };
}

/** `name = value  # source` lines of --print-config as a map. */
function printed(out: string): Record<string, { value: string; source: string }> {
  const m: Record<string, { value: string; source: string }> = {};
  for (const line of out.trim().split('\n')) {
    const r = /^(\S+)\s+= (.*?)\s+# (.*)$/.exec(line);
    if (r) m[r[1]!] = { value: r[2]!, source: r[3]! };
  }
  return m;
}

const nodeMajor = (node: string) =>
  Number(/^v(\d+)/.exec(execFileSync(node, ['--version'], { encoding: 'utf8' }))![1]);

describe.each(NODES)('tsicorn CLI under %s', (_name, node) => {
  it('--version prints the package version', async () => {
    const r = await run(node, ['--version']);
    expect(r).toMatchObject({ code: 0, out: `tsicorn ${VERSION}\n` });
  });

  it('--help lists usage, settings and actions', async () => {
    const r = await run(node, ['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: tsicorn [OPTIONS] MODULE[:EXPORT]');
    for (const f of [
      '-w, --workers INT',
      '-b, --bind ADDRESS',
      '--graceful-timeout',
      '--access-logformat',
      '--check-config',
      'on_starting',
    ])
      expect(r.out).toContain(f);
  });

  it('--print-config shows every value and where it came from', async () => {
    const cwd = dir({ 'tsicorn.config.json': '{"timeout": 12, "accesslog": "-"}' });
    const r = await run(node, ['--print-config', '-b', '127.0.0.1:9', 'app'], {
      cwd,
      env: { WEB_CONCURRENCY: '3', DYNO: 'web.1', TSICORN_CMD_ARGS: "--log-level debug --name 'my app'" },
    });
    expect(r.code, r.err).toBe(0);
    const p = printed(r.out);
    expect(p.workers).toEqual({ value: '3', source: 'env: WEB_CONCURRENCY=3' });
    expect(p.bind).toEqual({ value: '["127.0.0.1:9"]', source: 'cli: -b' });
    expect(p.timeout!.source).toBe('config-file: tsicorn.config.json (timeout)');
    expect(p.loglevel).toEqual({ value: '"debug"', source: 'TSICORN_CMD_ARGS: --log-level' });
    expect(p.proc_name!.value).toBe('"my app"');
    expect(p.graceful_timeout!.value).toBe('25');
    expect(p.keepalive).toEqual({
      value: '95',
      source: "env: DYNO=web.1 (Heroku's router reuses idle connections for up to 90 s)",
    });
    const local = printed((await run(node, ['--print-config', 'app'], { cwd, env: { DYNO: '' } })).out);
    expect(local.keepalive).toEqual({ value: '5', source: 'default' });
  });

  it.each([
    [['--wokers', '2', 'app'], {}, /^Error: unknown option --wokers\. Did you mean --workers\?/],
    [
      ['app'],
      { WEB_CONCURRENCY: 'lots' },
      /^Error: WEB_CONCURRENCY="lots" is not a whole number; .*1 to 1000/,
    ],
    [['-w', '0', 'app'], {}, /^Error: -w: 0 is invalid: must be from 1 to 1000/],
    [[], {}, /^Error: no app given\. Usage: tsicorn/],
    [['app'], { TSICORN_CMD_ARGS: '--name "x' }, /^Error: TSICORN_CMD_ARGS: unterminated " quote/],
  ])('usage error %j exits 1 with a clear message', async (args, env, re) => {
    const r = await run(node, args, { env });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(re);
    expect(r.out).toBe('');
  });

  it('no app given in a directory whose package.json names a main: the usage error offers it', async () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'package.json'), JSON.stringify({ name: 'x', main: 'dist/main.js' }));
    const r = await run(node, [], { cwd });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Error: no app given\. Usage: tsicorn/);
    expect(r.err).toMatch(
      /the buildpack's default web process would run: tsicorn dist\/main\.js \(package\.json "main"/,
    );
  });

  describe('config file types', () => {
    const hook = 'on_starting(arbiter) { return arbiter; }';
    const cases: Array<[string, Record<string, string>, boolean]> = [
      ['tsicorn.config.json', { 'tsicorn.config.json': '{"workers": 4, "graceful_timeout": 9}' }, false],
      [
        'tsicorn.config.mjs',
        { 'tsicorn.config.mjs': `export default { workers: 4, gracefulTimeout: 9, ${hook} };` },
        false,
      ],
      [
        'tsicorn.config.mjs (named exports)',
        {
          'tsicorn.config.mjs': `export const workers = 4;\nexport const graceful_timeout = 9;\nexport function on_starting() {}`,
        },
        false,
      ],
      [
        'tsicorn.config.cjs',
        { 'tsicorn.config.cjs': `module.exports = { workers: 4, graceful_timeout: 9, ${hook} };` },
        false,
      ],
      [
        'tsicorn.config.js (CommonJS)',
        { 'tsicorn.config.js': `module.exports = { workers: 4, graceful_timeout: 9, ${hook} };` },
        false,
      ],
      [
        'tsicorn.config.js (type: module)',
        {
          'package.json': '{"type": "module"}',
          'tsicorn.config.js': `export default { workers: 4, graceful_timeout: 9, ${hook} };`,
        },
        false,
      ],
      [
        'tsicorn.config.ts',
        {
          'tsicorn.config.ts': `const workers: number = 4;\nexport default { workers, graceful_timeout: 9, ${hook} };`,
        },
        true,
      ],
      [
        'tsicorn.config.mts',
        { 'tsicorn.config.mts': `export default { workers: 4 as number, graceful_timeout: 9, ${hook} };` },
        true,
      ],
    ];
    it.each(cases)('%s', async (_label, files, typescript) => {
      const cwd = dir(files);
      const r = await run(node, ['--print-config', 'app'], { cwd });
      if (typescript && nodeMajor(node) < 22) {
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/cannot run TypeScript without a build step.*Node 22\.18\+ or 24/);
        return;
      }
      expect(r.code, r.err).toBe(0);
      const p = printed(r.out);
      expect(p.workers!.value).toBe('4');
      expect(p.workers!.source).toMatch(/^config-file: tsicorn\.config\.\w+ \(workers\)$/);
      expect(p.graceful_timeout!.value).toBe('9');
      if (!files['tsicorn.config.json']) expect(p.on_starting?.value).toBe('<function>');
    });

    it('a config file that throws is reported with its error', async () => {
      const cwd = dir({ 'tsicorn.config.mjs': 'throw new Error("no secrets here");' });
      const r = await run(node, ['app'], { cwd });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /^Error: config file tsicorn\.config\.mjs failed to load at tsicorn\.config\.mjs:1:7:/,
      );
      expect(r.err).toContain('no secrets here');
    });

    it.each([
      [
        'ESM, throws',
        'tsicorn.config.mjs',
        'export default {\n  workers: 2,\n};\nthrow new Error("boom");\n',
        /at tsicorn\.config\.mjs:4:7:\nError: boom\n/,
      ],
      [
        'ESM, syntax error',
        'tsicorn.config.mjs',
        'export default {\n  workers: 2\n  oops: 1,\n};\n',
        /at tsicorn\.config\.mjs:3:\n {2}oops: 1,\n {2}\^+\nSyntaxError: /,
      ],
      [
        'ESM, imports a module with a syntax error',
        'tsicorn.config.mjs',
        'import "./broken.mjs";\nexport default {};\n',
        /at \/\S+\/broken\.mjs:2:\n/,
      ],
      [
        'CommonJS, throws',
        'tsicorn.config.cjs',
        'module.exports = {\n  x: nope(),\n};\n',
        /at tsicorn\.config\.cjs:2:6:\nReferenceError: nope is not defined/,
      ],
      [
        'CommonJS, syntax error',
        'tsicorn.config.cjs',
        'module.exports = {\n  workers: 2\n  oops: 1,\n};\n',
        /at tsicorn\.config\.cjs:3:\n {2}oops: 1,/,
      ],
    ])("%s: the message names file and line, without tsicorn's own frames", async (_l, name, text, re) => {
      const cwd = dir({ [name]: text, 'broken.mjs': 'export const a = 1;\nexport const = 2;\n' });
      const r = await run(node, ['app'], { cwd });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(new RegExp(`^Error: config file ${name.replace('.', '\\.')} failed to load at `));
      expect(r.err).toMatch(re);
      expect(r.err).not.toMatch(/tsicorn-load|node:internal|loadConfigObject/);
      expect(r.err).not.toMatch(/Booting worker/);
    });

    it('an unknown key gets a did-you-mean', async () => {
      const cwd = dir({ 'tsicorn.config.cjs': 'module.exports = { max_request: 5 };' });
      const r = await run(node, ['app'], { cwd });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /^Error: tsicorn\.config\.cjs: unknown setting "max_request"\. Did you mean "max_requests"\?/,
      );
    });
  });

  describe('--check-config', () => {
    const apps = join(ROOT, 'fixtures/apps');
    it('passes a good app', async () => {
      const r = await run(node, ['--check-config', 'plain-listener/app'], { cwd: apps });
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/App OK/);
    });
    it('fails a throwing app with its error', async () => {
      const r = await run(node, ['--check-config', 'throws-at-import/app'], { cwd: apps });
      expect(r.code).toBe(1);
      expect(r.err).toContain('fixture throws at import');
    });
    it('fails a missing app, saying what was tried', async () => {
      const r = await run(node, ['--check-config', 'no-such-app'], { cwd: apps });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/no-such-app/);
    });
    it('fails bad settings before loading anything', async () => {
      const r = await run(node, ['--check-config', '--timeout', 'soon', 'plain-listener/app'], { cwd: apps });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^Error: --timeout: "soon" is not a whole number/);
    });
  });
});
