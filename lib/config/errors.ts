/** Bad settings, flags or config files. The CLI prints `Error: <message>` and exits 1 (Gunicorn's usage code). */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
