// bin/compile and bin/release from a staged copy of the buildpack, on real app dirs.
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceInBash } from '../concurrency/bash.ts';
import { isRoot, ROOT, systemNode } from '../helpers/proc.ts';
import { shellcheck } from '../helpers/shellcheck.ts';
import { appDir, run, stageBuildpack, tempDir, treeHash } from './stage.ts';

const NODE = systemNode() ?? process.execPath;

/** What heroku/nodejs leaves behind: node in .heroku/node/bin. */
function withHerokuNode(app: string): string {
  mkdirSync(join(app, '.heroku/node/bin'), { recursive: true });
  symlinkSync(NODE, join(app, '.heroku/node/bin/node'));
  return app;
}

function compile(bp: string, app: string, env: Record<string, string> = {}) {
  const cache = tempDir();
  const envDir = tempDir();
  return run('/bin/bash', [join(bp, 'bin/compile'), app, cache, envDir], {
    env: { PATH: '/nonexistent', ...env },
  });
}

describe('bin/compile', () => {
  it('installs the bundled runtime and the sizing script, using heroku/nodejs’s node', () => {
    const bp = stageBuildpack();
    const app = withHerokuNode(appDir('demo'));
    const r = compile(bp, app);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^-----> tsicorn buildpack 0\.1\.0\n {6}Node v\d+/);
    expect(r.stdout).toContain('-----> Installing tsicorn 0.1.0 into .tsicorn/');
    expect(r.stdout).toContain('      Procfile web: tsicorn app.js');
    for (const f of ['bin/tsicorn', 'dist/tsicorn.mjs', 'dist/tsicorn-doctor.mjs', 'package.json']) {
      expect(readFileSync(join(app, '.tsicorn', f))).toEqual(readFileSync(join(bp, f)));
    }
    // Every subcommand runs from the installed copy alone (`heroku run tsicorn doctor`): the doctor
    // is a bundle of its own that the CLI imports from beside it.
    const doctor = run(join(app, '.tsicorn/bin/tsicorn'), ['doctor', '--json'], {
      env: {
        PATH: `${join(app, '.heroku/node/bin')}:/usr/bin:/bin`,
        TSICORN_CGROUP_ROOT: join(ROOT, 'fixtures/cgroups/standard-2x-v2'),
      },
    });
    expect(doctor.stderr).toBe('');
    expect(doctor.status).toBe(0);
    expect(JSON.parse(doctor.stdout)).toMatchObject({ workers: 4 });
    // The slug's profile.d puts the copy on PATH and sizes WEB_CONCURRENCY.
    const script = join(app, '.profile.d/tsicorn.sh');
    const sh = sourceInBash([script], {
      HOME: app,
      DYNO: 'web.1',
      TSICORN_CGROUP_ROOT: join(ROOT, 'fixtures/cgroups/standard-2x-v2'),
    });
    expect(sh.vars.WEB_CONCURRENCY).toBe('4');
    const p = run('/bin/bash', ['--norc', '-c', `. '${script}' 2>/dev/null; command -v tsicorn`], {
      env: { HOME: app, PATH: '/usr/bin:/bin' },
    });
    expect(p.stdout.trim()).toBe(join(app, '.tsicorn/bin/tsicorn'));
    expect(readFileSync(join(bp, 'export'), 'utf8')).toBe(
      `export PATH="${join(app, '.tsicorn/bin')}:$PATH"\n`,
    );
  });

  it.for([
    ['bundled runtime', false],
    ["app's own tsicorn", true],
  ] as const)('the .profile.d/tsicorn.sh it writes (%s) passes shellcheck', ([, own], ctx) => {
    const check = (script: string) => shellcheck(ctx, ['-s', 'bash', script]);
    const bp = stageBuildpack();
    const app = withHerokuNode(appDir('demo'));
    if (own) {
      mkdirSync(join(app, 'node_modules/tsicorn'), { recursive: true });
      writeFileSync(join(app, 'node_modules/tsicorn/package.json'), '{"name":"tsicorn","version":"9.8.7"}');
    }
    expect(compile(bp, app).status).toBe(0);
    const r = check(join(app, '.profile.d/tsicorn.sh'));
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  it("uses the app's own node_modules/tsicorn and logs its version", () => {
    const bp = stageBuildpack();
    const app = withHerokuNode(appDir('demo'));
    mkdirSync(join(app, 'node_modules/tsicorn'), { recursive: true });
    writeFileSync(join(app, 'node_modules/tsicorn/package.json'), '{"name":"tsicorn","version":"9.8.7"}');
    const r = compile(bp, app);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("-----> Using the app's tsicorn 9.8.7 from node_modules/tsicorn");
    expect(existsSync(join(app, '.tsicorn'))).toBe(false);
    expect(readFileSync(join(app, '.profile.d/tsicorn.sh'), 'utf8')).toContain(
      'export PATH="$HOME/node_modules/.bin:$PATH"',
    );
  });

  it('reports a WEB_CONCURRENCY config var from ENV_DIR without exporting it', () => {
    const bp = stageBuildpack();
    const app = withHerokuNode(appDir('demo'));
    const envDir = tempDir();
    writeFileSync(join(envDir, 'WEB_CONCURRENCY'), '6');
    const r = run('/bin/bash', [join(bp, 'bin/compile'), app, tempDir(), envDir], {
      env: { PATH: '/nonexistent' },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('      config var WEB_CONCURRENCY=6 is set: dynos will keep it');
    expect(readFileSync(join(bp, 'export'), 'utf8')).not.toContain('WEB_CONCURRENCY');
  });

  it('falls back to node on PATH', () => {
    const bp = stageBuildpack();
    const app = appDir('demo');
    const bin = tempDir();
    symlinkSync(NODE, join(bin, 'node'));
    const r = compile(bp, app, { PATH: bin });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Installing tsicorn');
  });
});

describe('bin/compile with bad inputs: clear error, exit 1, build dir unchanged', () => {
  const cases: Array<[string, (app: string) => void, RegExp]> = [
    [
      'invalid package.json',
      (app) => writeFileSync(join(app, 'package.json'), '{"main": "app.js",}'),
      /package\.json is not valid JSON/,
    ],
    [
      'package.json that is not an object',
      (app) => writeFileSync(join(app, 'package.json'), '[1]'),
      /package\.json must hold a JSON object/,
    ],
    [
      'unreadable package.json (a directory)',
      (app) => {
        // Root reads any file whatever its mode; a directory in its place is unreadable for everyone.
        const p = join(app, 'package.json');
        run('rm', [p]);
        mkdirSync(p);
      },
      /cannot read .*package\.json: it is a directory/,
    ],
    [
      'unreadable Procfile (a directory)',
      (app) => {
        run('rm', [join(app, 'Procfile')]);
        mkdirSync(join(app, 'Procfile'));
      },
      /cannot read .*Procfile: it is a directory/,
    ],
    [
      'invalid node_modules/tsicorn/package.json',
      (app) => {
        mkdirSync(join(app, 'node_modules/tsicorn'), { recursive: true });
        writeFileSync(join(app, 'node_modules/tsicorn/package.json'), 'nope');
      },
      /node_modules\/tsicorn\/package\.json is not valid JSON/,
    ],
  ];
  it.each(cases)('%s', (_l, breakIt, message) => {
    const bp = stageBuildpack();
    const app = withHerokuNode(appDir('demo'));
    breakIt(app);
    const before = treeHash(app);
    const r = compile(bp, app);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^ ! {5}/);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(app);
    expect(treeHash(app)).toBe(before);
    expect(existsSync(join(bp, 'export'))).toBe(false);
  });

  if (isRoot())
    console.warn('compile.test: root reads mode-000 files; the chmod 000 case runs only as a normal user');
  it.skipIf(isRoot())('unreadable package.json (mode 000, as a normal user)', () => {
    const bp = stageBuildpack();
    const app = withHerokuNode(appDir('demo'));
    chmodSync(join(app, 'package.json'), 0);
    const before = treeHash(app);
    const r = compile(bp, app);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot read .*package\.json: permission denied/);
    expect(treeHash(app)).toBe(before);
  });

  it('missing BUILD_DIR', () => {
    const bp = stageBuildpack();
    const bin = tempDir();
    symlinkSync(NODE, join(bin, 'node'));
    const r = compile(bp, '/nonexistent/build', { PATH: bin });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^ ! {5}BUILD_DIR \/nonexistent\/build does not exist\./);
  });

  it('no node anywhere: says exactly how to fix it', () => {
    const bp = stageBuildpack();
    const app = appDir('demo');
    const before = treeHash(app);
    const r = compile(bp, app);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(' !     tsicorn needs Node.js to build, but found none in');
    expect(r.stderr).toContain(' !       heroku buildpacks:add --index 1 heroku/nodejs');
    expect(r.stdout).toBe('');
    expect(treeHash(app)).toBe(before);
  });
});

describe('bin/release', () => {
  const release = (files: Record<string, string>) => {
    const bp = stageBuildpack();
    const bin = tempDir();
    symlinkSync(NODE, join(bin, 'node'));
    return run('/bin/bash', [join(bp, 'bin/release'), appDir(files)], { env: { PATH: bin } });
  };
  it('uses package.json main', () => {
    const r = release({ 'package.json': '{"main": "src/server.js"}' });
    expect(r).toMatchObject({
      status: 0,
      stdout: '---\ndefault_process_types:\n  web: "tsicorn src/server.js"\n',
    });
  });
  it('falls back to app/index/server files', () => {
    expect(release({ 'package.json': '{}', 'server.ts': '', 'index.mjs': '' }).stdout).toContain(
      'web: "tsicorn index.mjs"',
    );
    expect(release({ 'app.js': '' }).stdout).toContain('web: "tsicorn app.js"');
  });
  it('prints no process types when there is no entry', () => {
    expect(release({ 'README.md': '' })).toMatchObject({ status: 0, stdout: '---\n{}\n' });
  });
  it('fails clearly on invalid package.json', () => {
    const r = release({ 'package.json': '{' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^ ! {5}.*package\.json is not valid JSON/);
  });
});
