// vitest globalSetup: bundle the sources once per run into a temporary directory (the same
// scripts/build.mjs that writes dist/), so every test that runs a bundle runs today's code. The
// committed dist/ is only compared against a fresh build (test/foundation/smoke.test.ts); a stale
// dist/ can fail that check but cannot make the server tests pass.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Directory holding a fresh build of every dist/ bundle (tsicorn.mjs, buildpack-*.mjs). */
    bundleDir: string;
  }
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export default function setup(project: TestProject): () => void {
  const parent = mkdtempSync(join(tmpdir(), 'tsicorn-bundles-'));
  const dir = join(parent, 'dist');
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--out', dir], { stdio: 'inherit' });
  project.provide('bundleDir', dir);
  return () => rmSync(parent, { recursive: true, force: true });
}
