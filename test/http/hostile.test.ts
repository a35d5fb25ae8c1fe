// tsicorn's own hostile corpus (fixtures/http: smuggling shapes, chunked framing, request-target
// forms per method, Host grammar, oversized heads, HTTP versions, absurd URLs), replayed against
// createHttpServer with an app that reads the whole body: whole, one byte per write, and cut at
// seeded random boundaries. Every case must get its expected outcome in every mode, the process
// must survive, and the next request must be served. Plain Node runs the same cases (whole) as the
// baseline; both counts are printed.
import { describe, expect, it } from 'vitest';
import { childPids, freePort, ROOT, request, spawnTsicorn, systemNode, TEST_NODE } from '../helpers/proc.ts';
import { type HostileCase, judge, loadHostile, type Mode, replay, seededRandom } from './replay.ts';
import { type Served, serveApp } from './serve.ts';

const cases = loadHostile();
/** Change it to explore other cuts (the soak run does); a failure names the seed to reproduce it. */
const SEED = Number(process.env.TSICORN_HOSTILE_SEED ?? 15);

async function replayAll(s: Served, mode: Mode, seed: number): Promise<Map<HostileCase, string | null>> {
  const random = seededRandom(seed);
  // Cuts are drawn in case order before any I/O, so a seed always gives the same cuts.
  const runs = cases.map((c) => {
    const r = seededRandom(Math.floor(random() * 2 ** 32));
    return replay(s.port, c, mode, r).then((o) => [c, judge(c, o)] as const);
  });
  return new Map(await Promise.all(runs));
}

const isRejection = (c: HostileCase) => c.expect === 'reject' || c.expect === 'close' || c.expect >= 400;

describe('hostile corpus (fixtures/http)', () => {
  const system = systemNode();
  const nodes = [
    { label: 'test runner Node', bin: TEST_NODE },
    ...(system ? [{ label: 'system Node', bin: system }] : []),
  ];
  if (!system)
    console.warn('SKIPPED (hostile corpus on the system Node): no system Node outside node_modules');

  it.each(nodes)(
    'on the $label: every case as expected whole, byte by byte and in random splits; the server lives on',
    async ({ bin }) => {
      const s = await serveApp('read-body', { node: bin, settings: { accesslog: null } });
      const failures: string[] = [];
      for (const mode of ['whole', 'bytes', 'split'] as const) {
        const results = await replayAll(s, mode, SEED);
        for (const [c, why] of results) if (why) failures.push(`${mode} ${c.name}: ${why} (${c.why})`);
        // Still the same process, still serving.
        const next = await request(`${s.url}/`);
        expect(next.status, `after the ${mode} replay`).toBe(200);
        expect(JSON.parse(next.body).pid).toBe(s.proc.pid);
      }
      const rejections = cases.filter(isRejection).length;
      console.log(
        `hostile corpus on ${bin}: ${cases.length} cases (${rejections} to reject, ${cases.length - rejections} to serve), ` +
          `3 modes, seed ${SEED}: ${failures.length} failures`,
      );
      expect(failures).toEqual([]);
    },
  );

  it('through the real server (master and 2 workers): whole and byte by byte, no worker dies', async () => {
    const port = await freePort();
    const p = spawnTsicorn(['app', '-b', `127.0.0.1:${port}`, '-w', '2'], {
      cwd: `${ROOT}fixtures/apps/read-body`,
    });
    await p.ready();
    const workers = childPids(p.pid).sort();
    const s = { proc: p, port, shape: 'read-body', url: `http://127.0.0.1:${port}` };
    const failures: string[] = [];
    for (const mode of ['whole', 'bytes'] as const)
      for (const [c, why] of await replayAll(s, mode, SEED))
        if (why) failures.push(`${mode} ${c.name}: ${why}`);
    expect(failures).toEqual([]);
    expect((await request(`${s.url}/`)).status).toBe(200);
    expect(childPids(p.pid).sort()).toEqual(workers);
    expect(p.output()).not.toMatch(/Worker \(pid:\d+\) (exited|was killed)/);
  });

  it('plain Node (the baseline) on the same cases, whole: counted, not judged', async () => {
    const plain = await serveApp('read-body', { plainNode: true });
    let rejected = 0;
    let served = 0;
    const missed: string[] = [];
    const results = await replayAll(plain, 'whole', SEED);
    for (const [c, why] of results) {
      if (isRejection(c)) {
        if (!why) rejected++;
        else missed.push(c.name);
      } else if (!why) served++;
    }
    const rejections = cases.filter(isRejection).length;
    console.log(
      `plain Node ${process.version}: rejects ${rejected}/${rejections} of the cases tsicorn rejects, serves ` +
        `${served}/${cases.length - rejections} of the others; lets through: ${missed.join(', ')}`,
    );
    expect(rejected + served).toBeGreaterThan(0);
  });
});
