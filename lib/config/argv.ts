// Parses command-line words (argv or TSICORN_CMD_ARGS) against the registry. Pure: words in, values out.

import { fromString } from './coerce.ts';
import { didYouMean } from './didyoumean.ts';
import { ConfigError } from './errors.ts';
import {
  ACTIONS,
  type ActionDef,
  FILE_ALIASES,
  type FileAlias,
  SETTINGS,
  type SettingDef,
} from './settings.ts';
import type { Settings } from './types.ts';

export type Action = ActionDef['action'];

export interface ParsedArgs {
  /** Setting values with the flag that set each (for --print-config). */
  values: Map<keyof Settings, { value: unknown; detail: string }>;
  actions: Action[];
}

type FlagTarget =
  | { kind: 'setting'; def: SettingDef; negated: boolean }
  | { kind: 'action'; def: ActionDef }
  | { kind: 'alias'; alias: FileAlias };

function flagTable(): Map<string, FlagTarget> {
  const t = new Map<string, FlagTarget>();
  for (const def of SETTINGS) {
    for (const f of def.flags) t.set(f, { kind: 'setting', def, negated: false });
    if (def.negatable)
      for (const f of def.flags)
        if (f.startsWith('--')) t.set(`--no-${f.slice(2)}`, { kind: 'setting', def, negated: true });
  }
  for (const def of ACTIONS) for (const f of def.flags) t.set(f, { kind: 'action', def });
  for (const alias of FILE_ALIASES) if (alias.flag) t.set(alias.flag, { kind: 'alias', alias });
  return t;
}

/** Every flag spelling, for did-you-mean and tests. */
export function allFlags(): string[] {
  return [...flagTable().keys()];
}

const looksLikeFlag = (w: string) => w.length > 1 && w.startsWith('-') && !/^-\d/.test(w);

// Not util.parseArgs. Strict mode throws its own messages (no did-you-mean, no "(in
// TSICORN_CMD_ARGS)", "argument missing" instead of the metavar). Non-strict mode with tokens
// would save only the `=` split and `-w4`: every token would still be checked here (values coerced,
// lists repeated, bools taking `=false`, the spelling used kept for --print-config), and it would
// change behaviour: it takes the next flag as a value (`--access-logfile --workers 2`), reads a
// positional `-1` as an option, and splits `-hv` into `-h -v` where this says `-h takes no value`.
export function parseArgs(words: readonly string[], origin: string): ParsedArgs {
  const table = flagTable();
  const values: ParsedArgs['values'] = new Map();
  const actions: Action[] = [];
  const appDef = SETTINGS.find((s) => s.positional)!;
  const at = origin === 'cli' ? '' : ` (in ${origin})`;
  let positionalOnly = false;

  const set = (def: SettingDef, value: unknown, detail: string) => {
    const prev = values.get(def.key);
    if (def.type === 'list' && def.listStyle === 'repeat' && prev)
      values.set(def.key, { value: [...(prev.value as string[]), ...(value as string[])], detail });
    else values.set(def.key, { value, detail });
  };

  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (positionalOnly || !looksLikeFlag(w)) {
      if (values.has(appDef.key))
        throw new ConfigError(
          `unexpected argument "${w}"${at}: the app is already "${values.get(appDef.key)!.value}"; only one MODULE[:EXPORT] can be given`,
        );
      set(appDef, fromString(appDef, w, `app${at}`), 'argument');
      continue;
    }
    if (w === '--') {
      positionalOnly = true;
      continue;
    }
    let flag = w;
    let inline: string | undefined;
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      if (eq > 0) {
        flag = w.slice(0, eq);
        inline = w.slice(eq + 1);
      }
    } else if (w.length > 2 && !table.has(w)) {
      // -w4: a short flag with its value attached.
      flag = w.slice(0, 2);
      inline = w.slice(2);
    }
    const target = table.get(flag);
    if (!target) {
      const guess = didYouMean(
        flag,
        [...table.keys()].filter((f) => f.startsWith('--')),
      );
      throw new ConfigError(
        `unknown option ${flag}${at}.${guess ? ` Did you mean ${guess}?` : ''} Run tsicorn --help for the list.`,
      );
    }
    const where = `${flag}${at}`;
    if (target.kind === 'action') {
      if (inline !== undefined) throw new ConfigError(`${where} takes no value`);
      actions.push(target.def.action);
      continue;
    }
    if (target.kind === 'alias') {
      if (inline !== undefined) throw new ConfigError(`${where} takes no value`);
      const v = target.alias.convert(true);
      if (v !== undefined) values.set(target.alias.target, { value: v, detail: flag });
      continue;
    }
    const { def } = target;
    const detail = flag;
    if (def.type === 'bool') {
      const v = inline === undefined ? true : (fromString(def, inline, where) as boolean);
      set(def, target.negated ? !v : v, detail);
      continue;
    }
    let raw = inline;
    if (raw === undefined) {
      const next = words[i + 1];
      if (next === undefined || (looksLikeFlag(next) && next !== '-'))
        throw new ConfigError(
          `${where} needs a value${def.metavar ? ` (${def.metavar})` : ''}` +
            (next === undefined ? '' : `; a value that starts with - goes after =, e.g. ${flag}="${next}"`),
        );
      raw = next;
      i++;
    }
    set(def, fromString(def, raw, where), detail);
  }
  return { values, actions };
}
