// Reading the app's files with errors that name the file and say what to do.
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BuildError } from './output.ts';

export function requireBuildDir(buildDir: string | undefined, usage: string): string {
  if (!buildDir) throw new BuildError([`missing BUILD_DIR argument. Usage: ${usage}`]);
  let isDir = false;
  try {
    isDir = statSync(buildDir).isDirectory();
  } catch {
    throw new BuildError([
      `BUILD_DIR ${buildDir} does not exist.`,
      `The platform passes the app's directory as the first argument; check the path. Usage: ${usage}`,
    ]);
  }
  if (!isDir) throw new BuildError([`BUILD_DIR ${buildDir} is not a directory. Usage: ${usage}`]);
  return buildDir;
}

/** bin/compile writes into BUILD_DIR: say so before the first write if it cannot (a read-only
 * mount, missing permissions), instead of failing halfway with an error about some subdirectory. */
export function requireWritable(buildDir: string): void {
  try {
    accessSync(buildDir, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'EROFS' ? 'it is on a read-only file system' : code === 'EACCES' ? 'permission denied' : code;
    throw new BuildError([
      `BUILD_DIR ${buildDir} is not writable: ${why}.`,
      'The buildpack installs the server into the app directory; build on a writable copy of the app.',
    ]);
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Text of an app file, or null when it does not exist; unreadable files are build errors. */
export function readAppFile(dir: string, rel: string): string | null {
  const path = join(dir, rel);
  if (!exists(path)) return null;
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    const why = code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : code;
    throw new BuildError([
      `cannot read ${path}: ${why}.`,
      `Make ${rel} a readable file (check its permissions and that it is committed), then build again.`,
    ]);
  }
}

/** Parsed JSON of an app file (null when absent); invalid JSON is a build error naming the file. */
export function readAppJson(dir: string, rel: string): Record<string, unknown> | null {
  const text = readAppFile(dir, rel);
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BuildError([
      `${join(dir, rel)} is not valid JSON: ${(e as Error).message}.`,
      `Fix the file (\`node -e "JSON.parse(require('fs').readFileSync('${rel}','utf8'))"\` shows the error) and build again.`,
    ]);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BuildError([`${join(dir, rel)} must hold a JSON object, not ${JSON.stringify(value)}.`]);
  }
  return value as Record<string, unknown>;
}
