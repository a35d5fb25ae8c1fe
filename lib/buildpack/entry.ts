// Which module `tsicorn` serves when the app has no Procfile web line: package.json `main`,
// else the first app/index/server file. findEntry decides from facts; defaultWebEntry reads them.
import { readdirSync } from 'node:fs';
import { readAppJson } from './files.ts';

const CANDIDATES = ['app', 'index', 'server'].flatMap((b) =>
  ['js', 'mjs', 'cjs', 'ts', 'mts'].map((e) => `${b}.${e}`),
);

export function findEntry(main: unknown, files: ReadonlySet<string>): string | null {
  if (typeof main === 'string' && main.trim() !== '') return main.trim();
  return CANDIDATES.find((c) => files.has(c)) ?? null;
}

/**
 * The module to serve by default in the app at `appDir` (null when none), for bin/compile,
 * bin/release and the CNB bin/build alike. An invalid package.json is a BuildError naming it.
 */
export function defaultWebEntry(appDir: string): string | null {
  const pkg = readAppJson(appDir, 'package.json');
  return findEntry(pkg?.main, new Set(readdirSync(appDir)));
}

export function webCommand(entry: string): string {
  // Quote only when needed, so the common case reads like the docs: `web: tsicorn app.js`.
  return /^[A-Za-z0-9_./:@-]+$/.test(entry)
    ? `tsicorn ${entry}`
    : `tsicorn '${entry.replace(/'/g, `'\\''`)}'`;
}

/** The web line of a Procfile, if any. */
export function procfileWeb(procfile: string | null): string | null {
  if (procfile === null) return null;
  for (const line of procfile.split('\n')) {
    const m = /^web:\s*(.*\S)\s*$/.exec(line);
    if (m) return m[1]!;
  }
  return null;
}
