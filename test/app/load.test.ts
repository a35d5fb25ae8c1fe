// loadApp in a real Node process (the harness bundle): module resolution, export picking, shape
// rules, factories, TypeScript on Node 24 and 20, and every kind of load failure with its message.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prerequisite } from '../helpers/prereq.ts';
import { request, systemNode, TEST_NODE } from '../helpers/proc.ts';
import { serveApp, startHarness } from '../http/serve.ts';

// Outside the repository on purpose (no node_modules of ours to resolve from); removed afterwards.
const made: string[] = [];
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A throwaway app directory holding `files` (path -> source). */
function appDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsicorn-app-'));
  made.push(dir);
  for (const [p, src] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), src);
  }
  return dir;
}

const LISTENER = "export default (req, res) => res.end('listener ' + req.url);\n";

async function failsToLoad(dir: string, spec: string, opts: { factory?: boolean; node?: string } = {}) {
  const proc = await startHarness(dir, { spec, ...opts });
  expect(await proc.exited()).toBe(3);
  return proc.output();
}

describe('resolution of MODULE[:EXPORT]', () => {
  it.each([
    ['app', { 'app.js': LISTENER }],
    ['app', { 'app.mjs': LISTENER }],
    ['app', { 'app.cjs': "module.exports = (req, res) => res.end('listener ' + req.url);\n" }],
    ['app', { 'app/index.js': LISTENER, 'package.json': '{"type":"module"}' }],
    ['src/server.js', { 'src/server.js': LISTENER, 'package.json': '{"type":"module"}' }],
    ['lib/web', { 'lib/web.mjs': LISTENER }],
    ['app:server', { 'app.mjs': "export const server = (req, res) => res.end('listener ' + req.url);\n" }],
    ['app', { 'app.mjs': "export const app = (req, res) => res.end('listener ' + req.url);\n" }],
    ['app', { 'app.cjs': "exports.app = (req, res) => res.end('listener ' + req.url);\n" }],
  ])('%s from %j', async (spec, files) => {
    const s = await serveApp(appDir(files), { spec });
    expect(s.shape).toBe('node-listener');
    expect((await request(`${s.url}/x`)).body).toBe('listener /x');
  });

  it('a missing module names every candidate that was tried', async () => {
    const out = await failsToLoad(appDir({ 'other.js': LISTENER }), 'app');
    expect(out).toContain('[module-not-found]');
    expect(out).toMatch(/Cannot find app module "app"/);
    for (const c of ['app.js', 'app.mjs', 'app.cjs', 'app.ts', 'app.mts', 'app/index.js'])
      expect(out).toContain(c);
  });

  it('a missing export lists the exports there are', async () => {
    const out = await failsToLoad(
      appDir({ 'app.mjs': 'export const a = 1; export const b = 2;\n' }),
      'app:web',
    );
    expect(out).toContain('[export-not-found]');
    expect(out).toMatch(/no export named "web"\. Available exports: a, b/);
    const out2 = await failsToLoad(appDir({ 'app.mjs': 'export const a = 1;\n' }), 'app');
    expect(out2).toMatch(/neither a default export nor an export named "app"\. Available exports: a/);
  });

  it('an unrecognised export says which shapes are accepted', async () => {
    const out = await failsToLoad(appDir({ 'app.mjs': 'export default { port: 3000 };\n' }), 'app');
    expect(out).toContain('[unrecognised-shape]');
    expect(out).toMatch(/keys \[port\]/);
    expect(out).toMatch(/Accepted: a Node request listener.*Koa.*Fastify.*fetch/);
  });

  it('a function with no declared parameters is refused as ambiguous, with the ways out', async () => {
    const out = await failsToLoad(appDir({ 'app.mjs': 'export default (...args) => args;\n' }), 'app');
    expect(out).toMatch(/no declared parameters.*\(req, res\).*\(request\).*--factory/s);
  });
});

describe('shapes and factories', () => {
  it('a one-parameter function is a fetch handler, a two-parameter one a listener', async () => {
    const s = await serveApp(
      appDir({
        'app.mjs': "export default (request) => new Response('fetch ' + new URL(request.url).pathname);\n",
      }),
    );
    expect(s.shape).toBe('fetch-function');
    expect((await request(`${s.url}/y`)).body).toBe('fetch /y');
  });

  it('an `export default { fetch }` object is served', async () => {
    const s = await serveApp(
      appDir({ 'app.mjs': "export default { fetch: () => new Response('object') };\n" }),
    );
    expect(s.shape).toBe('fetch');
    expect((await request(`${s.url}/`)).body).toBe('object');
  });

  it('--factory calls a named export (sync or async) and serves what it returns', async () => {
    const dir = appDir({
      'app.mjs':
        "export function create() { return (req, res) => res.end('made'); }\n" +
        "export async function createKoaLike() { return { fetch: async () => new Response('async made') }; }\n",
    });
    const a = await serveApp(dir, { spec: 'app:create', factory: true });
    expect(a.shape).toBe('factory -> node-listener');
    expect((await request(`${a.url}/`)).body).toBe('made');
    const b = await serveApp(dir, { spec: 'app:createKoaLike', factory: true });
    expect((await request(`${b.url}/`)).body).toBe('async made');
  });

  it('--factory on something that is not a function, or a factory that throws, is a clear error', async () => {
    const out = await failsToLoad(appDir({ 'app.mjs': 'export default { fetch() {} };\n' }), 'app', {
      factory: true,
    });
    expect(out).toMatch(/--factory was given, but the export "default" .* is not a function/);
    const out2 = await failsToLoad(
      appDir({ 'app.mjs': "export default async () => { throw new Error('no database'); };\n" }),
      'app',
      { factory: true },
    );
    expect(out2).toMatch(/\[factory-failed\].*threw: no database/);
  });
});

describe('load failures keep the original error', () => {
  it('throws at import: the message and the stack of the user code', async () => {
    const out = await failsToLoad(join(import.meta.dirname, '../../fixtures/apps/throws-at-import'), 'app');
    expect(out).toContain('[import-failed]');
    expect(out).toContain('fixture throws at import: DATABASE_URL is not set');
    expect(out).toMatch(/at .*throws-at-import\/app\.js:2/);
  });

  it('a missing dependency names the package and what to check', async () => {
    const out = await failsToLoad(join(import.meta.dirname, '../../fixtures/apps/missing-dep'), 'app');
    expect(out).toContain('tsicorn-fixture-package-that-does-not-exist');
    expect(out).toMatch(/package is in "dependencies" and installed/);
  });

  it('a syntax error says so', async () => {
    const out = await failsToLoad(join(import.meta.dirname, '../../fixtures/apps/syntax-error'), 'app');
    expect(out).toMatch(/SyntaxError/);
    expect(out).toMatch(/syntax error/);
    expect(out).toContain('syntax-error/app.js');
    // An ES module's SyntaxError carries no location of its own: the loader finds file, line and caret.
    expect(out).toMatch(/The syntax error is at \S*syntax-error\/app\.js:3\n\s+res\.end\('never' ;\n\s+\^/);
  });
});

/** Whether `bin` strips TypeScript types by default (Node 22.18+ and 23.6+; not 20). */
const stripsTypes = (bin: string) =>
  execFileSync(bin, ['-p', 'Boolean(process.features.typescript)'], { encoding: 'utf8' }).trim() === 'true';

/** A .ts app on `bin`: served where Node strips types, refused with both fixes where it cannot. */
async function typeScriptOn(bin: string) {
  if (stripsTypes(bin)) {
    const s = await serveApp('ts-app', { node: bin });
    expect(s.shape).toBe('node-listener');
    expect(JSON.parse((await request(`${s.url}/`)).body)).toEqual({ pid: s.proc.pid, shape: 'ts-app' });
    const echo = await request(`${s.url}/echo`, { method: 'POST', body: 'typed body' });
    expect(echo.body).toBe('typed body');
  } else {
    const proc = await startHarness('ts-app', { node: bin });
    expect(await proc.exited()).toBe(3);
    expect(proc.output()).toContain('[typescript-unsupported]');
    expect(proc.output()).toMatch(
      /cannot run TypeScript files directly.*22\.18\+ \/ 24.*compile the app to JavaScript/s,
    );
  }
}

describe('TypeScript apps', () => {
  it('on the Node running the tests (24): served where it strips types, refused naming both fixes where not', async () => {
    await typeScriptOn(TEST_NODE);
  });

  const system = systemNode();
  const noSystem = system ? null : 'no system Node outside node_modules on PATH (CI has Node 20 there)';

  it('on the system Node (20 on CI): served where it strips types, refused naming both fixes where not', async (ctx) => {
    prerequisite(ctx, noSystem);
    await typeScriptOn(system!);
  });

  it('on the system Node (20 on CI), JavaScript apps serve: Express 5, a plain listener, a fetch function', async (ctx) => {
    prerequisite(ctx, noSystem);
    for (const app of ['express5', 'plain-listener', 'fetch-function']) {
      const s = await serveApp(app, { node: system! });
      expect(JSON.parse((await request(`${s.url}/`)).body).shape).toBe(app);
      const echo = await request(`${s.url}/echo`, { method: 'POST', body: 'on the system node' });
      expect(echo.body, `${app}: ${s.proc.output()}`).toBe('on the system node');
    }
  });
});
