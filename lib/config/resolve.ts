// Resolves the final Config from all sources, in precedence order (highest first):
//   CLI > TSICORN_CMD_ARGS > config file > environment-derived defaults > defaults.
// Also records where each value came from, for --print-config.
import { defaultWebEntry, webCommand } from '../buildpack/entry.ts';
import { type Action, parseArgs } from './argv.ts';
import {
  absolutePath,
  displayPath,
  findConfigFile,
  interpretConfigObject,
  loadConfigObject,
} from './configfile.ts';
import { ConfigError } from './errors.ts';
import { type DefaultContext, SETTINGS, type SourceKind, staticDefaults } from './settings.ts';
import { shellSplit } from './shellsplit.ts';
import type { Config, Hooks, Settings } from './types.ts';

export { ConfigError } from './errors.ts';

export interface SettingSource {
  kind: SourceKind;
  /** e.g. `--workers`, `WEB_CONCURRENCY=4`, `tsicorn.config.mjs (graceful_timeout)`. */
  detail: string;
}
export type Sources = Record<keyof Settings, SettingSource>;

export type ResolvedAction = 'run' | Action;

export interface ResolveInput {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  cwd: string;
  /** `tsicorn doctor` reads the settings of a server without needing its app. */
  appOptional?: boolean;
}

export interface Resolved {
  action: ResolvedAction;
  config: Config;
  sources: Sources;
  /** Names of the hooks the config file defined (snake_case as written), for --print-config. */
  hookSources: Partial<Record<keyof Hooks, string>>;
}

// When several actions are asked for, the one that does least wins (help beats everything).
const ACTION_ORDER: Action[] = ['help', 'version', 'print-config', 'check-config'];

type Layer = { kind: SourceKind; values: Map<keyof Settings, { value: unknown; detail: string }> };

function defaultsLayer(ctx: DefaultContext): { base: Settings; sources: Sources; env: Layer } {
  const base = staticDefaults();
  const sources = {} as Sources;
  const env: Layer = { kind: 'env', values: new Map() };
  for (const def of SETTINGS) {
    sources[def.key] = { kind: 'default', detail: 'default' };
    const d = def.dynamicDefault?.(ctx);
    if (d) env.values.set(def.key, { value: d.value, detail: d.detail });
    if (d && d.source === 'default') {
      (base as unknown as Record<string, unknown>)[def.key] = d.value;
      env.values.delete(def.key);
    }
  }
  return { base, sources, env };
}

function merge(base: Settings, sources: Sources, layers: Layer[]): void {
  const out = base as unknown as Record<string, unknown>;
  for (const layer of layers)
    for (const [key, { value, detail }] of layer.values) {
      out[key] = value;
      sources[key] = { kind: layer.kind, detail };
    }
}

/** Paths are made absolute against the launch directory, so workers that chdir still find them. */
function absolutize(s: Settings, cwd: string): void {
  s.chdir = absolutePath(s.chdir, cwd);
  if (s.pidfile) s.pidfile = absolutePath(s.pidfile, cwd);
  if (s.errorlog !== '-') s.errorlog = absolutePath(s.errorlog, cwd);
  if (s.accesslog && s.accesslog !== '-') s.accesslog = absolutePath(s.accesslog, cwd);
  if (s.configFile) s.configFile = absolutePath(s.configFile, cwd);
}

export const USAGE = 'Usage: tsicorn [OPTIONS] MODULE[:EXPORT]';

export async function resolveConfig(input: ResolveInput): Promise<Resolved> {
  const { argv, env, cwd } = input;
  const cli = parseArgs(argv, 'cli');
  const cliAction = ACTION_ORDER.find((a) => cli.actions.includes(a));

  // --help and --version must work even when the environment or config file is broken.
  if (cliAction === 'help' || cliAction === 'version') {
    let d: ReturnType<typeof defaultsLayer>;
    try {
      d = defaultsLayer({ env, cwd });
    } catch {
      d = defaultsLayer({ env: {}, cwd });
    }
    merge(d.base, d.sources, [d.env]);
    return { action: cliAction, config: { ...d.base, hooks: {} }, sources: d.sources, hookSources: {} };
  }

  const cmdText = env.TSICORN_CMD_ARGS ?? '';
  const cmd = cmdText.trim()
    ? parseArgs(shellSplit(cmdText, 'TSICORN_CMD_ARGS'), 'TSICORN_CMD_ARGS')
    : { values: new Map(), actions: [] as Action[] };

  const { base, sources, env: envLayer } = defaultsLayer({ env, cwd });

  const explicit = (cli.values.get('configFile') ?? cmd.values.get('configFile'))?.value as
    | string
    | undefined;
  const configPath = explicit ? absolutePath(explicit, cwd) : findConfigFile(cwd);
  const fileLayer: Layer = { kind: 'config-file', values: new Map() };
  let hooks: Hooks = {};
  const hookSources: Resolved['hookSources'] = {};
  if (configPath) {
    const shown = displayPath(configPath, cwd);
    const obj = await loadConfigObject(configPath, shown);
    const parsed = interpretConfigObject(obj, shown);
    fileLayer.values = parsed.values;
    hooks = parsed.hooks;
    for (const k of Object.keys(hooks) as (keyof Hooks)[]) hookSources[k] = shown;
  }

  merge(base, sources, [
    envLayer,
    fileLayer,
    { kind: 'TSICORN_CMD_ARGS', values: cmd.values },
    { kind: 'cli', values: cli.values },
  ]);
  if (configPath && !explicit) {
    base.configFile = configPath;
    sources.configFile = { kind: 'default', detail: 'found in the working directory' };
  }
  absolutize(base, cwd);

  const action: ResolvedAction =
    ACTION_ORDER.find((a) => cli.actions.includes(a) || cmd.actions.includes(a)) ?? 'run';
  if ((action === 'run' || action === 'check-config') && !base.app && !input.appOptional)
    throw new ConfigError(
      `no app given. ${USAGE}\n  e.g. tsicorn app, tsicorn src/server.ts, tsicorn -w 4 app:handler (or set "app" in the config file). Run tsicorn --help for options.` +
        entryHint(base.chdir || cwd),
    );
  return { action, config: { ...base, hooks }, sources, hookSources };
}

/**
 * What the buildpack would serve in `dir` when no Procfile names the app (package.json "main",
 * else app/index/server.*), offered with the usage error: `tsicorn` alone serves nothing, as
 * `gunicorn` alone does not, but the user usually meant that file.
 */
function entryHint(dir: string): string {
  try {
    const entry = defaultWebEntry(dir);
    return entry
      ? `\n  In ${dir}, the buildpack's default web process would run: ${webCommand(entry)} (package.json "main", else app/index/server.*)`
      : '';
  } catch {
    return ''; // an unreadable package.json: the usage error alone
  }
}

/** The hooks of a config file. Workers call this: functions cannot be sent between processes. */
export async function loadHooks(configFile: string | null): Promise<Hooks> {
  if (!configFile) return {};
  return interpretConfigObject(await loadConfigObject(configFile), configFile).hooks;
}

/** The plain-data part of a Config, as JSON (what the master passes to workers and check-app). */
export function settingsToJSON(config: Settings | Config): string {
  const out: Record<string, unknown> = {};
  for (const def of SETTINGS) out[def.key] = (config as unknown as Record<string, unknown>)[def.key];
  return JSON.stringify(out);
}

/** Parses settingsToJSON output; a missing key takes its default, a wrong-typed or invalid one is an error. */
export function settingsFromJSON(text: string): Settings {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`settings JSON is not valid: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new ConfigError('settings JSON must be an object');
  const out = staticDefaults() as unknown as Record<string, unknown>;
  const obj = data as Record<string, unknown>;
  for (const def of SETTINGS) {
    if (!(def.key in obj)) continue;
    const v = obj[def.key];
    const d = def.default;
    const ok =
      def.type === 'nullable-string'
        ? v === null || typeof v === 'string'
        : Array.isArray(d)
          ? Array.isArray(v)
          : typeof v === typeof d;
    if (!ok) throw new ConfigError(`settings JSON: ${def.key} has the wrong type (${typeof v})`);
    // The same checks the value passed when it was first resolved: a receiving process trusts nothing.
    const problem =
      def.type === 'enum' && !def.choices!.includes(v as string)
        ? `must be one of ${def.choices!.join(', ')}`
        : (def.validate?.(v as never) ?? null);
    if (problem) throw new ConfigError(`settings JSON: ${def.key} = ${JSON.stringify(v)} ${problem}`);
    out[def.key] = v;
  }
  return out as unknown as Settings;
}
