// Why bin/detect refused an app, as the demo tells it: the same three signs bin/detect looks for.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectAdvice, readDetectFacts } from '../../scripts/dyno/detect-advice.ts';
import { ROOT } from '../helpers/proc.ts';

function app(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsicorn-detect-'));
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

function detects(dir: string): boolean {
  try {
    execFileSync(join(ROOT, 'bin/detect'), [dir], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

describe('detectAdvice', () => {
  it('names what was found and the three ways to add tsicorn, with the entry file', () => {
    const dir = app({
      'package.json': '{"main":"server.js","dependencies":{"express":"^5"}}',
      Procfile: 'web: npm start\n',
    });
    expect(detects(dir)).toBe(false);
    const advice = detectAdvice(readDetectFacts(dir));
    expect(advice).toMatch(
      /a package\.json that does not list tsicorn, a Procfile whose web line \(npm start\) does not run tsicorn, no tsicorn\.config\.\* file/,
    );
    expect(advice).toMatch(/npm install tsicorn/);
    expect(advice).toMatch(/web: tsicorn server;/);
    expect(advice).toMatch(/tsicorn\.config\.js/);
  });
  it('an empty directory: no package.json, no Procfile; the entry defaults to app', () => {
    const dir = app({});
    expect(detects(dir)).toBe(false);
    const advice = detectAdvice(readDetectFacts(dir));
    expect(advice).toMatch(/no package\.json, no Procfile, no tsicorn\.config/);
    expect(advice).toMatch(/web: tsicorn app;/);
  });
  it('each fix it proposes makes bin/detect pass', () => {
    expect(detects(app({ 'package.json': '{"dependencies":{"tsicorn":"^0.1.0"}}' }))).toBe(true);
    expect(detects(app({ Procfile: 'web: tsicorn server\n' }))).toBe(true);
    expect(detects(app({ 'tsicorn.config.js': 'export default {};\n' }))).toBe(true);
  });
});
