// Heroku-style build output: `-----> ` steps and six-space details on stdout, ` !     ` errors
// on stderr. A BuildError carries the lines of an actionable message; main() prints it, exits 1.

export class BuildError extends Error {
  readonly lines: string[];
  constructor(lines: string[]) {
    super(lines.join('\n'));
    this.lines = lines;
  }
}

export function step(msg: string): void {
  process.stdout.write(`-----> ${msg}\n`);
}

export function detail(msg: string): void {
  process.stdout.write(`      ${msg}\n`);
}

export function formatError(lines: string[]): string {
  return lines.map((l) => ` !     ${l}\n`).join('');
}

/** Run a phase; a BuildError (or anything unexpected) becomes ` !     ` lines and exit code 1. */
export async function runPhase(phase: () => Promise<void> | void): Promise<number> {
  try {
    await phase();
    return 0;
  } catch (e) {
    const lines = e instanceof BuildError ? e.lines : [`tsicorn buildpack failed unexpectedly: ${String(e)}`];
    process.stderr.write(formatError(lines));
    return 1;
  }
}
