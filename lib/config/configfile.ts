// Finds, loads and interprets config files: tsicorn.config.{ts,mts,js,mjs,cjs,json}.
// A module's default export (or, without one, its named exports) is an object of settings and hooks,
// written with Gunicorn's snake_case names or tsicorn's camelCase keys.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { esmSyntaxLocation, lacksLocation } from '../app/syntax-location.ts';
import { fromFile } from './coerce.ts';
import { didYouMean, foldName } from './didyoumean.ts';
import { ConfigError } from './errors.ts';
import { FILE_ALIASES, HOOKS, SETTINGS, type SettingDef } from './settings.ts';
import type { Hooks, Settings } from './types.ts';

export const CONFIG_FILE_NAMES = ['ts', 'mts', 'js', 'mjs', 'cjs', 'json'].map((e) => `tsicorn.config.${e}`);

/** The config file in `cwd`, or null. Two candidates at once is an error: which one wins would be a guess. */
export function findConfigFile(cwd: string): string | null {
  const found = CONFIG_FILE_NAMES.filter((n) => existsSync(join(cwd, n)));
  if (found.length > 1)
    throw new ConfigError(
      `several config files in ${cwd}: ${found.join(', ')}. Keep one, or choose with -c/--config FILE`,
    );
  return found.length ? join(cwd, found[0]!) : null;
}

export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

let generation = 0;

/** Imports the file afresh (a reload must see edits) and returns its settings object. */
export async function loadConfigObject(file: string, shown = file): Promise<Record<string, unknown>> {
  if (!existsSync(file))
    throw new ConfigError(`config file ${shown} does not exist (check the -c/--config path)`);
  if (file.endsWith('.json')) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError(`cannot read config file ${shown}: ${(e as Error).message}`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new ConfigError(`config file ${shown} is not valid JSON: ${(e as Error).message}`);
    }
    if (!isPlainObject(data))
      throw new ConfigError(`config file ${shown} must hold a JSON object of settings, e.g. {"workers": 2}`);
    return data;
  }
  // CommonJS files live in require's cache, keyed by path: drop the entry so edits are seen on reload.
  const req = createRequire(file);
  delete req.cache[file];
  let ns: Record<string, unknown>;
  try {
    ns = await import(`${pathToFileURL(file).href}?tsicorn-load=${++generation}`);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err?.code === 'ERR_UNKNOWN_FILE_EXTENSION' && /\.m?ts$/.test(file))
      throw new ConfigError(
        `cannot load ${shown}: Node ${process.version} cannot run TypeScript without a build step ` +
          '(type stripping needs Node 22.18+ or 24). Use a newer Node, or rename it to ' +
          `${basename(file).replace(/ts$/, 'js')} without type annotations`,
      );
    throw new ConfigError(`config file ${shown} failed to load${describeLoadFailure(e, file, shown)}`);
  }
  const def = ns.default;
  if (def !== undefined) {
    if (!isPlainObject(def))
      throw new ConfigError(
        `config file ${shown}: the default export must be an object of settings (e.g. export default { workers: 2 }), got ${typeof def}`,
      );
    return def;
  }
  const named: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ns)) if (k !== 'module.exports' && k !== '__esModule') named[k] = v;
  return named;
}

/** The frames of tsicorn itself (this bundle) and of Node's loader say nothing to the user. */
const OWN_CODE = import.meta.url;
const FRAME_LOCATION = /^\s+at (?:.*\()?((?:file:\/\/)?\/[^()]*?):(\d+):(\d+)\)?$/;

/** " at FILE:LINE[:COL]:" and the error with only the user's stack frames. */
function describeLoadFailure(e: unknown, file: string, shown: string): string {
  const err = e as Error | undefined;
  if (!err?.stack) return `: ${String(e)}`;
  const show = (path: string) => {
    const p = path.startsWith('file://') ? fileURLToPath(path) : path;
    return p === file ? shown : p;
  };
  if (lacksLocation(err)) {
    const at = esmSyntaxLocation(pathToFileURL(file).href);
    if (at) {
      const [where, ...source] = at.split('\n');
      const m = /^(.*)(:\d+)$/.exec(where!)!;
      return ` at ${show(m[1]!)}${m[2]}:\n${source.join('\n')}\n${err.name}: ${err.message}`;
    }
    return `: ${err.name}: ${err.message}`;
  }
  const lines = err.stack
    .replace(/\?tsicorn-load=\d+/g, '')
    .split('\n')
    .filter((l) => !/^\s+at /.test(l) || !(l.includes('node:') || l.includes(OWN_CODE)));
  const frame = lines.map((l) => FRAME_LOCATION.exec(l)).find((m) => m);
  // A CommonJS syntax error starts with "/path/file.cjs:3", the source line and a caret line.
  const header = /^((?:file:\/\/)?\/[^\n]*):(\d+)$/.exec(lines[0] ?? '');
  const where = frame
    ? `${show(frame[1]!)}:${frame[2]}:${frame[3]}`
    : header
      ? `${show(header[1]!)}:${header[2]}`
      : null;
  const body = header ? lines.slice(1).join('\n').replace(/^\n/, '') : lines.join('\n');
  return where ? ` at ${where}:\n${body}` : `:\n${body}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type Entry =
  | { kind: 'setting'; def: SettingDef }
  | { kind: 'hook'; key: keyof Hooks }
  | { kind: 'alias'; alias: (typeof FILE_ALIASES)[number] };

function nameTable(): Map<string, Entry> {
  const t = new Map<string, Entry>();
  for (const def of SETTINGS) {
    if (def.names.length === 0) continue; // not settable from a file (e.g. the config path itself)
    for (const n of [...def.names, def.key]) t.set(n, { kind: 'setting', def });
  }
  for (const h of HOOKS) {
    t.set(h.name, { kind: 'hook', key: h.key });
    t.set(h.key, { kind: 'hook', key: h.key });
  }
  for (const a of FILE_ALIASES) t.set(a.name, { kind: 'alias', alias: a });
  return t;
}

/** Every name a config file may use. */
export function acceptedFileNames(): string[] {
  return [...nameTable().keys()];
}

/** Suggests the canonical name for a misspelt key, also recognising CLI-flag spellings (log_level, keep-alive). */
export function suggestFileName(input: string): string | null {
  const canonical = [
    ...SETTINGS.filter((d) => d.names.length).map((d) => d.names[0]!),
    ...HOOKS.map((h) => h.name),
    ...FILE_ALIASES.map((a) => a.name),
  ];
  const folded = foldName(input);
  for (const def of SETTINGS) {
    if (!def.names.length) continue;
    const spellings = [...def.names, def.key, ...def.flags.filter((f) => f.startsWith('--'))];
    if (spellings.some((s) => foldName(s) === folded)) return def.names[0]!;
  }
  return didYouMean(input, canonical);
}

export interface FileSettings {
  values: Map<keyof Settings, { value: unknown; detail: string }>;
  hooks: Hooks;
}

/** Validates a loaded config object: unknown names (with did-you-mean), wrong types, bad values. */
export function interpretConfigObject(obj: Record<string, unknown>, shown: string): FileSettings {
  const table = nameTable();
  const values: FileSettings['values'] = new Map();
  const hooks: Hooks = {};
  const seen = new Map<string, string>();
  for (const [name, raw] of Object.entries(obj)) {
    if (raw === undefined) continue; // e.g. `workers: process.env.X` with X unset: leave the default
    const entry = table.get(name);
    if (!entry) {
      if (['config', 'configFile', 'config_file'].includes(name))
        throw new ConfigError(
          `${shown}: "${name}" cannot be set inside a config file; pass -c/--config FILE`,
        );
      const guess = suggestFileName(name);
      throw new ConfigError(
        `${shown}: unknown setting "${name}".${guess ? ` Did you mean "${guess}"?` : ''} See tsicorn --help for the settings.`,
      );
    }
    const where = `${shown}: ${name}`;
    const id =
      entry.kind === 'setting' ? entry.def.key : entry.kind === 'hook' ? entry.key : entry.alias.target;
    if (seen.has(id) && entry.kind !== 'alias')
      throw new ConfigError(`${shown}: "${name}" and "${seen.get(id)}" set the same thing; keep one`);
    seen.set(id, name);
    if (entry.kind === 'hook') {
      if (raw === null) continue;
      if (typeof raw !== 'function')
        throw new ConfigError(`${where}: a hook must be a function, got ${typeof raw}`);
      hooks[entry.key] = raw as never;
    } else if (entry.kind === 'alias') {
      if (typeof raw !== 'boolean') throw new ConfigError(`${where}: expected true or false`);
      const v = entry.alias.convert(raw);
      if (v !== undefined && !values.has(entry.alias.target))
        values.set(entry.alias.target, { value: v, detail: `${shown} (${name})` });
    } else {
      values.set(entry.def.key, { value: fromFile(entry.def, raw, where), detail: `${shown} (${name})` });
    }
  }
  return { values, hooks };
}

/** Resolves a path from the command line or a config file against the directory it was given in. */
export function absolutePath(p: string, base: string): string {
  return isAbsolute(p) ? p : resolve(base, p);
}
