// How each server under test is started, told it is ready, reloaded and identified: the command
// lines, the files a start needs (PM2's ecosystem file) and the log lines that say "ready". Every
// server is started the way its own documentation shows, around the same app (fixtures/bench/app).
// Pure: paths in, launch spec out; servers.mjs does the spawning.
import { dirname, join } from 'node:path';

/**
 * @param cand  a candidate from plan.mjs with `workers`
 * @param ctx   { root, node, port, tmp } - tmp is a private directory of this server start
 * @returns { argv, env, files: { path: text }, ready: [{ re, count }], reload, versionArgv }
 */
export function launchSpec(cand, { root, node, port, tmp }) {
  const appDir = join(root, 'fixtures/bench/app');
  const appFile = join(appDir, 'app.mjs');
  const peers = join(root, 'scripts/bench/peers');
  const n = cand.workers;
  // Every serving process prints "listening <pid>" (scripts/bench/peers/serve.mjs).
  const listening = (count) => ({ re: /^listening \d+$/gm, count });
  switch (cand.kind) {
    case 'raw':
      return {
        argv: [node, join(peers, 'raw.mjs'), appFile, String(port)],
        cwd: appDir,
        ready: [listening(1)],
      };
    case 'launcher':
      return {
        argv: [node, join(peers, 'launcher.mjs'), appFile, String(port)],
        cwd: appDir,
        ready: [listening(1)],
      };
    case 'cluster':
      return {
        argv: [node, join(peers, 'cluster.mjs'), appFile, String(port), String(n), cand.policy],
        cwd: appDir,
        ready: [{ re: /^ready$/gm, count: 1 }],
        reload: { signal: 'SIGHUP' },
      };
    case 'throng':
      return {
        argv: [node, join(peers, 'throng.mjs'), appFile, String(port), String(n)],
        cwd: appDir,
        ready: [listening(n)],
      };
    case 'pm2': {
      // A private PM2_HOME per start: nothing is read from or left in ~/.pm2, and the daemon, its
      // sockets and logs go away with this server's temp dir.
      const home = join(tmp, 'pm2');
      const ecosystem = join(tmp, 'ecosystem.config.json');
      const pm2Bin = join(root, 'node_modules/pm2/bin');
      const app = {
        name: 'bench',
        script: join(peers, 'pm2-app.mjs'),
        cwd: appDir,
        instances: n,
        exec_mode: 'cluster',
        env: { BENCH_APP_FILE: appFile, BENCH_PORT: String(port) },
      };
      return {
        argv: [node, join(pm2Bin, 'pm2-runtime'), 'start', ecosystem],
        cwd: appDir,
        env: { PM2_HOME: home },
        files: { [ecosystem]: `${JSON.stringify({ apps: [app] }, null, 2)}\n` },
        ready: [listening(n)],
        reload: { argv: [node, join(pm2Bin, 'pm2'), 'reload', 'all'], env: { PM2_HOME: home } },
      };
    }
    case 'tsicorn':
      return {
        // Start-up runs the command a user types (bin/tsicorn, which runs the bundle with the `node`
        // on PATH, the bench's own here); the throughput runs start the bundle with node directly.
        argv: [
          ...(cand.shim ? [join(root, 'bin/tsicorn')] : [node, join(root, 'dist/tsicorn.mjs')]),
          'app',
          '-b',
          `127.0.0.1:${port}`,
          '-w',
          String(n),
          '--distribution',
          cand.distribution,
          ...(cand.accessLog ? ['--access-logfile', '/dev/null'] : []),
          ...(cand.metrics ? ['--metrics-interval', '1'] : []),
        ],
        cwd: appDir,
        env: cand.shim ? { PATH: `${dirname(node)}:${process.env.PATH ?? '/usr/bin:/bin'}` } : undefined,
        ready: [{ re: /All \d+ worker\(s\) ready/g, count: 1 }],
        reload: { signal: 'SIGHUP' },
      };
    case 'gunicorn':
      // The Debian package's gunicorn (Python 3). --threads only matters to gthread: 4, as in the
      // `--workers=2 --threads=4 --worker-class=gthread` the Heroku guidance in the seeds shows.
      return {
        argv: [
          'gunicorn',
          '-k',
          cand.workerClass,
          '-w',
          String(n),
          ...(cand.workerClass === 'gthread' ? ['--threads', '4'] : []),
          '-b',
          `127.0.0.1:${port}`,
          'wsgi:app',
        ],
        cwd: appDir,
        ready: [{ re: /Booting worker with pid/g, count: n }],
        reload: { signal: 'SIGHUP' },
      };
    default:
      throw new Error(`unknown candidate kind ${cand.kind}`);
  }
}

/** True when every ready pattern shows up at least its count of times in the log. */
export function isReady(spec, log) {
  return spec.ready.every(({ re, count }) => (log.match(re) ?? []).length >= count);
}
