// Text generated from the settings registry: --help, --print-config and the README settings table.
import type { Resolved } from './resolve.ts';
import { ACTIONS, FILE_ALIASES, HOOKS, SETTINGS, type Section, type SettingDef } from './settings.ts';

const SECTIONS: Section[] = ['App', 'Server', 'Workers', 'Limits', 'Proxy', 'Logging', 'Metrics', 'Config'];

function flagSpelling(def: SettingDef): string {
  const value =
    def.type === 'bool' ? '' : ` ${def.metavar ?? (def.choices ? `{${def.choices.join(',')}}` : 'VALUE')}`;
  const flags = def.flags.join(', ') + value;
  return def.negatable ? `${flags}, --no-${def.flags.at(-1)!.slice(2)}` : flags;
}

export function defaultText(def: SettingDef): string {
  if (def.defaultDoc) return def.defaultDoc;
  const d = def.default as unknown;
  if (d === null) return 'none';
  if (Array.isArray(d)) return d.join(',');
  return String(d);
}

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

export function renderHelp(version: string): string {
  const out: string[] = [
    `tsicorn ${version}: a pre-fork HTTP server for Node (Gunicorn for Node)`,
    '',
    'Usage: tsicorn [OPTIONS] MODULE[:EXPORT]',
    '       tsicorn doctor [--json] [OPTIONS]   what the autotuner sees here, and a running master (-p FILE)',
    '',
    '  MODULE is resolved from --chdir like a relative import (app, src/server.ts, app/index.js);',
    '  EXPORT defaults to the default export, then `app`.',
    '',
    'Precedence: command line > TSICORN_CMD_ARGS > config file > environment (PORT, WEB_CONCURRENCY, DYNO) > defaults.',
  ];
  for (const section of SECTIONS) {
    const defs = SETTINGS.filter((d) => d.section === section && d.flags.length);
    if (!defs.length) continue;
    out.push('', `${section}:`);
    for (const d of defs) {
      out.push(`  ${flagSpelling(d)}`);
      out.push(wrap(`${d.help} [default: ${defaultText(d)}]`, 90, '      '));
    }
  }
  out.push('', 'Actions:');
  for (const a of ACTIONS) {
    out.push(`  ${a.flags.join(', ')}`);
    out.push(wrap(a.help, 90, '      '));
  }
  out.push(
    '',
    'Environment:',
    '  PORT               default bind 0.0.0.0:$PORT',
    '  WEB_CONCURRENCY    default worker count (1 to 1000; empty = unset)',
    '  DYNO               set on Heroku: default graceful timeout 25 s (KILL comes 30 s after TERM)',
    '  FORWARDED_ALLOW_IPS  default trusted proxies',
    '  TSICORN_CMD_ARGS   extra command-line arguments, split like a shell would',
  );
  for (const a of FILE_ALIASES) if (a.flag) out.push('', `  ${a.flag}: ${a.help}`);
  out.push(
    '',
    'Config-file hooks (functions; snake_case or camelCase names):',
    wrap(HOOKS.map((h) => h.name).join(', '), 90, '  '),
    '',
  );
  return out.join('\n');
}

function show(v: unknown, def?: SettingDef): string {
  if (def?.type === 'mode' && typeof v === 'number') return `0${v.toString(8).padStart(3, '0')}`;
  if (typeof v === 'string') return JSON.stringify(v);
  return JSON.stringify(v) ?? String(v);
}

/** One line per setting: `name = value  # source`, then the hooks the config file defines. */
export function renderPrintConfig(r: Resolved): string {
  const rows = SETTINGS.map((d) => {
    const src = r.sources[d.key];
    const from = src.kind === 'default' ? src.detail : `${src.kind}: ${src.detail}`;
    return [d.names[0] ?? 'config', show((r.config as unknown as Record<string, unknown>)[d.key], d), from];
  });
  const hooks = HOOKS.filter((h) => r.config.hooks[h.key]);
  for (const h of hooks) rows.push([h.name, '<function>', `config-file: ${r.hookSources[h.key] ?? ''}`]);
  const w0 = Math.max(...rows.map((x) => x[0]!.length));
  const w1 = Math.min(50, Math.max(...rows.map((x) => x[1]!.length)));
  return `${rows.map(([n, v, s]) => `${n!.padEnd(w0)} = ${v!.padEnd(w1)}  # ${s}`).join('\n')}\n`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The Markdown table written into README.md between the settings markers. */
export function renderSettingsTable(): string {
  const lines = [
    '| Setting (config file) | CLI | Env | Default | Description |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const section of SECTIONS)
    for (const d of SETTINGS.filter((x) => x.section === section)) {
      const names = d.names.length ? d.names.map((n) => `\`${n}\``).join(', ') : '(command line only)';
      const flags = d.positional
        ? `\`${d.metavar}\` (argument)`
        : d.flags.map((f) => `\`${f}\``).join(', ') +
          (d.negatable ? `, \`--no-${d.flags.at(-1)!.slice(2)}\`` : '');
      const choices = d.choices ? ` One of: ${d.choices.map((c) => `\`${c}\``).join(', ')}.` : '';
      lines.push(
        `| ${names} | ${flags} | ${d.env ? `\`${d.env}\`` : ''} | ${cell(`\`${defaultText(d)}\``)} | ${cell(d.help + choices)} |`,
      );
    }
  for (const a of FILE_ALIASES)
    lines.push(`| \`${a.name}\` | ${a.flag ? `\`${a.flag}\`` : ''} | | | ${cell(a.help)} |`);
  for (const a of ACTIONS)
    lines.push(`| | ${a.flags.map((f) => `\`${f}\``).join(', ')} | | | ${cell(a.help)} |`);
  lines.push(
    '',
    'camelCase spellings of every config-file name are accepted too (`graceful_timeout` or `gracefulTimeout`).',
    '`TSICORN_CMD_ARGS` holds extra command-line arguments (split like a shell would).',
    '',
    '| Hook (config file only) | Arguments | Runs in | Called |',
    '| --- | --- | --- | --- |',
  );
  for (const h of HOOKS)
    lines.push(`| \`${h.name}\` / \`${h.key}\` | \`${h.signature}\` | ${h.runsIn} | ${cell(h.help)} |`);
  return lines.join('\n');
}

export const README_START = '<!-- settings:start -->';
export const README_END = '<!-- settings:end -->';

/** README text with the table between the markers replaced; throws when the markers are missing. */
export function spliceReadme(readme: string, table: string): string {
  const a = readme.indexOf(README_START);
  const b = readme.indexOf(README_END);
  if (a < 0 || b < a) throw new Error(`README.md needs the markers ${README_START} and ${README_END}`);
  return `${readme.slice(0, a + README_START.length)}\n${table}\n${readme.slice(b)}`;
}
