// Cloud Native Buildpack: bin/build emulated per the spec (API 0.10): CNB_LAYERS_DIR, app dir as
// cwd, node on PATH; then the launch layer, launch.toml, and the exec.d program writing TOML to fd 3.
import { readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { runExecdProgram } from '../../scripts/dyno/cnb-launch.ts';
import { bundleDir } from '../helpers/bundles.ts';
import { ROOT, systemNode } from '../helpers/proc.ts';
import { shellcheck } from '../helpers/shellcheck.ts';
import { appDir, run, stageBuildpack, tempDir } from './stage.ts';

const NODE = systemNode() ?? process.execPath;

function cnbBuild(files: string | Record<string, string>) {
  const bp = stageBuildpack();
  const app = appDir(files);
  const layers = tempDir();
  const bin = tempDir();
  symlinkSync(NODE, join(bin, 'node'));
  const r = run('/bin/bash', [join(bp, 'bin/build')], {
    cwd: app,
    env: {
      PATH: `${bin}:/usr/bin:/bin`,
      CNB_LAYERS_DIR: layers,
      CNB_PLATFORM_DIR: tempDir(),
      CNB_BP_PLAN_PATH: join(tempDir(), 'plan.toml'),
    },
  });
  return { r, layers, app };
}

/** Run an exec.d program as the launcher does: its fd 3 is a pipe the launcher reads TOML from. */
async function execd(program: string, env: Record<string, string>) {
  const { code, toml, stderr } = await runExecdProgram(program, { PATH: '/usr/bin:/bin', ...env });
  return { code, fd3: toml, stderr };
}

describe('CNB bin/build', () => {
  it('writes the launch layer, launch.toml and an exec.d program', async () => {
    const { r, layers } = cnbBuild('demo');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('-----> tsicorn buildpack 0.1.0 (CNB)');
    expect(parse(readFileSync(join(layers, 'tsicorn.toml'), 'utf8'))).toEqual({
      types: { launch: true, build: false, cache: false },
      metadata: { version: '0.1.0' },
    });
    expect(readFileSync(join(layers, 'tsicorn/dist/tsicorn.mjs'))).toEqual(
      readFileSync(join(bundleDir(), 'tsicorn.mjs')),
    );
    expect(statSync(join(layers, 'tsicorn/bin/tsicorn')).mode & 0o111).toBe(0o111);
    // The layer alone runs every subcommand: `tsicorn doctor` imports its own bundle from beside the CLI's.
    const nodeBin = tempDir();
    symlinkSync(NODE, join(nodeBin, 'node'));
    const doctor = run(join(layers, 'tsicorn/bin/tsicorn'), ['doctor', '--json'], {
      env: {
        PATH: `${nodeBin}:/usr/bin:/bin`,
        TSICORN_CGROUP_ROOT: join(ROOT, 'fixtures/cgroups/performance-m-v2'),
      },
    });
    expect(doctor.stderr).toBe('');
    expect(doctor.status).toBe(0);
    expect(JSON.parse(doctor.stdout)).toMatchObject({ dynoType: 'performance-m' });
    expect(parse(readFileSync(join(layers, 'launch.toml'), 'utf8'))).toEqual({
      processes: [{ type: 'web', command: ['bash'], args: ['-c', 'tsicorn app.js'], default: true }],
    });
    const program = join(layers, 'tsicorn/exec.d/web-concurrency');
    expect(statSync(program).mode & 0o111).toBe(0o111);

    const fixture = join(ROOT, 'fixtures/cgroups/performance-m-v2');
    const out = await execd(program, { TSICORN_CGROUP_ROOT: fixture, DYNO: 'web.1' });
    expect(out.code).toBe(0);
    expect(out.fd3).toBe('WEB_CONCURRENCY = "5"\nWEB_CONCURRENCY_SET_BY = "tsicorn"\nDYNO_RAM = "2560"\n');
    expect(out.stderr).toMatch(/^tsicorn: WEB_CONCURRENCY=5 \(memory 2560 MB, 2 CPUs, cgroup v2/);

    const user = await execd(program, {
      TSICORN_CGROUP_ROOT: fixture,
      WEB_CONCURRENCY: '7',
      DYNO: 'worker.1',
    });
    expect(user).toEqual({ code: 0, fd3: '', stderr: '' });
    const other = await execd(program, {
      TSICORN_CGROUP_ROOT: join(ROOT, 'fixtures/cgroups/performance-2xl-v2'),
      WEB_CONCURRENCY: '1',
      WEB_CONCURRENCY_SET_BY: 'heroku/nodejs',
    });
    expect(other.fd3).toContain('WEB_CONCURRENCY = "33"\n');
  });

  it('the exec.d program it writes passes shellcheck', (ctx) => {
    const { r, layers } = cnbBuild('demo');
    expect(r.status).toBe(0);
    const sc = shellcheck(ctx, [join(layers, 'tsicorn/exec.d/web-concurrency')]);
    expect(sc.output).toBe('');
    expect(sc.status).toBe(0);
  });

  it('uses package.json main without a Procfile', () => {
    const { r, layers } = cnbBuild({
      'package.json': '{"main":"server.mjs","dependencies":{"tsicorn":"*"}}',
    });
    expect(r.status).toBe(0);
    expect(parse(readFileSync(join(layers, 'launch.toml'), 'utf8'))).toEqual({
      processes: [{ type: 'web', command: ['tsicorn'], args: ['server.mjs'], default: true }],
    });
  });

  it('fails clearly without any web entry', () => {
    const { r } = cnbBuild({ 'tsicorn.config.json': '{}' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^ ! {5}no web process: .* has no Procfile web line/);
  });
});

describe('buildpack.toml', () => {
  it('carries CNB API 0.10 and the package version, and publishes what the buildpack runs', () => {
    const toml = readFileSync(join(ROOT, 'buildpack.toml'), 'utf8');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(toml).toMatch(/^api = "0\.10"$/m);
    expect(toml).toMatch(/^id = "tsicorn\/tsicorn"$/m);
    expect(toml).toContain(`version = "${pkg.version}"`);
    expect(toml).toMatch(/\[\[targets\]\]\nos = "linux"/);
    const ignored = toml.split('[publish.Ignore]')[1]!;
    for (const needed of ['bin/', 'dist/', 'profile.d/', 'package.json', 'buildpack.toml']) {
      expect(ignored).not.toContain(`"${needed}"`);
    }
  });
});
