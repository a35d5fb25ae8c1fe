// The buildpack's own costs: sourcing the .profile.d sizing script at dyno boot, timed with
// hyperfine against the least a script could do (`bash -c 'nproc; cat <memory limit file>'`), and
// the classic bin/compile of a small app, from a staged copy of the buildpack.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTracked } from './servers.mjs';

/** The memory limit file under a cgroup root ('' for this machine): v2, else v1, or null. */
export function limitFile(cgroupRoot = '') {
  for (const f of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes'])
    if (existsSync(cgroupRoot + f)) return cgroupRoot + f;
  return null;
}

export function hasHyperfine() {
  return spawnSync('hyperfine', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Where the scripts are timed. A dyno: the standard-2x fixture tree (1 GB limit, cgroup v1, what
 * the scripts read on Heroku; TSICORN_CGROUP_ROOT points every script at it); the goal is judged
 * here. This machine: its own cgroup, whatever limit it has (often none, a shorter path).
 */
export function shellSettings(root) {
  const dyno = join(root, 'fixtures/cgroups/standard-2x-v1');
  return [
    { id: 'dyno', label: 'standard-2x dyno (fixtures/cgroups/standard-2x-v1)', cgroupRoot: dyno },
    { id: 'machine', label: "this machine's cgroup", cgroupRoot: '' },
  ];
}

/**
 * The scripts to time in one setting. The project's stand-ins for what heroku/nodejs and
 * heroku/python put in .profile.d (written from their documented behaviour, in lib/dyno/emulate or
 * scripts/dyno/emulate) are timed too when present, as a reference for what sizing costs elsewhere.
 */
export function shellCommands(root, limit) {
  const cmds = [
    {
      id: 'baseline',
      // The fixture's path shown from the repository root, the machine's as it is.
      label: `bash -c 'nproc; cat ${limit.startsWith(root) ? limit.slice(root.length).replace(/^\//, '') : limit}'`,
      script: `nproc; cat ${limit}`,
    },
    {
      id: 'tsicorn',
      label: 'source profile.d/tsicorn.sh',
      script: `. '${join(root, 'profile.d/tsicorn.sh')}'`,
    },
  ];
  for (const [id, name, label] of [
    ['heroku-nodejs', 'heroku-nodejs.sh', "source the project's stand-in for heroku/nodejs's script"],
    ['heroku-python', 'heroku-python.sh', "source the project's stand-in for heroku/python's script"],
  ]) {
    const path = ['lib/dyno/emulate', 'scripts/dyno/emulate']
      .map((d) => join(root, d, name))
      .find(existsSync);
    if (path) cmds.push({ id, label, script: `. '${path}'` });
  }
  return cmds;
}

/** hyperfine over every command of every setting, no intermediate shell: times in ms per command. */
export async function timeProfileD(ctx) {
  if (!hasHyperfine()) return { skipped: 'hyperfine is not installed (apt-get install hyperfine)' };
  const settings = [];
  for (const setting of shellSettings(ctx.paths.root)) {
    const limit = limitFile(setting.cgroupRoot);
    if (!limit) {
      settings.push({ ...setting, skipped: 'no cgroup memory limit file' });
      continue;
    }
    const cmds = shellCommands(ctx.paths.root, limit);
    const dir = mkdtempSync(join(tmpdir(), 'tsicorn-bench-hf-'));
    try {
      const out = join(dir, 'hf.json');
      // bash -c with the script as one argument: hyperfine -N splits the command line like a shell.
      const argv = cmds.map((c) => `bash -c "${c.script.replaceAll('"', '\\"')}"`);
      const r = await runTracked({
        argv: [
          'hyperfine',
          '-N',
          '--style',
          'none',
          '--warmup',
          '3',
          '--runs',
          String(ctx.opts.shellRuns),
          '--export-json',
          out,
          ...argv,
        ],
        // Nothing inherited: a sizing script keeps a WEB_CONCURRENCY it finds, and must compute one.
        env: {
          PATH: '/usr/bin:/bin',
          ...(setting.cgroupRoot ? { TSICORN_CGROUP_ROOT: setting.cgroupRoot } : {}),
        },
        cleanEnv: true,
        timeoutMs: 120000,
      });
      if (r.code !== 0)
        throw new Error(`hyperfine exited ${r.code}: ${r.log.trim().split('\n').slice(-3).join(' ')}`);
      const results = JSON.parse(readFileSync(out, 'utf8')).results;
      settings.push({
        ...setting,
        limitFile: limit,
        commands: cmds.map((c, i) => ({ ...c, timesMs: results[i].times.map((t) => t * 1000) })),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { settings };
}

/**
 * Wall time of `bin/compile BUILD CACHE ENV` on a fresh copy of fixtures/apps/demo, from a staged
 * copy of the buildpack (bin/compile writes its `export` file beside itself), with Node where
 * heroku/nodejs leaves it (.heroku/node/bin).
 */
export async function timeCompile(ctx) {
  const { root, node } = ctx.paths;
  const times = [];
  const dir = mkdtempSync(join(tmpdir(), 'tsicorn-bench-compile-'));
  try {
    const bp = join(dir, 'buildpack');
    for (const f of ['bin', 'dist', 'profile.d', 'package.json', 'buildpack.toml'])
      cpSync(join(root, f), join(bp, f), { recursive: true });
    for (let i = 0; i < ctx.opts.compileRuns; i++) {
      const run = join(dir, `run${i}`);
      const app = join(run, 'app');
      cpSync(join(root, 'fixtures/apps/demo'), app, { recursive: true });
      mkdirSync(join(app, '.heroku/node/bin'), { recursive: true });
      symlinkSync(node, join(app, '.heroku/node/bin/node'));
      for (const d of ['cache', 'env']) mkdirSync(join(run, d));
      const t0 = performance.now();
      const r = await runTracked({
        argv: ['bash', join(bp, 'bin/compile'), app, join(run, 'cache'), join(run, 'env')],
        env: { PATH: '/usr/bin:/bin', HOME: run },
        cleanEnv: true,
        timeoutMs: 60000,
      });
      const ms = performance.now() - t0;
      if (r.code !== 0) throw new Error(`bin/compile exited ${r.code}:\n${r.log}`);
      times.push(ms);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { app: 'fixtures/apps/demo', timesMs: times };
}
