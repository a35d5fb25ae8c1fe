// Issue 5 acceptance, end to end: every app shape served by a real master with 2 workers, over
// real HTTP, with answers from both workers; bodies in, streams out; WEB_CONCURRENCY and PORT.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  childPids,
  freePort,
  ROOT,
  request,
  spawnTsicorn,
  TEST_NODE,
  TEST_NODE_VERSION,
} from '../helpers/proc.ts';
import { bothWorkersAnswer } from '../helpers/workers.ts';

const APPS = `${ROOT}fixtures/apps`;
const SHAPES: Array<[string, string[]]> = [
  ['plain-listener', []],
  ['express4', []],
  ['express5', []],
  ['koa', []],
  ['fastify', []],
  ['hono', []],
  ['itty-router', []],
  ['fetch-function', []],
  ['factory-async', ['--factory']],
];
// Node strips TypeScript types by default from 22.18 (and 23.6+); Node 20 cannot.
const stripsTypes =
  execFileSync(TEST_NODE, ['-p', 'Boolean(process.features.typescript)'], { encoding: 'utf8' }).trim() ===
  'true';

describe('every app shape behind the master with -w 2', () => {
  it.each(SHAPES)('%s: both workers answer, POST bodies echo, streams arrive whole', async (name, extra) => {
    const port = await freePort();
    const p = spawnTsicorn(['app', '-w', '2', '-b', `127.0.0.1:${port}`, ...extra], {
      cwd: `${APPS}/${name}`,
    });
    await p.waitFor(/All 2 worker\(s\) ready/);
    const base = `http://127.0.0.1:${port}`;
    await bothWorkersAnswer(base, p.pid);
    const payload = Buffer.alloc(200_000, 'tsicorn ').toString();
    const echo = await request(`${base}/echo`, {
      method: 'POST',
      body: payload,
      headers: { 'content-type': 'text/plain' },
    });
    expect(echo.status).toBe(200);
    expect(echo.body).toBe(payload);
    const stream = await request(`${base}/stream`);
    expect(stream.status).toBe(200);
    expect(stream.body).toBe('chunk 0\nchunk 1\nchunk 2\nchunk 3\nchunk 4\n');
    p.signal('SIGTERM');
    expect(await p.exited()).toBe(0);
  });

  // Runs on both Nodes (the server tests run twice): Node 24 serves it, Node 20 refuses it.
  it(`ts-app on Node ${TEST_NODE_VERSION.join('.')}: ${stripsTypes ? 'both workers answer and POST bodies echo' : 'refused with advice, the master exits 3'}`, async () => {
    const port = await freePort();
    const p = spawnTsicorn(['app', '-w', '2', '-b', `127.0.0.1:${port}`], { cwd: `${APPS}/ts-app` });
    if (!stripsTypes) {
      expect(await p.exited(15_000)).toBe(3);
      expect(p.output()).toMatch(
        /cannot run TypeScript files directly.*22\.18\+ \/ 24.*compile the app to JavaScript/s,
      );
      expect((p.output().match(/Booting worker with pid/g) ?? []).length).toBe(1);
      return;
    }
    await p.waitFor(/All 2 worker\(s\) ready/);
    const base = `http://127.0.0.1:${port}`;
    await bothWorkersAnswer(base, p.pid);
    const echo = await request(`${base}/echo`, { method: 'POST', body: 'typed body' });
    expect(echo.body).toBe('typed body');
    p.signal('SIGTERM');
    expect(await p.exited()).toBe(0);
  });
});

describe('worker count and port from the environment', () => {
  it('WEB_CONCURRENCY sets the worker count and PORT the bind (0.0.0.0:$PORT)', async () => {
    const port = await freePort('0.0.0.0');
    const p = spawnTsicorn(['app'], {
      cwd: `${APPS}/arbiter`,
      env: { WEB_CONCURRENCY: '3', PORT: String(port) },
    });
    await p.waitFor(/All 3 worker\(s\) ready/);
    expect(p.output()).toContain(`Listening at: http://0.0.0.0:${port}`);
    expect(childPids(p.pid)).toHaveLength(3);
    expect((await request(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });

  it('-w beats WEB_CONCURRENCY', async () => {
    const port = await freePort();
    const p = spawnTsicorn(['app', '-w', '1', '-b', `127.0.0.1:${port}`], {
      cwd: `${APPS}/arbiter`,
      env: { WEB_CONCURRENCY: '3' },
    });
    await p.waitFor(/All 1 worker\(s\) ready/);
    expect(childPids(p.pid)).toHaveLength(1);
  });

  it('a bad WEB_CONCURRENCY is refused with a message naming it, before anything starts', async () => {
    const p = spawnTsicorn(['app'], { cwd: `${APPS}/arbiter`, env: { WEB_CONCURRENCY: 'lots' } });
    expect(await p.exited()).toBe(1);
    expect(p.stderr()).toMatch(/WEB_CONCURRENCY/);
    expect(p.output()).not.toMatch(/Booting worker/);
  });
});

describe('apps that call listen() themselves, as many Heroku apps do', () => {
  it.each([
    // The server the app listens on PORT is what `node app.js` serves, so it is what tsicorn serves.
    ['listens-itself', 'app', /\(node-server \(app\.listen on port \d+\)\)/],
    ['listen-only', 'server', /\(node-server \(app\.listen on port \d+\)\)/],
  ])('%s: nothing is bound twice, both workers serve', async (name, module, shape) => {
    const port = await freePort('0.0.0.0');
    const p = spawnTsicorn([module, '-w', '2'], { cwd: `${APPS}/${name}`, env: { PORT: String(port) } });
    await p.waitFor(/All 2 worker\(s\) ready/);
    expect(p.output()).toMatch(
      new RegExp(`The app called listen\\(\\) on port ${port}: nothing was bound there`),
    );
    expect(p.output()).toMatch(shape);
    await bothWorkersAnswer(`http://127.0.0.1:${port}`, p.pid);
    p.signal('SIGTERM');
    expect(await p.exited()).toBe(0);
  });

  it('a listen() made long after loading, on a second server: its callback fires, nothing is bound, the log says so', async () => {
    const port = await freePort();
    const p = spawnTsicorn(['app', '-w', '1', '-b', `127.0.0.1:${port}`], { cwd: `${APPS}/arbiter` });
    await p.ready();
    const second = await freePort();
    const answer = await request(`http://127.0.0.1:${port}/listen?port=${second}`);
    expect(JSON.parse(answer.body)).toMatchObject({ listening: true });
    await expect(request(`http://127.0.0.1:${second}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await p.waitFor(
      new RegExp(`The app called listen\\(\\) on port ${second} while being served: nothing was bound there`),
    );
    expect((await request(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });
});
