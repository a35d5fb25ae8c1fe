// bin/compile BUILD_DIR CACHE_DIR ENV_DIR (classic buildpack API). Installs the server into the
// slug and the dyno-boot sizing script into .profile.d. Every input is read and checked before
// anything is written, so a failed build leaves BUILD_DIR exactly as it was.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defaultWebEntry, procfileWeb, webCommand } from './entry.ts';
import { readAppFile, readAppJson, requireBuildDir, requireWritable } from './files.ts';
import { BuildError, detail, step } from './output.ts';
import { buildpackRoot, buildpackVersion, copyRuntime, sizingScript } from './runtime.ts';

const USAGE = 'bin/compile BUILD_DIR CACHE_DIR ENV_DIR';
/** Where the bundled runtime goes inside the slug (becomes /app/.tsicorn on the dyno). */
export const SLUG_RUNTIME = '.tsicorn';

export interface CompilePlan {
  /** Version of the app's own node_modules/tsicorn, or null to install the bundled runtime. */
  appTsicorn: string | null;
  webLine: string | null;
  defaultWeb: string | null;
}

/** Read and validate everything; throws BuildError before any write. */
export function planCompile(buildDir: string): CompilePlan {
  const entry = defaultWebEntry(buildDir);
  const own = readAppJson(buildDir, 'node_modules/tsicorn/package.json');
  if (own !== null && typeof own.version !== 'string') {
    throw new BuildError([
      `${join(buildDir, 'node_modules/tsicorn/package.json')} has no "version".`,
      'Reinstall the dependency (npm ci) so node_modules/tsicorn is complete, then build again.',
    ]);
  }
  const webLine = procfileWeb(readAppFile(buildDir, 'Procfile'));
  return {
    appTsicorn: own === null ? null : (own.version as string),
    webLine,
    defaultWeb: entry === null ? null : webCommand(entry),
  };
}

/** .profile.d/tsicorn.sh: put the server on PATH, then the sizing script. */
export function profileScript(sizing: string, bundled: boolean): string {
  const path = bundled ? `$HOME/${SLUG_RUNTIME}/bin:$HOME/node_modules/.bin` : '$HOME/node_modules/.bin';
  return `# shellcheck shell=bash\n# Installed by the tsicorn buildpack: the server on PATH, then the WEB_CONCURRENCY sizing.\nexport PATH="${path}:$PATH"\n${sizing}`;
}

/** A config var from ENV_DIR (one file per var), read only to report it; never exported. */
function configVar(envDir: string | undefined, name: string): string | null {
  if (!envDir) return null;
  try {
    return readFileSync(join(envDir, name), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

export function compile(argv: string[]): void {
  const buildDir = requireBuildDir(argv[0], USAGE);
  const root = buildpackRoot();
  step(`tsicorn buildpack ${buildpackVersion(root)}`);
  detail(`Node ${process.version} (${process.execPath})`);
  const plan = planCompile(buildDir);
  const sizing = sizingScript(root);
  requireWritable(buildDir);

  if (plan.appTsicorn !== null) {
    step(`Using the app's tsicorn ${plan.appTsicorn} from node_modules/tsicorn`);
  } else {
    step(
      `Installing tsicorn ${buildpackVersion(root)} into ${SLUG_RUNTIME}/ (the app does not depend on it)`,
    );
    copyRuntime(join(buildDir, SLUG_RUNTIME), root);
  }
  mkdirSync(join(buildDir, '.profile.d'), { recursive: true });
  writeFileSync(join(buildDir, '.profile.d/tsicorn.sh'), profileScript(sizing, plan.appTsicorn === null));
  detail('.profile.d/tsicorn.sh sizes WEB_CONCURRENCY at every dyno boot');
  detail('rule: min(max(1, memory_MB / 256), 2 * CPUs + 1); a WEB_CONCURRENCY you set is kept');
  const configured = configVar(argv[2], 'WEB_CONCURRENCY');
  if (configured) detail(`config var WEB_CONCURRENCY=${configured} is set: dynos will keep it`);

  // Later buildpacks in a multi-buildpack build can run the server too.
  const exportPath =
    plan.appTsicorn === null ? join(buildDir, SLUG_RUNTIME, 'bin') : join(buildDir, 'node_modules/.bin');
  writeFileSync(join(root, 'export'), `export PATH="${exportPath}:$PATH"\n`);

  if (plan.webLine !== null) detail(`Procfile web: ${plan.webLine}`);
  else if (plan.defaultWeb !== null) detail(`no Procfile web line; default: web: ${plan.defaultWeb}`);
  else
    detail(
      `no Procfile web line and no app/index/server file in ${relative(process.cwd(), buildDir) || '.'}: add a Procfile with "web: tsicorn <module>"`,
    );
}
