// The layout says what ships: lib/ is runtime code only (it imports Node built-ins, its own files and
// the runtime `dependencies`), and the bundles built from it carry nothing from scripts/, test/ or a
// devDependency. Development tools (the dyno harness, publishing, build, bench) live in scripts/.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, join, relative } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleDir } from '../helpers/bundles.ts';
import { ROOT } from '../helpers/proc.ts';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const runtimeDeps = new Set(Object.keys(pkg.dependencies ?? {}));
const devDeps = new Set(Object.keys(pkg.devDependencies ?? {}));

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && ext.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** `zx/core` -> `zx`, `@heroku/buildpack-registry/x` -> `@heroku/buildpack-registry`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const isBuiltin = (s: string) => s.startsWith('node:') || builtinModules.includes(s);

/**
 * Every import of every TypeScript file under lib/, as esbuild parses them (static, re-exports,
 * literal dynamic imports, require): file -> specifiers. Bare specifiers stay external.
 */
async function libImports(): Promise<Map<string, { path: string; external: boolean }[]>> {
  const libFiles = filesUnder(join(ROOT, 'lib'), /\.ts$/);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: libFiles,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir: '/nonexistent-out',
    logLevel: 'silent',
    define: { __TSICORN_VERSION__: '"0.0.0"' },
  });
  const byFile = new Map<string, { path: string; external: boolean }[]>();
  for (const [file, input] of Object.entries(result.metafile!.inputs)) {
    byFile.set(
      file,
      input.imports.map((i) => ({ path: i.original ?? i.path, external: !!i.external })),
    );
  }
  expect(byFile.size).toBeGreaterThanOrEqual(libFiles.length);
  return byFile;
}

describe('lib/ is runtime code only', () => {
  it('imports only Node built-ins, other lib/ files and the runtime dependencies (never a devDependency)', async () => {
    const problems: string[] = [];
    for (const [file, imports] of await libImports()) {
      if (!file.startsWith('lib/')) continue;
      for (const { path, external } of imports) {
        if (path.startsWith('.') || path.startsWith('/')) {
          if (external) problems.push(`${file}: unresolved relative import ${path}`);
          continue;
        }
        if (isBuiltin(path)) continue;
        const name = packageOf(path);
        if (devDeps.has(name)) problems.push(`${file}: imports devDependency ${name}`);
        else if (!runtimeDeps.has(name)) problems.push(`${file}: imports ${name}, not in dependencies`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('reaches no file outside lib/ through a relative import', async () => {
    const outside = [...(await libImports()).keys()].filter(
      (f) => !f.startsWith('lib/') && !f.startsWith('node_modules/'),
    );
    expect(outside).toEqual([]);
  });
});

describe('the shipped bundles carry no tool code', () => {
  // The committed dist/ (what ships) and this run's build of the sources (what will).
  const bundles = [...filesUnder(join(ROOT, 'dist'), /\.mjs$/), ...filesUnder(bundleDir(), /\.mjs$/)];
  const label = (b: string) => (b.startsWith(ROOT) ? relative(ROOT, b) : `fresh build: ${basename(b)}`);

  it.each(bundles.map((b) => [label(b), b]))('%s', (_name, bundle) => {
    const text = readFileSync(bundle, 'utf8');
    // esbuild (unminified) heads each bundled module with its path: `// lib/cli/main.ts`.
    const modules = [...text.matchAll(/^\/\/ (\S+\.[cm]?[jt]s)$/gm)].map((m) => m[1]!);
    expect(modules.some((m) => m.startsWith('lib/'))).toBe(true);
    const foreign = modules.filter((m) => {
      if (m.startsWith('lib/')) return false;
      const dep = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(m)?.[1];
      return !(dep && runtimeDeps.has(dep));
    });
    expect(foreign).toEqual([]);
    // Names only the tools use, in case a module header were ever missing.
    for (const toolOnly of ['buildpack-registry', 'enter-cgroup.sh', 'heroku-nodejs.sh', 'scripts/dyno']) {
      expect(text).not.toContain(toolOnly);
    }
    expect(text).not.toMatch(/from ["']zx["']/);
  });
});
