// The NestJS fixture is committed compiled (decorators need tsc's experimentalDecorators and
// emitDecoratorMetadata, which Node's type stripping does not do). This proves the committed
// JavaScript is exactly what the project's tsc makes of the TypeScript next to it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/proc.ts';

const FIXTURE = join(ROOT, 'fixtures/apps/nest-bootstrap');

it('fixtures/apps/nest-bootstrap/dist is the tsc output of its src (rebuild: tsc -p fixtures/apps/nest-bootstrap)', () => {
  const out = mkdtempSync(join(tmpdir(), 'tsicorn-nest-'));
  execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', FIXTURE, '--outDir', out], { stdio: 'pipe' });
  const built = readdirSync(out).sort();
  expect(built).toEqual(readdirSync(join(FIXTURE, 'dist')).sort());
  expect(built).toContain('main.js');
  for (const f of built)
    expect(readFileSync(join(FIXTURE, 'dist', f), 'utf8')).toBe(readFileSync(join(out, f), 'utf8'));
});
