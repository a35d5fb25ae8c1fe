// Build side of the local dyno: a clean clone of the committed buildpack, a fresh copy of the app,
// what heroku/nodejs would leave, then bin/detect, bin/compile and bin/release from the clone.
// zx here: this part is a sequence of shell commands (git, cp, the buildpack's own scripts) whose
// output we want verbatim, and zx's $ quotes every argument safely.

import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { $ } from 'zx';
import { detectAdvice, readDetectFacts } from './detect-advice.ts';
import { nodeOnPath } from './host.ts';
import { InstallFailed, installDependencies } from './install-deps.ts';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const NODEJS_WEB_CONCURRENCY = fileURLToPath(new URL('./emulate/heroku-nodejs.sh', import.meta.url));

/** The Node a user's machine runs (PATH outside node_modules), as heroku/nodejs would install one. */
export function systemNode(): string {
  return nodeOnPath() ?? process.execPath;
}

export interface Built {
  work: string;
  buildpack: string;
  commit: string;
  buildDir: string;
  /** The Procfile web line, else bin/release's default. */
  webCommand: string;
  detectOutput: string;
  compileOutput: string;
  releaseOutput: string;
  dirty: boolean;
  cleanup(): void;
}

export interface BuildOptions {
  app: string;
  /** Also install heroku/nodejs's WEB_CONCURRENCY.sh, as the real buildpack does (default true). */
  nodejsWebConcurrency?: boolean;
  log?: (line: string) => void;
  /** Use this checkout instead of a clean clone of HEAD (debugging uncommitted work only). */
  buildpackFrom?: string;
  /** Replace the buildpack's dist/ with these bundles (the tests' fresh build of the sources). */
  distFrom?: string;
}

export class BuildFailed extends Error {}

export async function buildApp(opts: BuildOptions): Promise<Built> {
  const log = opts.log ?? (() => {});
  const work = mkdtempSync(join(tmpdir(), 'tsicorn-dyno-'));
  const cleanup = () => rmSync(work, { recursive: true, force: true });
  try {
    const q = $({ quiet: true, nothrow: true });
    const buildpack = join(work, 'buildpack');
    let commit = 'working tree';
    let from = opts.buildpackFrom;
    if (!from && (await q({ cwd: REPO })`git rev-parse --git-dir`).exitCode !== 0) {
      // Not a git checkout (e.g. an unpacked tarball): nothing committed to clone, use the files.
      log(`-----> ${REPO} is not a git checkout: using its files instead of a clean clone`);
      from = REPO;
    }
    if (from) {
      for (const f of ['bin', 'dist', 'profile.d', 'fixtures/cgroups', 'package.json', 'buildpack.toml']) {
        cpSync(join(from, f), join(buildpack, f), { recursive: true });
      }
    } else {
      const clone = await q`git clone --quiet ${REPO} ${buildpack}`;
      if (clone.exitCode !== 0) throw new BuildFailed(`git clone of ${REPO} failed:\n${clone.stderr}`);
      commit = (await q({ cwd: buildpack })`git rev-parse --short HEAD`).stdout.trim();
    }
    if (opts.distFrom) {
      rmSync(join(buildpack, 'dist'), { recursive: true, force: true });
      cpSync(opts.distFrom, join(buildpack, 'dist'), { recursive: true });
    }
    const status = await q({ cwd: REPO })`git status --porcelain -- bin dist profile.d buildpack.toml`;
    const dirty = status.stdout.trim() !== '';

    const buildDir = join(work, 'app');
    cpSync(opts.app, buildDir, { recursive: true, filter: (src) => !src.includes('/node_modules/') });
    // What heroku/nodejs leaves: node in .heroku/node/bin and a profile.d line putting it on PATH.
    mkdirSync(join(buildDir, '.heroku/node/bin'), { recursive: true });
    symlinkSync(systemNode(), join(buildDir, '.heroku/node/bin/node'));
    mkdirSync(join(buildDir, '.profile.d'), { recursive: true });
    writeFileSync(
      join(buildDir, '.profile.d/nodejs.sh'),
      'export PATH="$HOME/.heroku/node/bin:$HOME/.heroku/yarn/bin:$PATH:$HOME/bin:$HOME/node_modules/.bin"\n',
    );
    if (opts.nodejsWebConcurrency !== false) {
      cpSync(NODEJS_WEB_CONCURRENCY, join(buildDir, '.profile.d/WEB_CONCURRENCY.sh'));
    }
    const cache = join(work, 'cache');
    const env = join(work, 'env');
    mkdirSync(cache);
    mkdirSync(env);
    // A build image's PATH; bin/compile prefers the node in .heroku/node/bin over it.
    const buildEnv = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: work, STACK: 'heroku-24' };
    const b = $({ quiet: true, nothrow: true, cwd: work, env: buildEnv });
    const detect = await b`${join(buildpack, 'bin/detect')} ${buildDir}`;
    log(`-----> bin/detect: exit ${detect.exitCode}, ${detect.stdout.trim() || '(no output)'}`);
    if (detect.exitCode !== 0)
      throw new BuildFailed(
        `bin/detect rejected ${opts.app} (exit ${detect.exitCode}).\n${detect.stderr.trim() || detectAdvice(readDetectFacts(buildDir))}`,
      );
    try {
      await installDependencies({ buildDir, env: buildEnv, log });
    } catch (e) {
      if (e instanceof InstallFailed) throw new BuildFailed(e.message);
      throw e;
    }
    const compile = await b`${join(buildpack, 'bin/compile')} ${buildDir} ${cache} ${env}`;
    for (const l of (compile.stdout + compile.stderr).trimEnd().split('\n')) log(l);
    if (compile.exitCode !== 0) throw new BuildFailed(`bin/compile failed (exit ${compile.exitCode})`);
    const release = await b`${join(buildpack, 'bin/release')} ${buildDir}`;
    if (release.exitCode !== 0) throw new BuildFailed(`bin/release failed:\n${release.stderr}`);
    const releaseWeb = /^ {2}web: (.*)$/m.exec(release.stdout)?.[1];
    const procfile = existsSync(join(buildDir, 'Procfile'))
      ? /^web:\s*(.*\S)/m.exec(readFileSync(join(buildDir, 'Procfile'), 'utf8'))?.[1]
      : undefined;
    const webCommand = procfile ?? (releaseWeb ? (JSON.parse(releaseWeb) as string) : undefined);
    if (!webCommand)
      throw new BuildFailed('no web command: neither a Procfile web line nor a default from bin/release');
    return {
      work,
      buildpack,
      commit,
      buildDir,
      webCommand,
      detectOutput: detect.stdout,
      compileOutput: compile.stdout,
      releaseOutput: release.stdout,
      dirty,
      cleanup,
    };
  } catch (e) {
    cleanup();
    throw e;
  }
}
