import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { README_END, README_START, renderSettingsTable, spliceReadme } from '../../lib/config/doc.ts';
import { SETTINGS } from '../../lib/config/settings.ts';
import { ROOT } from '../helpers/proc.ts';

describe('README settings table', () => {
  it('matches the registry (run `node scripts/gen-settings-doc.ts` to refresh it)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(README_START);
    expect(readme).toContain(README_END);
    expect(spliceReadme(readme, renderSettingsTable()), 'README.md settings table is stale').toBe(readme);
  });

  it('lists every setting', () => {
    const table = renderSettingsTable();
    for (const s of SETTINGS) for (const f of s.flags) expect(table).toContain(`\`${f}\``);
  });

  it('splicing replaces only what is between the markers', () => {
    const doc = `# T\n\n${README_START}\nold\n${README_END}\n\nafter\n`;
    expect(spliceReadme(doc, 'NEW')).toBe(`# T\n\n${README_START}\nNEW\n${README_END}\n\nafter\n`);
    expect(() => spliceReadme('no markers', 'x')).toThrow(/needs the markers/);
  });
});
