// Where tests find the bundles they run: a fresh build of the sources made once per run by the
// vitest globalSetup (test/setup/bundles.ts), never the committed dist/.
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The directory holding the fresh bundles (what dist/ would hold after `npm run build`). */
export function bundleDir(): string {
  const dir = inject('bundleDir');
  if (!dir || !existsSync(join(dir, 'tsicorn.mjs'))) {
    throw new Error(
      'no fresh bundles: run the tests through vitest.config.ts, whose globalSetup (test/setup/bundles.ts) builds them',
    );
  }
  return dir;
}

/**
 * Copy what an install of tsicorn ships (package.json and its `files`: bin/, profile.d/,
 * buildpack.toml ...) into `dest`, with the fresh bundles as dist/. Returns `dest`.
 */
export function stageShipped(dest: string): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  for (const entry of ['package.json', ...pkg.files]) {
    const name = entry.replace(/\/$/, '');
    const from = name === 'dist' ? bundleDir() : join(ROOT, name);
    cpSync(from, join(dest, name), { recursive: true });
  }
  return dest;
}
