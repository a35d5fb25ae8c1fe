// Why bin/detect refused an app, and what to add: bin/detect itself only exits 1 (the classic
// buildpack API has no channel for a reason), so the demo reads the same three signs bin/detect
// looks for and says which are missing. Pure: facts about the app in, a message out.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DetectFacts {
  /** package.json exists; its text, or null. */
  packageJson: string | null;
  /** The Procfile's `web:` command, or null (no Procfile or no web line). */
  procfileWeb: string | null;
  hasProcfile: boolean;
  /** tsicorn.config.* files. */
  configFiles: string[];
  /** package.json "main", else the first of the usual entry files present. */
  entry: string | null;
}

export function readDetectFacts(app: string): DetectFacts {
  const read = (f: string) => (existsSync(join(app, f)) ? readFileSync(join(app, f), 'utf8') : null);
  const packageJson = read('package.json');
  const procfile = read('Procfile');
  let main: string | null = null;
  try {
    const m = packageJson ? (JSON.parse(packageJson) as { main?: unknown }).main : undefined;
    main = typeof m === 'string' && m ? m : null;
  } catch {
    main = null;
  }
  const usual = ['app.js', 'index.js', 'server.js', 'app.mjs', 'index.mjs', 'server.mjs', 'main.js'];
  return {
    packageJson,
    procfileWeb: procfile ? (/^web:\s*(.*\S)/m.exec(procfile)?.[1] ?? null) : null,
    hasProcfile: procfile !== null,
    configFiles: existsSync(app) ? readdirSync(app).filter((f) => f.startsWith('tsicorn.config.')) : [],
    entry: main ?? usual.find((f) => existsSync(join(app, f))) ?? null,
  };
}

export function detectAdvice(f: DetectFacts): string {
  const entry = (f.entry ?? 'app.js').replace(/\.(c|m)?js$/, '');
  const found = [
    f.packageJson === null ? 'no package.json' : 'a package.json that does not list tsicorn',
    !f.hasProcfile
      ? 'no Procfile'
      : f.procfileWeb
        ? `a Procfile whose web line (${f.procfileWeb}) does not run tsicorn`
        : 'a Procfile without a web line',
    'no tsicorn.config.* file',
  ];
  return [
    `bin/detect found none of the signs that an app uses tsicorn: ${found.join(', ')}.`,
    'Add one of them:',
    `  - the dependency: npm install tsicorn (package.json "dependencies": { "tsicorn": "..." });`,
    `  - a Procfile web line that runs it: web: tsicorn ${entry};`,
    '  - or a tsicorn.config.js (or .json, .ts ...) with your settings.',
  ].join('\n');
}
