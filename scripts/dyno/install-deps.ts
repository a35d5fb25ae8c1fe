// What heroku/nodejs does with an app's dependencies before later buildpacks run, emulated for the
// local dyno: `npm ci` when the app has a lockfile, else `npm install` (devDependencies included,
// as the build may need them), then `npm prune --omit=dev`. tsicorn itself is the exception: the
// demo proves this checkout's buildpack, so the tsicorn dependency is left out of the install
// (bin/compile then installs this checkout's server) and the registry is never asked for it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { $ } from 'zx';

type Deps = Record<string, string>;
interface PackageJson {
  dependencies?: Deps;
  devDependencies?: Deps;
}

export class InstallFailed extends Error {}

function without(deps: Deps | undefined, name: string): Deps | undefined {
  if (!deps || !(name in deps)) return deps;
  const { [name]: _, ...rest } = deps;
  return rest;
}

/** Drop `name` from a lockfile (v2/v3 `packages`, v1 `dependencies`), so `npm ci` stays in sync. */
function lockWithout(lock: Record<string, any>, name: string): Record<string, any> {
  const out = structuredClone(lock);
  const root = out.packages?.[''];
  if (root) {
    root.dependencies = without(root.dependencies, name);
    root.devDependencies = without(root.devDependencies, name);
  }
  if (out.packages) delete out.packages[`node_modules/${name}`];
  if (out.dependencies) delete out.dependencies[name];
  return out;
}

export interface InstallOptions {
  buildDir: string;
  /** PATH (with npm and node) and HOME of the build. */
  env: Record<string, string>;
  log: (line: string) => void;
}

export async function installDependencies({ buildDir, env, log }: InstallOptions): Promise<void> {
  const pkgPath = join(buildDir, 'package.json');
  if (!existsSync(pkgPath)) return;
  const pkgText = readFileSync(pkgPath, 'utf8');
  const pkg = JSON.parse(pkgText) as PackageJson;
  const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
  const others = names.filter((n) => n !== 'tsicorn');
  if (others.length === 0) {
    log('-----> heroku/nodejs (emulated): no dependencies to install besides tsicorn');
    return;
  }
  const lockName = ['npm-shrinkwrap.json', 'package-lock.json'].find((f) => existsSync(join(buildDir, f)));
  const lockPath = lockName ? join(buildDir, lockName) : null;
  const lockText = lockPath ? readFileSync(lockPath, 'utf8') : null;
  for (const other of ['yarn.lock', 'pnpm-lock.yaml'])
    if (existsSync(join(buildDir, other)))
      log(`       ${other} found: heroku/nodejs would use its package manager; this emulation uses npm`);
  const hasTsicorn = names.includes('tsicorn');
  if (hasTsicorn) {
    log('       tsicorn comes from this checkout (bin/compile installs it), not from the registry');
    writeFileSync(
      pkgPath,
      JSON.stringify({
        ...pkg,
        dependencies: without(pkg.dependencies, 'tsicorn'),
        devDependencies: without(pkg.devDependencies, 'tsicorn'),
      }),
    );
    if (lockPath && lockText)
      writeFileSync(lockPath, JSON.stringify(lockWithout(JSON.parse(lockText), 'tsicorn')));
  }
  const npm = $({
    quiet: true,
    nothrow: true,
    cwd: buildDir,
    env: {
      ...env,
      // The user's npm cache makes repeated demos fast; nothing else of theirs is used.
      npm_config_cache: process.env.npm_config_cache ?? join(homedir(), '.npm'),
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    },
  });
  try {
    const how = lockName ? 'npm ci' : 'npm install';
    log(
      `-----> heroku/nodejs (emulated): ${how} (${lockName ? `lockfile ${lockName}` : 'no lockfile'}), ${others.length} dependencies`,
    );
    const started = Date.now();
    const install = lockName ? await npm`npm ci` : await npm`npm install --no-package-lock`;
    for (const l of (install.stdout + install.stderr).trim().split('\n').filter(Boolean)) log(`       ${l}`);
    if (install.exitCode !== 0)
      throw new InstallFailed(`${how} failed (exit ${install.exitCode}) in ${buildDir}`);
    const prune = await npm`npm prune --omit=dev`;
    if (prune.exitCode !== 0) throw new InstallFailed(`npm prune --omit=dev failed (exit ${prune.exitCode})`);
    log(`       installed in ${((Date.now() - started) / 1000).toFixed(1)} s, devDependencies pruned`);
  } finally {
    if (hasTsicorn) {
      writeFileSync(pkgPath, pkgText);
      if (lockPath && lockText) writeFileSync(lockPath, lockText);
    }
  }
}
