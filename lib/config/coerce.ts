// Turns raw values (command-line strings, config-file values) into typed, validated setting values.
// Every error names where the value came from and what would be valid.
import { ConfigError } from './errors.ts';
import { type SettingDef, splitComma } from './settings.ts';

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

function expected(def: SettingDef): string {
  switch (def.type) {
    case 'int':
      return 'a whole number';
    case 'bool':
      return 'true or false';
    case 'string':
      return 'a string';
    case 'nullable-string':
      return 'a string (or null for none)';
    case 'list':
      return def.listStyle === 'comma'
        ? 'a comma-separated string or an array of strings'
        : 'a string or an array of strings';
    case 'enum':
      return `one of ${def.choices!.join(', ')}`;
    case 'mode':
      return 'an octal file mode such as 660 or 0660';
  }
}

function check(def: SettingDef, value: unknown, where: string): unknown {
  const err = def.validate?.(value as never);
  // A list's validator names the item at fault; "an array is invalid" would only hide it.
  if (err)
    throw new ConfigError(`${where}: ${Array.isArray(value) ? '' : `${describe(value)} is invalid: `}${err}`);
  return value;
}

function enumValue(def: SettingDef, s: string, where: string): string {
  const v = s.trim().toLowerCase();
  if (!def.choices!.includes(v))
    throw new ConfigError(`${where}: ${describe(s)} is not valid; expected ${expected(def)}`);
  return v;
}

function intValue(def: SettingDef, s: string, where: string): number {
  const t = s.trim();
  if (!/^[-+]?\d+$/.test(t)) throw new ConfigError(`${where}: ${describe(s)} is not ${expected(def)}`);
  return Number(t);
}

function modeValue(def: SettingDef, s: string, where: string): number {
  const m = /^(?:0o?)?([0-7]{1,4})$/i.exec(s.trim());
  if (!m) throw new ConfigError(`${where}: ${describe(s)} is not ${expected(def)}`);
  return Number.parseInt(m[1]!, 8);
}

/** A value given as text: a CLI flag argument or a TSICORN_CMD_ARGS word. */
export function fromString(def: SettingDef, raw: string, where: string): unknown {
  switch (def.type) {
    case 'int':
      return check(def, intValue(def, raw, where), where);
    case 'bool': {
      const t = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(t)) return true;
      if (['false', '0', 'no', 'off'].includes(t)) return false;
      throw new ConfigError(`${where}: ${describe(raw)} is not ${expected(def)}`);
    }
    case 'string':
    case 'nullable-string':
      return check(def, raw, where);
    case 'list':
      return check(def, def.listStyle === 'comma' ? splitComma(raw) : [raw.trim()], where);
    case 'enum':
      return check(def, enumValue(def, raw, where), where);
    case 'mode':
      return check(def, modeValue(def, raw, where), where);
  }
}

/** A value from a config file: native JS types, with the leniency Gunicorn's validators have for strings. */
export function fromFile(def: SettingDef, raw: unknown, where: string): unknown {
  const wrongType = () => new ConfigError(`${where}: got ${describe(raw)}, expected ${expected(def)}`);
  switch (def.type) {
    case 'int':
      if (typeof raw === 'number') {
        if (!Number.isInteger(raw)) throw wrongType();
        return check(def, raw, where);
      }
      if (typeof raw === 'string') return fromString(def, raw, where);
      throw wrongType();
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string') return fromString(def, raw, where);
      throw wrongType();
    case 'string':
      if (typeof raw !== 'string') throw wrongType();
      return check(def, raw, where);
    case 'nullable-string':
      if (raw === null || raw === false) return null;
      if (typeof raw !== 'string') throw wrongType();
      return check(def, raw, where);
    case 'list': {
      if (typeof raw === 'string') return fromString(def, raw, where);
      if (!Array.isArray(raw) || raw.some((x) => typeof x !== 'string')) throw wrongType();
      const items =
        def.listStyle === 'comma'
          ? raw.flatMap((x: string) => splitComma(x))
          : raw.map((x: string) => x.trim());
      return check(def, items, where);
    }
    case 'enum':
      if (typeof raw !== 'string') throw wrongType();
      return check(def, enumValue(def, raw, where), where);
    case 'mode':
      // A number is taken as it is (0o660 in JavaScript); a string is read as octal, like the CLI.
      if (typeof raw === 'number' && Number.isInteger(raw)) return check(def, raw, where);
      if (typeof raw === 'string') return fromString(def, raw, where);
      throw wrongType();
  }
}
