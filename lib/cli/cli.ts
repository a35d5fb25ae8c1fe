// The command line: resolve settings, then act (help, version, print-config, check-config, or run the master).
// Returns the exit code: 0 ok, 1 usage or config error (as Gunicorn); the arbiter returns its own codes.
import { renderHelp, renderPrintConfig } from '../config/doc.ts';
import { ConfigError } from '../config/errors.ts';
import { type Resolved, resolveConfig } from '../config/resolve.ts';
import type { Launch } from '../server/launch.ts';
import { VERSION } from '../version.ts';
import { checkAppInChild } from './checkconfig.ts';

/** `launch` is everything the process was started with; nothing below reads process globals. */
export async function runCli(launch: Launch): Promise<number> {
  // `tsicorn doctor`: a word before any option (an app module named doctor: `tsicorn ./doctor`).
  if (launch.argv[0] === 'doctor') {
    const { runDoctor } = await import('../doctor/doctor.ts');
    return runDoctor(launch, launch.argv.slice(1));
  }
  let resolved: Resolved;
  try {
    resolved = await resolveConfig({ argv: launch.argv, env: launch.env, cwd: launch.cwd });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`Error: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`Error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
  const { action, config } = resolved;
  switch (action) {
    case 'help':
      process.stdout.write(renderHelp(VERSION));
      return 0;
    case 'version':
      process.stdout.write(`tsicorn ${VERSION}\n`);
      return 0;
    case 'print-config':
      process.stdout.write(renderPrintConfig(resolved));
      return 0;
    case 'check-config': {
      process.stdout.write(`Config OK${config.configFile ? ` (${config.configFile})` : ''}\n`);
      return checkAppInChild(config, launch);
    }
    case 'run': {
      const { runArbiter } = await import('../server/arbiter.ts');
      return runArbiter(config, launch, resolved.sources);
    }
  }
}
