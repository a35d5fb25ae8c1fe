// Test helper: bundles test/http/harness.ts with esbuild (as dist/ is built) and starts it under a
// real Node with one fixture app, so apps load through Node's own loader, not vitest's.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { build } from 'esbuild';
import type { Settings } from '../../lib/config/types.ts';
import { type Proc, ROOT, spawnTsicorn } from '../helpers/proc.ts';

export const APPS = join(ROOT, 'fixtures', 'apps');
/** The same bundling as scripts/build.mjs, so sources load through Node's own loader as in dist/. */
const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
} as const;
let bundled: Promise<string> | null = null;

export function harnessBundle(): Promise<string> {
  bundled ??= (async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tsicorn-harness-')), 'harness.mjs');
    await build({ ...BUNDLE_OPTIONS, entryPoints: [join(ROOT, 'test/http/harness.ts')], outfile: out });
    return out;
  })();
  return bundled;
}

export interface Served {
  proc: Proc;
  port: number;
  shape: string;
  url: string;
}

export interface ServeOptions {
  spec?: string;
  factory?: boolean;
  settings?: Partial<Settings>;
  plainNode?: boolean;
  node?: string;
  /** A second, plain node:http server in the process reporting the front's in-flight view (harness.ts). */
  probe?: boolean;
}

/** Start fixture app `name` (a folder of fixtures/apps, or an absolute directory) and wait until it listens. */
export async function serveApp(name: string, o: ServeOptions = {}): Promise<Served> {
  const proc = await startHarness(name, o);
  const m = await proc.waitFor(/READY (\d+) (.+)\n/, 20_000);
  const port = Number(m[1]);
  return { proc, port, shape: m[2]!, url: `http://127.0.0.1:${port}` };
}

export async function startHarness(name: string, o: ServeOptions = {}): Promise<Proc> {
  const script = await harnessBundle();
  const cwd = isAbsolute(name) ? name : join(APPS, name);
  const arg = JSON.stringify({
    cwd,
    spec: o.spec ?? 'app',
    factory: o.factory,
    settings: o.settings,
    plainNode: o.plainNode,
    probe: o.probe,
  });
  return spawnTsicorn([arg], { script, node: o.node, cwd });
}

let checkBundled: Promise<string> | null = null;

/** lib/app/check.ts alone, bundled like dist/: what TSICORN_ROLE=check-app runs. */
export function checkAppBundle(): Promise<string> {
  checkBundled ??= (async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tsicorn-check-')), 'check.mjs');
    await build({
      stdin: {
        contents: "import { runCheckApp } from './lib/app/check.ts';\nprocess.exit(await runCheckApp());\n",
        resolveDir: ROOT,
        loader: 'ts',
      },
      outfile: out,
      ...BUNDLE_OPTIONS,
    });
    return out;
  })();
  return checkBundled;
}
