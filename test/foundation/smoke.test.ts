// The bundled CLI must serve on every Node it supports: the pinned Node 24 that runs the tests
// and the system Node (20 on this machine) that a plain `git clone` user has.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleDir, stageShipped } from '../helpers/bundles.ts';
import { prerequisite } from '../helpers/prereq.ts';
import { CLI, freePort, ROOT, request, spawnTsicorn, systemNode, TEST_NODE } from '../helpers/proc.ts';

const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
  version: string;
  engines: { node: string };
};
const sysNode = systemNode();

const version = (bin: string) => execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
const nodes: Array<[string, string]> = [['pinned', TEST_NODE]];
if (sysNode && version(sysNode) !== version(TEST_NODE)) nodes.push(['system', sysNode]);
const oldestMajor = Number(/^>=\s*(\d+)/.exec(pkg.engines.node)?.[1]);

describe('smoke', () => {
  it('tests with two Node versions, the system one the oldest supported (CI: Node 20 on PATH, Node 24 pinned)', (ctx) => {
    prerequisite(
      ctx,
      nodes.length === 2
        ? null
        : `no system Node other than ${version(TEST_NODE)} on PATH: the server runs on one Node only`,
    );
    const [pinned, system] = nodes.map(([, bin]) => version(bin)) as [string, string];
    expect(pinned).not.toBe(system);
    expect(Number(system.slice(1).split('.')[0]), `system Node ${system}`).toBe(oldestMajor);
  });

  it.each(nodes)('bin/tsicorn --version works with the %s Node alone', (_name, bin) => {
    const dir = bin.slice(0, bin.lastIndexOf('/'));
    const shipped = stageShipped(mkdtempSync(join(tmpdir(), 'tsicorn-shipped-')));
    const out = execFileSync(join(shipped, 'bin/tsicorn'), ['--version'], {
      encoding: 'utf8',
      env: { PATH: `${dir}:/usr/bin:/bin` },
    });
    rmSync(shipped, { recursive: true, force: true });
    expect(out.trim()).toBe(`tsicorn ${pkg.version}`);
  });

  it('bin/tsicorn finds its bundle however it is invoked: by path, as an npm .bin symlink, as `sh tsicorn`', () => {
    const dir = TEST_NODE.slice(0, TEST_NODE.lastIndexOf('/'));
    const root = mkdtempSync(join(tmpdir(), 'tsicorn-shim-'));
    const shipped = stageShipped(join(root, 'node_modules/tsicorn'));
    // npm's layout: a relative symlink in node_modules/.bin, run from elsewhere.
    mkdirSync(join(root, 'node_modules/.bin'));
    symlinkSync('../tsicorn/bin/tsicorn', join(root, 'node_modules/.bin/tsicorn'));
    const env = { PATH: `${dir}:/usr/bin:/bin` };
    const runs = [
      execFileSync(join(shipped, 'bin/tsicorn'), ['--version'], { encoding: 'utf8', env, cwd: '/' }),
      execFileSync(join(root, 'node_modules/.bin/tsicorn'), ['--version'], {
        encoding: 'utf8',
        env,
        cwd: '/',
      }),
      execFileSync('tsicorn', ['--version'], {
        encoding: 'utf8',
        env: { PATH: `${join(root, 'node_modules/.bin')}:${env.PATH}` },
        cwd: '/',
      }),
      execFileSync('/bin/sh', ['tsicorn', '--version'], { encoding: 'utf8', env, cwd: join(shipped, 'bin') }),
    ];
    rmSync(root, { recursive: true, force: true });
    expect(runs.map((o) => o.trim())).toEqual(Array(4).fill(`tsicorn ${pkg.version}`));
  });

  it.each(nodes)('the bundled CLI serves a tiny app with 2 workers on the %s Node', async (_name, bin) => {
    const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
    const port = await freePort();
    const p = spawnTsicorn(['app', '-w', '2', '-b', `127.0.0.1:${port}`], {
      cwd: `${ROOT}fixtures/apps/arbiter`,
      node: bin,
    });
    await p.waitFor(/All 2 worker\(s\) ready/);
    expect(p.output()).toContain(`(Node ${version})`);
    const res = await request(`http://127.0.0.1:${port}/`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).pid).toBeGreaterThan(0);
    p.signal('SIGTERM');
    expect(await p.exited()).toBe(0);
  });
});

describe('committed bundles', () => {
  it('dist/ matches a fresh build of the sources (run `npm run build` and commit when this fails)', () => {
    const out = execFileSync(TEST_NODE, [`${ROOT}scripts/build.mjs`, '--check'], { encoding: 'utf8' });
    expect(out).toMatch(/dist\/ is up to date/);
  });

  it("the tests run this run's build of the sources, not the committed dist/", () => {
    expect(CLI).toBe(join(bundleDir(), 'tsicorn.mjs'));
    expect(CLI.startsWith(join(ROOT, 'dist'))).toBe(false);
  });

  it('the build is reproducible: two builds into fresh directories give identical bytes', () => {
    // a: this run's build (test/setup/bundles.ts); b: another one now.
    const a = bundleDir();
    const b = mkdtempSync(join(tmpdir(), 'tsicorn-build-b-'));
    execFileSync(TEST_NODE, [`${ROOT}scripts/build.mjs`, '--out', b]);
    const files = readdirSync(a).sort();
    expect(files.length).toBeGreaterThan(0);
    expect(readdirSync(b).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    rmSync(b, { recursive: true, force: true });
  });
});
