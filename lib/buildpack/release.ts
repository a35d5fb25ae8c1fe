// bin/release BUILD_DIR: default process types as YAML, used when the app has no Procfile web line.
import { defaultWebEntry, webCommand } from './entry.ts';
import { requireBuildDir } from './files.ts';

/** The YAML bin/release prints for a web command (or none). */
export function releaseYaml(web: string | null): string {
  if (web === null) return '---\n{}\n';
  return `---\ndefault_process_types:\n  web: ${JSON.stringify(web)}\n`;
}

export function release(argv: string[]): void {
  const buildDir = requireBuildDir(argv[0], 'bin/release BUILD_DIR');
  const entry = defaultWebEntry(buildDir);
  process.stdout.write(releaseYaml(entry === null ? null : webCommand(entry)));
}
