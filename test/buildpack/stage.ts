// Test helpers: a throwaway copy of the buildpack (so bin/compile's `export` file and any
// accident stay out of the repo), app dirs from fixtures, and a hash of a whole tree.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { stageShipped } from '../helpers/bundles.ts';
import { ROOT } from '../helpers/proc.ts';

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

export function tempDir(prefix = 'tsicorn-bp-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}

/** A copy of what a buildpack checkout ships (bin, profile.d, package.json, buildpack.toml), with freshly built bundles as dist/. */
export function stageBuildpack(): string {
  return stageShipped(join(tempDir('tsicorn-bpsrc-'), 'buildpack'));
}

/** A fresh app dir: a copy of fixtures/apps/<name>, or files given inline. */
export function appDir(from: string | Record<string, string>): string {
  const dir = join(tempDir('tsicorn-app-'), 'app');
  if (typeof from === 'string') cpSync(join(ROOT, 'fixtures/apps', from), dir, { recursive: true });
  else {
    mkdirSync(dir, { recursive: true });
    for (const [rel, text] of Object.entries(from)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
  }
  return dir;
}

/** Hash of every path, type, mode, link target and file content under `dir`. */
export function treeHash(dir: string): string {
  const h = createHash('sha256');
  const walk = (rel: string) => {
    const p = join(dir, rel);
    const st = lstatSync(p);
    h.update(`${rel}\0${st.mode}\0`);
    if (st.isSymbolicLink()) h.update(readlinkSync(p));
    else if (st.isDirectory()) for (const n of readdirSync(p).sort()) walk(join(rel, n));
    else h.update(readFileSync(p));
  };
  walk('');
  return h.digest('hex');
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(
  cmd: string,
  args: string[],
  opts: { env?: Record<string, string>; cwd?: string } = {},
): Run {
  const r = spawnSync(cmd, args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent', ...opts.env },
    cwd: opts.cwd,
    encoding: 'utf8',
    timeout: 30_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
