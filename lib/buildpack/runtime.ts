// The server runtime this buildpack ships: bin/tsicorn, the CLI's bundles (dist/tsicorn.mjs, and
// dist/tsicorn-doctor.mjs, which `tsicorn doctor` imports from beside it) and package.json. Copied
// into the slug (classic) or a launch layer (CNB).
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the buildpack (the folder holding buildpack.toml), found upwards from this file. */
export function buildpackRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'buildpack.toml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('tsicorn buildpack: cannot find buildpack.toml above ' + import.meta.url);
    dir = up;
  }
  return dir;
}

export const RUNTIME_FILES = ['bin/tsicorn', 'dist/tsicorn.mjs', 'dist/tsicorn-doctor.mjs', 'package.json'];

export function buildpackVersion(root = buildpackRoot()): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

export function copyRuntime(dest: string, root = buildpackRoot()): void {
  for (const f of RUNTIME_FILES) {
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    copyFileSync(join(root, f), join(dest, f));
  }
  chmodSync(join(dest, 'bin/tsicorn'), 0o755);
}

/** The sizing script that runs at every dyno boot (profile.d) or launch (exec.d). */
export function sizingScript(root = buildpackRoot()): string {
  return readFileSync(join(root, 'profile.d/tsicorn.sh'), 'utf8');
}
