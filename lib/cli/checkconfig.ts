// --check-config's app half: load the app in a throwaway process (the same bundle, TSICORN_ROLE=check-app)
// so a crashing or hanging import cannot hurt the caller, and report its verdict.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { settingsToJSON } from '../config/resolve.ts';
import type { Settings } from '../config/types.ts';

/** The file to re-run as a child: the bundle when bundled, lib/cli/main.ts when running from sources. */
export function selfEntry(): string {
  const self = fileURLToPath(import.meta.url);
  return self.endsWith('.ts') ? join(dirname(self), 'main.ts') : self;
}

/** Runs the check child with inherited stdio; resolves 0 when the app loads, 1 otherwise. */
export function checkAppInChild(
  settings: Settings,
  env: Record<string, string | undefined>,
): Promise<number> {
  return new Promise((resolve) => {
    const childEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
    childEnv.TSICORN_ROLE = 'check-app';
    childEnv.TSICORN_CHECK_SETTINGS = settingsToJSON(settings);
    const child = spawn(process.execPath, [...process.execArgv, selfEntry()], {
      env: childEnv,
      cwd: settings.chdir,
      stdio: 'inherit',
    });
    child.on('error', (e) => {
      process.stderr.write(`Error: could not start the app check process: ${e.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      if (signal) process.stderr.write(`Error: the app check process was killed by ${signal}\n`);
      resolve(code === 0 ? 0 : 1);
    });
  });
}
