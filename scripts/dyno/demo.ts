// `npm run demo [-- --app fixtures/apps/<name> --dyno <size> --fixtures --requests N]`:
// builds the app through the buildpack (clean clone of HEAD), boots it as web.1 on the chosen dyno
// size, shows the sizing decision, the workers, answers with the pid that served each, then stops
// it with SIGTERM as the platform does and prints the exit code.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../../lib/server/free-port.ts';
import { bootDyno, type Dyno } from './boot.ts';
import { BuildFailed, buildApp, REPO } from './clone.ts';
import { hostFacts } from './host.ts';
import { getOnce, waitServing } from './http.ts';
import { parseDyno, planBoot } from './plan.ts';
import { childPids } from './process.ts';

const step = (s: string) => console.log(`-----> ${s}`);
const detail = (s: string) => console.log(`       ${s}`);

export async function demo(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      app: { type: 'string', default: 'fixtures/apps/demo' },
      dyno: { type: 'string', default: 'standard-2x' },
      fixtures: { type: 'boolean', default: false },
      requests: { type: 'string', default: '8' },
      path: { type: 'string', default: '/hello/{n}' },
      help: { type: 'boolean', default: false },
      'use-working-tree': { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      'usage: npm run demo -- [--app fixtures/apps/demo] [--dyno standard-2x|performance-m|1024mb-2cpu|...] [--fixtures] [--requests 8] [--path /hello/{n}] [--use-working-tree]\n' +
        '  --app DIR   any app directory: its dependencies are installed as heroku/nodejs would (npm ci with a lockfile, else npm install)\n' +
        '  --path P    the path each request asks for; {n} becomes the request number',
    );
    return 0;
  }
  const spec = parseDyno(values.dyno);
  if (!spec) {
    console.error(
      `demo: unknown dyno size "${values.dyno}"; try standard-1x, standard-2x, performance-m, performance-l, private-s, or 1024mb-2cpu`,
    );
    return 2;
  }
  const app = resolve(REPO, values.app);
  const plan = planBoot(spec, hostFacts(), { forceFixture: values.fixtures });

  step(`tsicorn demo: ${values.app} on a ${spec.label} dyno`);
  let built: Awaited<ReturnType<typeof buildApp>>;
  try {
    built = await buildApp({
      app,
      log: (l) => console.log(l),
      buildpackFrom: values['use-working-tree'] ? REPO : undefined,
    });
  } catch (e) {
    console.error(` !     ${e instanceof BuildFailed ? e.message : String(e)}`);
    return 1;
  }
  let dyno: Dyno | null = null;
  try {
    detail(
      values['use-working-tree']
        ? '(buildpack: a copy of the working tree, --use-working-tree)'
        : `(buildpack: clean clone of commit ${built.commit}${built.dirty ? '; uncommitted changes to bin/ dist/ profile.d/ are NOT in it' : ''})`,
    );
    step(`web: ${built.webCommand}`);
    const port = await freePort();
    step(`Booting web.1 on port ${port} in ${plan.note}`);
    dyno = bootDyno({
      buildDir: built.buildDir,
      webCommand: built.webCommand,
      plan,
      port,
      fixturesRoot: join(built.buildpack, 'fixtures/cgroups'),
    });
    const d = dyno;
    const sizing = await d.waitFor(/^tsicorn: .*$/m, 20_000);
    detail(sizing[0]);
    const n = Number(/WEB_CONCURRENCY=(\d+)/.exec(sizing[0])?.[1] ?? '1');
    let exited = false;
    d.exited(3_600_000).then(
      () => {
        exited = true;
      },
      () => {},
    );
    await waitServing(port, 30_000, () => !exited);
    // The first worker serves before the others have booted: wait for the master to say all are up.
    await d.waitFor(/All \d+ worker\(s\) ready/, 20_000).catch(() => {});
    const deadline = Date.now() + 20_000;
    while (childPids(d.pid).length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const workers = childPids(d.pid);
    step(`master pid ${d.pid} runs ${workers.length} workers: ${workers.join(', ')}`);
    const seen = new Map<number, number>();
    for (let i = 1; i <= Number(values.requests); i++) {
      const path = values.path.replaceAll('{n}', String(i));
      const r = await getOnce(port, path);
      let pid = 0;
      try {
        pid = (JSON.parse(r.body) as { pid: number }).pid;
      } catch {
        // not the demo app: show the body instead
      }
      if (pid) seen.set(pid, (seen.get(pid) ?? 0) + 1);
      detail(`GET ${path} -> ${r.status} ${pid ? `from worker ${pid}` : r.body.slice(0, 60)}`);
    }
    if (seen.size) detail(`${seen.size} different workers answered`);
    step('SIGTERM to every process of the dyno (as the platform does on shutdown)');
    d.signal('SIGTERM');
    const code = await d.exited(40_000);
    step(`exit code ${code}`);
    const logTail = d
      .output()
      .split('\n')
      .filter((l) => /Shutting down|Handling signal|exiting/i.test(l))
      .slice(-3);
    for (const l of logTail) detail(l);
    return code === 0 ? 0 : 1;
  } catch (e) {
    console.error(` !     demo failed: ${(e as Error).message}`);
    if (dyno) console.error(dyno.output());
    if (!values['use-working-tree']) {
      console.error(
        ` !     (this built commit ${built.commit}; to try uncommitted work: npm run demo -- --use-working-tree)`,
      );
    }
    return 1;
  } finally {
    await dyno?.destroy();
    built.cleanup();
  }
}
