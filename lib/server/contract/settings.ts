// Settings as they cross a process boundary: written by the master (or the CLI for check-app),
// read back and validated by the receiving process against the same settings registry that
// validated them the first time, so a process never serves with settings it did not check.
import { settingsFromJSON, settingsToJSON } from '../../config/resolve.ts';
import type { Config, Settings } from '../../config/types.ts';

/** The plain-data part (hooks are functions: workers load them from the config file themselves). */
export function encodeSettings(config: Settings | Config): string {
  return settingsToJSON(config);
}

/** Throws a ConfigError naming the bad key; missing keys take their defaults. */
export function decodeSettings(text: string): Settings {
  return settingsFromJSON(text);
}
