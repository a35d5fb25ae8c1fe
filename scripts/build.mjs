#!/usr/bin/env node
// Bundles every entry point into one self-contained ESM file under dist/.
// The bundles are committed so a plain `git clone` runs with only a system Node.
//   node scripts/build.mjs            write dist/
//   node scripts/build.mjs --check    build into a temp dir and fail if dist/ differs (stale bundles)
//   node scripts/build.mjs --out DIR  build into DIR instead (used to prove two builds are identical)
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// One line per shipped program: output name (under dist/) -> TypeScript entry.
export const entries = {
  tsicorn: 'lib/cli/main.ts',
  // `tsicorn doctor` on its own (see doctorApart below).
  'tsicorn-doctor': 'lib/doctor/doctor.ts',
  'buildpack-compile': 'lib/buildpack/compile-main.ts',
  'buildpack-release': 'lib/buildpack/release-main.ts',
  'buildpack-build': 'lib/buildpack/build-main.ts',
};

/**
 * Node's built-in modules through require() instead of ESM imports. An ESM import of a builtin
 * builds its namespace from every export, which runs lazy getters: on Node 24 `import ... from
 * 'node:http'` loads undici for http.WebSocket and costs about 45 ms of CPU at every start
 * (measured: 68 ms vs 23 ms for an empty module; require('node:http') costs 3 ms). As CommonJS,
 * esbuild also loads each builtin only when the module using it first runs, so the master never
 * loads what only workers use.
 */
const builtinsViaRequire = {
  name: 'builtins-via-require',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === 'require-call'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'node-builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/**
 * `tsicorn doctor` loads from its own bundle: with systeminformation it is about a third of the
 * server's bundle, and every master and worker would parse it at start (Node compiles a module's
 * whole text before running any of it) to never use it. The CLI's import of it is pointed at the
 * doctor bundle beside it.
 */
const doctorApart = {
  name: 'doctor-apart',
  setup(b) {
    b.onResolve({ filter: /\/doctor\/doctor\.ts$/ }, (args) =>
      args.importer.endsWith(join('lib', 'cli', 'cli.ts'))
        ? { path: './tsicorn-doctor.mjs', external: true }
        : undefined,
    );
  },
};

async function bundleInto(outdir) {
  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(entries).map(([out, src]) => [out, join(root, src)])),
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: false,
    // Module paths (esbuild's per-module comments) as seen from the checkout, even when node_modules
    // is a symlink (worktrees share one): else the bytes would depend on where it points.
    preserveSymlinks: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [builtinsViaRequire, doctorApart],
    define: { __TSICORN_VERSION__: JSON.stringify(pkg.version) },
    // Bundled CommonJS dependencies may call require(); give ESM output a real one.
    banner: {
      js: "import { createRequire as __tsicornCreateRequire } from 'node:module'; const require = __tsicornCreateRequire(import.meta.url);",
    },
  });
}

function listFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

const distDir = join(root, 'dist');
if (process.argv.includes('--check')) {
  const tmp = mkdtempSync(join(tmpdir(), 'tsicorn-build-'));
  try {
    await bundleInto(tmp);
    const fresh = listFiles(tmp)
      .map((p) => relative(tmp, p))
      .sort();
    const committed = listFiles(distDir)
      .map((p) => relative(distDir, p))
      .sort();
    const problems = [];
    for (const f of fresh) {
      if (!committed.includes(f)) problems.push(`missing from dist/: ${f}`);
      else if (!readFileSync(join(tmp, f)).equals(readFileSync(join(distDir, f))))
        problems.push(`stale: dist/${f}`);
    }
    for (const f of committed) if (!fresh.includes(f)) problems.push(`not produced by the build: dist/${f}`);
    if (problems.length) {
      console.error(
        `dist/ does not match the sources; run \`npm run build\` and commit:\n  ${problems.join('\n  ')}`,
      );
      process.exit(1);
    }
    console.log(`dist/ is up to date (${fresh.length} bundles)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
} else {
  const i = process.argv.indexOf('--out');
  const outDir = i > 0 ? process.argv[i + 1] : distDir;
  if (!outDir) throw new Error('--out needs a directory');
  rmSync(outDir, { recursive: true, force: true });
  await bundleInto(outDir);
}
