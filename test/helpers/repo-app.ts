// Throwaway apps written inline by a test, placed under the repository's git-ignored tmp/ so that
// their imports resolve the repository's node_modules (fastify, fastify-plugin, ...). Each file's
// apps are removed after its tests, so tmp/ does not fill up run after run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { ROOT } from './proc.ts';

const made: string[] = [];
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh dir ROOT/tmp/<prefix>XXXXXX holding `files` (relative path -> contents). */
export function repoApp(prefix: string, files: Record<string, string>): string {
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'tmp', prefix));
  made.push(dir);
  for (const [p, src] of Object.entries(files)) writeFileSync(join(dir, p), src);
  return dir;
}
