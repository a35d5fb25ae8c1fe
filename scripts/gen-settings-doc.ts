#!/usr/bin/env node
// Writes the settings table (generated from lib/config/settings.ts) into README.md between
// <!-- settings:start --> and <!-- settings:end -->.
//   node scripts/gen-settings-doc.ts          update README.md
//   node scripts/gen-settings-doc.ts --check  exit 1 when README.md is stale
// Needs a Node that strips types (22.18+, 24: node_modules/.bin/node, which npm scripts use).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSettingsTable, spliceReadme } from '../lib/config/doc.ts';

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const current = readFileSync(readmePath, 'utf8');
const fresh = spliceReadme(current, renderSettingsTable());
if (process.argv.includes('--check')) {
  if (fresh !== current) {
    console.error('README.md settings table is stale: run `node scripts/gen-settings-doc.ts`');
    process.exit(1);
  }
  console.log('README.md settings table is up to date');
} else if (fresh !== current) {
  writeFileSync(readmePath, fresh);
  console.log('README.md settings table updated');
} else console.log('README.md settings table already up to date');
