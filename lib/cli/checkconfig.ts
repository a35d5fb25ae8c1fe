// --check-config's app half: load the app in a throwaway process (the entry file re-run with
// TSICORN_ROLE=check-app) so a crashing or hanging import cannot hurt the caller, and report its verdict.
import { spawn } from 'node:child_process';
import type { Settings } from '../config/types.ts';
import { ENV, ROLE_ENV, ROLES } from '../server/contract/roles.ts';
import { encodeSettings } from '../server/contract/settings.ts';
import { childEnv, type Launch } from '../server/launch.ts';

/** Runs the check child with inherited stdio; resolves 0 when the app loads, 1 otherwise. */
export function checkAppInChild(settings: Settings, launch: Launch): Promise<number> {
  return new Promise((resolve) => {
    const env = childEnv(launch.env, {
      [ROLE_ENV]: ROLES.checkApp,
      [ENV.checkSettings]: encodeSettings(settings),
    });
    const child = spawn(launch.execPath, [...launch.execArgv, launch.entry], {
      env,
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
