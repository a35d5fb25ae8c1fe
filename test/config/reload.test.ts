// A HUP reload re-reads the config file: edits must be seen, for ESM and CommonJS files alike.
// Runs in a real Node process (not through vitest's module runner) so Node's own module caches are in play.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, TEST_NODE } from '../helpers/proc.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('config reload', () => {
  it.each([
    ['tsicorn.config.mjs', (n: number) => `export default { workers: ${n}, on_exit() { return ${n}; } };`],
    ['tsicorn.config.cjs', (n: number) => `module.exports = { workers: ${n}, on_exit() { return ${n}; } };`],
  ])('%s: resolveConfig and loadHooks see the edited file', (name, body) => {
    const d = mkdtempSync(join(tmpdir(), 'tsicorn-reload-'));
    dirs.push(d);
    writeFileSync(join(d, name), body(2));
    const script = `
      import { writeFileSync } from 'node:fs';
      import { resolveConfig, loadHooks } from ${JSON.stringify(join(ROOT, 'lib/config/resolve.ts'))};
      const cwd = ${JSON.stringify(d)};
      const a = await resolveConfig({ argv: ['app'], env: {}, cwd });
      writeFileSync(${JSON.stringify(join(d, name))}, ${JSON.stringify(body(5))});
      const b = await resolveConfig({ argv: ['app'], env: {}, cwd });
      const hooks = await loadHooks(b.config.configFile);
      console.log(JSON.stringify([a.config.workers, a.config.hooks.onExit(), b.config.workers, hooks.onExit()]));
    `;
    const out = execFileSync(TEST_NODE, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([2, 2, 5, 5]);
  });
});
