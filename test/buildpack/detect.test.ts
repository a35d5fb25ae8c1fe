// bin/detect for both APIs, run as the platforms run it (bash, no Node needed).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/proc.ts';
import { appDir, run, tempDir } from './stage.ts';

const DETECT = join(ROOT, 'bin/detect');
const PASSING: Array<[string, Record<string, string>]> = [
  ['a tsicorn dependency', { 'package.json': '{"dependencies": {"tsicorn": "^0.1.0"}}' }],
  ['a Procfile web line running tsicorn', { 'package.json': '{}', Procfile: 'web: tsicorn app.js -w 3\n' }],
  ['a Procfile web line with a path to tsicorn', { Procfile: 'web: node_modules/.bin/tsicorn app\n' }],
  ['a tsicorn.config.ts', { 'tsicorn.config.ts': 'export default {}' }],
];
const FAILING: Array<[string, Record<string, string>]> = [
  [
    'an unrelated app',
    { 'package.json': '{"dependencies": {"express": "5"}}', Procfile: 'web: node app.js\n' },
  ],
  ['tsicorn only in a worker line', { Procfile: 'worker: tsicorn jobs\n' }],
  ['tsicorn as a substring', { Procfile: 'web: tsicornish app\n' }],
  ['an empty dir', {}],
];

describe('classic bin/detect BUILD_DIR', () => {
  it.each(PASSING)('passes with %s', (_l, files) => {
    const r = run(DETECT, [appDir(files)]);
    expect(r).toMatchObject({ status: 0, stdout: 'tsicorn\n', stderr: '' });
  });
  it.each(FAILING)('fails with exit 1 and no output for %s', (_l, files) => {
    expect(run(DETECT, [appDir(files)])).toMatchObject({ status: 1, stdout: '', stderr: '' });
  });
  it('passes on the demo app', () => {
    expect(run(DETECT, [appDir('demo')]).status).toBe(0);
  });
  it('fails clearly on a missing BUILD_DIR', () => {
    const r = run(DETECT, ['/nonexistent/app']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^ ! {5}bin\/detect: BUILD_DIR '\/nonexistent\/app' is not a directory/);
  });
});

describe('CNB bin/detect', () => {
  it.each(PASSING)('passes with exit 0 and requires node in the plan with %s', (_l, files) => {
    const app = appDir(files);
    const cnb = tempDir();
    const plan = join(cnb, 'plan.toml');
    const r = run(DETECT, [], { cwd: app, env: { CNB_PLATFORM_DIR: cnb, CNB_BUILD_PLAN_PATH: plan } });
    expect(r.status).toBe(0);
    const toml = readFileSync(plan, 'utf8');
    expect(toml).toContain('[[provides]]\nname = "tsicorn"');
    expect(toml).toContain('[[requires]]\nname = "tsicorn"');
    expect(toml).toMatch(
      /\[\[requires\]\]\nname = "node"\n\n\[requires\.metadata\]\nbuild = true\nlaunch = true/,
    );
  });
  it.each(FAILING)('fails with exit 100 for %s', (_l, files) => {
    const cnb = tempDir();
    const env = { CNB_PLATFORM_DIR: cnb, CNB_BUILD_PLAN_PATH: join(cnb, 'plan.toml') };
    expect(run(DETECT, [], { cwd: appDir(files), env }).status).toBe(100);
  });
  it('accepts the legacy positional PLATFORM_DIR PLAN_PATH form', () => {
    const cnb = tempDir();
    const r = run(DETECT, [cnb, join(cnb, 'plan.toml')], { cwd: appDir('demo') });
    expect(r.status).toBe(0);
    expect(readFileSync(join(cnb, 'plan.toml'), 'utf8')).toContain('name = "node"');
  });
});
