// Where an ES module's syntax error is. import() rejects with a SyntaxError whose stack names only
// Node's own loader, never the file and line (CommonJS syntax errors carry them; Node prints them
// for an ES module only when the error goes uncaught). So, on that error path only, import the
// module again in a throwaway Node process and read the location from what it prints. An ES module
// graph fails to link before any of it runs, so nothing in it executes twice (only a syntax error
// reached through a dynamic import() would re-run the code before that import).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Does this error lack the file and line it happened in? (An ES module's SyntaxError does.) */
export function lacksLocation(err: unknown): boolean {
  const e = err as Error | undefined;
  if (e?.name !== 'SyntaxError' || typeof e.stack !== 'string') return false;
  // CommonJS: the stack starts with "/path/file.js:3", then the source line and a caret line.
  return !/^(?:file:\/\/)?\/[^\n]*:\d+\n/.test(e.stack);
}

/** `path:line` plus the offending source line and its caret marker, or null if Node printed none. */
export function esmSyntaxLocation(url: string, node = process.execPath): string | null {
  const r = spawnSync(node, ['--input-type=module', '-e', 'await import(process.argv[1])', url], {
    encoding: 'utf8',
    timeout: 10_000,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines = (r.stderr ?? '').split('\n');
  const at = lines.findIndex((l) => /^(?:file:\/\/)?\/\S*:\d+$/.test(l));
  if (at < 0) return null;
  const [, path, line] = /^(.*)(:\d+)$/.exec(lines[at]!)!;
  const where = (path!.startsWith('file://') ? fileURLToPath(path!) : path!) + line;
  const source = lines.slice(at + 1, at + 3).filter((l) => l.trim() !== '');
  return [where, ...source].join('\n');
}
