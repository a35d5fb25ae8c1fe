// Issue 5 acceptance, end to end: every app shape served by a real master with 2 workers, over
// real HTTP, with answers from both workers; bodies in, streams out; WEB_CONCURRENCY and PORT.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  childPids,
  eventually,
  freePort,
  ROOT,
  request,
  spawnTsicorn,
  systemNode,
  TEST_NODE_VERSION,
} from '../helpers/proc.ts';

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
  ['ts-app', []],
];
// Node strips TypeScript types from 22.18 (and 23.6+); below that the refusal is tested instead.
const [maj, min] = TEST_NODE_VERSION;
const stripsTypes = maj > 22 || (maj === 22 && min >= 18);
const RUNNABLE = SHAPES.filter(([name]) => name !== 'ts-app' || stripsTypes);
if (!stripsTypes)
  console.warn(`ts-app shape not served: Node ${TEST_NODE_VERSION.join('.')} cannot strip types`);

async function bothWorkersAnswer(base: string, master: number): Promise<Set<number>> {
  const seen = new Set<number>();
  await eventually(
    async () => {
      const r = await request(`${base}/`);
      expect(r.status).toBe(200);
      seen.add((JSON.parse(r.body) as { pid: number }).pid);
      return seen.size === 2;
    },
    15_000,
    5,
  );
  expect([...seen].sort()).toEqual(childPids(master).sort());
  return seen;
}

describe('every app shape behind the master with -w 2', () => {
  it.each(RUNNABLE)(
    '%s: both workers answer, POST bodies echo, streams arrive whole',
    async (name, extra) => {
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
      if (name !== 'ts-app') {
        // ts-app only proves TypeScript loading; every other fixture streams five chunks.
        const stream = await request(`${base}/stream`);
        expect(stream.status).toBe(200);
        expect(stream.body).toBe('chunk 0\nchunk 1\nchunk 2\nchunk 3\nchunk 4\n');
      }
      p.signal('SIGTERM');
      expect(await p.exited()).toBe(0);
    },
  );
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

describe('TypeScript apps on a Node that cannot strip types', () => {
  const node20 = systemNode();
  const major = node20
    ? Number(execFileSync(node20, ['-p', 'process.versions.node.split(".")[0]']).toString())
    : 0;
  if (!node20 || major >= 22)
    console.warn('SKIPPED: no Node older than 22 on PATH to check the TypeScript refusal with');
  it.skipIf(!node20 || major >= 22)(
    'Node 20 refuses app.ts with advice, and the master exits non-zero',
    async () => {
      const port = await freePort();
      const p = spawnTsicorn(['app', '-w', '1', '-b', `127.0.0.1:${port}`], {
        cwd: `${APPS}/ts-app`,
        node: node20!,
      });
      expect(await p.exited(15_000)).not.toBe(0);
      expect(p.output()).toMatch(/TypeScript/);
      expect(p.output()).toMatch(/22\.18|Node 24|compile/i);
    },
  );
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
});
