// lib/app/check.ts, bundled as dist/ would bundle it, run as a real process with TSICORN_CHECK_SETTINGS.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_NODE } from '../helpers/proc.ts';
import { repoApp } from '../helpers/repo-app.ts';
import { APPS, checkAppBundle } from '../http/serve.ts';

async function check(settings: unknown) {
  const script = await checkAppBundle();
  const r = spawnSync(TEST_NODE, [script], {
    env: {
      ...process.env,
      TSICORN_CHECK_SETTINGS: typeof settings === 'string' ? settings : JSON.stringify(settings),
    },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

/** A throwaway app inside the repository, so it resolves the repository's packages. */
const appDir = (files: Record<string, string>) => repoApp('check-app-', files);

describe('check-app', () => {
  it('a good app: "App OK: <shape> from <file>", exit 0', async () => {
    const r = await check({ app: 'app', factory: false, chdir: join(APPS, 'express5') });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^App OK: express from app\.js; GET \/ answered 200 in \d+ ms\n$/);
    const f = await check({ app: 'app', factory: false, chdir: join(APPS, 'fastify') });
    expect(f.out).toMatch(/^App OK: fastify from app\.js; GET \/ answered 200/);
    const t = await check({ app: 'app:createApp', factory: true, chdir: join(APPS, 'factory-async') });
    expect(t.out).toMatch(/^App OK: factory -> fetch from app\.js; GET \/ answered 200/);
  });

  it('a throwing or missing app: the error, exit 1', async () => {
    const bad = await check({ app: 'app', factory: false, chdir: join(APPS, 'throws-at-import') });
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/App failed to load: .*DATABASE_URL is not set/);
    const missing = await check({ app: 'nope', factory: false, chdir: join(APPS, 'express5') });
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/Cannot find app module "nope"/);
  });

  it('unreadable settings: exit 1 with what was expected', async () => {
    const r = await check('not json');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/TSICORN_CHECK_SETTINGS must hold the settings as JSON/);
  });

  it('apps that listen late are checked through the server they listen on', async () => {
    const fastify = await check({ app: 'server', factory: false, chdir: join(APPS, 'fastify-start') });
    expect(fastify.code).toBe(0);
    expect(fastify.out).toMatch(
      /App OK: node-server \(app\.listen on port \d+\) from server\.js; GET \/ answered 200/,
    );
    const nest = await check({ app: 'dist/main.js', factory: false, chdir: join(APPS, 'nest-bootstrap') });
    expect(nest.out).toMatch(
      /App OK: node-server \(app\.listen on port \d+\) from dist\/main\.js; GET \/ answered 200/,
    );
  });

  it('a fastify-cli plugin module is served as a plugin, with its options', async () => {
    const r = await check({ app: 'app', factory: false, chdir: join(APPS, 'fastify-cli-plugin') });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/App OK: fastify-plugin from app\.js; GET \/ answered 200/);
    expect(r.out).toMatch(/with the server options the module exports as "options"/);
  });

  it('"App OK" needs an answer: an app whose GET / fails is reported with its error', async () => {
    const dir = appDir({
      'app.mjs': "export default (req, res) => { throw new Error('no route table loaded'); };\n",
    });
    const r = await check({ app: 'app', factory: false, chdir: dir });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/App failed: it loaded \(node-listener from app\.mjs\) but GET \/ answered 500/);
    expect(r.out).toMatch(/Error: no route table loaded/);
  });

  it('a plugin wrapped with the real fastify-plugin is recognised by its markers, whatever its parameter names', async () => {
    const dir = appDir({
      'app.mjs':
        "import fp from 'fastify-plugin';\n" +
        "export default fp(async (a, b) => { a.get('/', async () => ({ wrapped: true })); });\n",
    });
    const r = await check({ app: 'app', factory: false, chdir: dir });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/App OK: fastify-plugin from app\.mjs; GET \/ answered 200/);
  });

  it('an ambiguous function in an app that has fastify is refused, naming both readings', async () => {
    const dir = appDir({ 'app.mjs': 'export default async function (a, b) { return [a, b]; }\n' });
    const r = await check({ app: 'app', factory: false, chdir: dir });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /reads two ways: as a Fastify plugin \(fastify, opts\).*or as a Node request listener/,
    );
  });

  it('nothing exported and nothing listened: says so at once when the app has nothing left to do', async () => {
    const dir = appDir({
      'server.mjs': "export const helper = () => 'x';\nconsole.log('set up, but never listens');\n",
    });
    const started = Date.now();
    const r = await check({ app: 'server', factory: false, chdir: dir, bootTimeout: 60 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/server\.mjs exports nothing tsicorn can serve \(exports: helper\)/);
    expect(r.out).toMatch(/nothing left to do/);
    expect(r.out).toMatch(/export the app.*\n.*let the app call listen\(\)/s);
  });

  it('nothing exported and nothing listened while the app stays busy: the boot timeout ends the wait', async () => {
    const dir = appDir({ 'server.mjs': 'setInterval(() => {}, 1000);\n' });
    const r = await check({ app: 'server', factory: false, chdir: dir, bootTimeout: 2 });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /exports nothing tsicorn can serve \(exports: none\).*within the boot timeout \(--boot-timeout 2 s\)/s,
    );
  });

  it('several servers: the one on PORT is served, the others are named as not bound', async () => {
    const dir = appDir({
      'server.mjs':
        "import { createServer } from 'node:http';\n" +
        "const metrics = createServer((req, res) => res.end('metrics'));\n" +
        'await new Promise((r) => metrics.listen(9091, r));\n' +
        'await new Promise((r) => setTimeout(r, 50));\n' +
        "createServer((req, res) => res.end('web')).listen(process.env.PORT);\n",
    });
    const r = await check({ app: 'server', factory: false, chdir: dir, bind: ['127.0.0.1:8123'] });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/App OK: node-server \(app\.listen on port 8123\)/);
    expect(r.out).toMatch(/also called listen\(\) on port 9091: nothing was bound there/);
  });

  it('an app listening on a port of its own choosing is served, and its callback reads the served address', async () => {
    const dir = appDir({
      'server.cjs':
        "const server = require('node:http').createServer((req, res) => res.end('hi'));\n" +
        "server.listen(5006, () => console.log('listening on ' + JSON.stringify(server.address())));\n",
    });
    const r = await check({ app: 'server.cjs', factory: false, chdir: dir, bind: ['127.0.0.1:8124'] });
    expect(r.code).toBe(0);
    expect(r.out).toContain('listening on {"address":"127.0.0.1","family":"IPv4","port":8124}');
    expect(r.out).toMatch(/App OK: node-server \(app\.listen on port 5006\)/);
  });

  it('an ESM app that awaits listen() at top level and keeps its module busy is served without waiting for it', async () => {
    const dir = appDir({
      'server.mjs':
        "import Fastify from 'fastify';\n" +
        'const app = Fastify();\n' +
        "app.get('/', async () => ({ ok: true }));\n" +
        "await app.listen({ port: Number(process.env.PORT), host: '0.0.0.0' });\n" +
        "await new Promise((r) => setTimeout(r, 60_000)); // still 'loading' for a minute\n",
    });
    const started = Date.now();
    const r = await check({ app: 'server', factory: false, chdir: dir, bind: ['127.0.0.1:8125'] });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.out).toMatch(
      /App OK: node-server \(app\.listen on port 8125\) from server\.mjs; GET \/ answered 200/,
    );
  });

  it('a GET / that streams forever (server-sent events) is an answer: its status decides, the check ends', async () => {
    // koajs/examples' stream-server-side-events serves an endless event stream at /: the check
    // waited for the body to end and never finished (the events kept the probe's idle timer alive).
    const dir = appDir({
      'app.cjs':
        'module.exports = (req, res) => {\n' +
        "  res.writeHead(200, { 'content-type': 'text/event-stream' });\n" +
        "  const t = setInterval(() => res.write('data: tick\\n\\n'), 100);\n" +
        "  res.on('close', () => clearInterval(t));\n" +
        '};\n',
    });
    const started = Date.now();
    const r = await check({ app: 'app.cjs', factory: false, chdir: dir });
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /App OK: node-listener from app\.cjs; GET \/ answered 200 in \d+ ms \(still streaming/,
    );
  });

  it('an answer whose body breaks off with an error still fails the check', async () => {
    const dir = appDir({
      'app.cjs':
        'module.exports = (req, res) => {\n' +
        "  res.writeHead(200, { 'content-type': 'text/plain' });\n" +
        "  res.write('partial');\n" +
        "  setTimeout(() => res.destroy(new Error('template render failed')), 50);\n" +
        '};\n',
    });
    const r = await check({ app: 'app.cjs', factory: false, chdir: dir });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /App failed: it loaded \(node-listener from app\.cjs\) but GET \/ answered 200 and its body broke off/,
    );
  });

  it('an app that calls process.exit() while loading fails the check with that said', async () => {
    const dir = appDir({
      'server.cjs': "console.error('FATAL: DATABASE_URL is not set');\nprocess.exit(1);\n",
    });
    const r = await check({ app: 'server.cjs', factory: false, chdir: dir });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FATAL: DATABASE_URL is not set/);
    expect(r.out).toMatch(/App failed to load: the app called process\.exit\(1\) while loading/);
  });

  it('an https server the app listens on or exports is served without its TLS, and a warning says so', async () => {
    // No certificate needed: the server is never asked for a handshake here.
    const dir = appDir({
      'listens.cjs':
        "require('node:https').createServer((req, res) => res.end('hi')).listen(process.env.PORT || 8443);\n",
      'exports.cjs': "module.exports = require('node:https').createServer((req, res) => res.end('hi'));\n",
    });
    for (const app of ['listens.cjs', 'exports.cjs']) {
      const r = await check({ app, factory: false, chdir: dir, bind: ['127.0.0.1:8126'] });
      expect(r.code).toBe(0);
      expect(r.out).toMatch(
        /\[WARNING\] The app's server is an https\.Server: tsicorn serves it over plain HTTP, without the app's TLS certificate/,
      );
    }
    const plain = await check({ app: 'app', factory: false, chdir: join(APPS, 'express5') });
    expect(plain.out).not.toMatch(/https\.Server/);
  });

  it('a CommonJS module that exports nothing is reported as exporting nothing', async () => {
    const dir = appDir({ 'server.cjs': "require('node:http').createServer(() => {});\n" });
    const r = await check({ app: 'server.cjs', factory: false, chdir: dir });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/server\.cjs exports nothing tsicorn can serve \(exports: none\)/);
  });
});
