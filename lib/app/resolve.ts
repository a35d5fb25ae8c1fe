// Turns `MODULE[:EXPORT]` into a file on disk, the way a relative import from the working
// directory would find it. Candidate lists are pure; only resolveAppFile touches the disk.
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { AppLoadError } from './errors.ts';

/** Extensions tried, in order, for a MODULE given without one (and for `dir/index`). */
export const APP_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'] as const;

export interface AppSpec {
  module: string;
  /** null = default export, then an export named `app`. */
  exportName: string | null;
}

/** `src/server.ts:app` -> { module: 'src/server.ts', exportName: 'app' }. The last colon splits,
 * so absolute paths work; an export name must look like a JS identifier. */
export function parseAppSpec(spec: string): AppSpec {
  const s = spec.trim();
  if (!s)
    throw new AppLoadError(
      'bad-spec',
      'No app given: pass MODULE[:EXPORT], e.g. `tsicorn app` or `tsicorn src/server.ts:app`.',
    );
  const i = s.lastIndexOf(':');
  if (i > 0) {
    const name = s.slice(i + 1);
    if (/^[A-Za-z_$][\w$]*$/.test(name)) return { module: s.slice(0, i), exportName: name };
    if (name === '')
      throw new AppLoadError('bad-spec', `App spec "${spec}" ends with ":"; write MODULE or MODULE:EXPORT.`);
  }
  return { module: s, exportName: null };
}

/** Files that may hold MODULE, in the order they are tried (pure). */
export function candidateFiles(module: string, cwd: string): string[] {
  const base = isAbsolute(module) ? module : resolve(cwd, module);
  return [
    base,
    ...APP_EXTENSIONS.map((e) => base + e),
    ...APP_EXTENSIONS.map((e) => join(base, 'index' + e)),
  ];
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A directory's package.json `main`, as CommonJS would honour it. */
function packageMain(dir: string): string | null {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return typeof pkg.main === 'string' && pkg.main ? resolve(dir, pkg.main) : null;
  } catch {
    return null;
  }
}

export function resolveAppFile(module: string, cwd: string): string {
  const tried: string[] = [];
  const base = isAbsolute(module) ? module : resolve(cwd, module);
  for (const c of candidateFiles(module, cwd)) {
    if (c === join(base, 'index' + APP_EXTENSIONS[0]) && isDir(base)) {
      const main = packageMain(base);
      if (main) {
        for (const m of [main, ...APP_EXTENSIONS.map((e) => main + e)]) {
          if (isFile(m)) return m;
          tried.push(m);
        }
      }
    }
    if (isFile(c)) return c;
    tried.push(c);
  }
  throw new AppLoadError(
    'module-not-found',
    `Cannot find app module "${module}" from ${cwd}. Tried:\n  ${tried.join('\n  ')}\n` +
      'Pass the path of your app file relative to the working directory (or --chdir), e.g. `tsicorn app` for ./app.js.',
  );
}
