// --check-config's app half: runs in a throwaway process (TSICORN_ROLE=check-app), loads the app
// once the way a worker would, and reports. Exit code 0 = the app loads, 1 = it does not.
import { relative } from 'node:path';
import type { Settings } from '../config/types.ts';
import { ENV } from '../server/contract/roles.ts';
import { decodeSettings } from '../server/contract/settings.ts';
import { AppLoadError } from './errors.ts';
import { loadApp } from './load.ts';

export async function runCheckApp(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let settings: Settings;
  try {
    settings = decodeSettings(env[ENV.checkSettings] ?? '');
    if (!settings.app) throw new Error('no "app" in it');
  } catch (err) {
    process.stderr.write(
      `check-app: ${ENV.checkSettings} must hold the settings as JSON (${(err as Error).message})\n`,
    );
    return 1;
  }
  const cwd = settings.chdir || process.cwd();
  try {
    // As a worker does: an app that reads relative paths at import must see the same directory.
    process.chdir(cwd);
    const app = await loadApp(settings.app, {
      cwd,
      factory: Boolean(settings.factory),
      captureListens: true,
    });
    process.stdout.write(`App OK: ${app.shape} from ${relative(cwd, app.file) || app.file}\n`);
    await app.close?.().catch(() => {});
    return 0;
  } catch (err) {
    const text = err instanceof AppLoadError ? err.detail() : ((err as Error)?.stack ?? String(err));
    process.stderr.write(`App failed to load: ${text}\n`);
    return 1;
  }
}
