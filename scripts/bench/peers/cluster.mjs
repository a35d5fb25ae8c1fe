// node:cluster as its documentation shows it: a primary forks WORKERS processes that each listen
// on the same port, with the primary's scheduling policy: rr (round-robin, Node's default on
// Linux: the primary accepts every connection and hands it to a worker) or none (SCHED_NONE: the
// workers accept from the shared socket themselves).
//   node scripts/bench/peers/cluster.mjs APP_FILE PORT WORKERS rr|none
// SIGHUP restarts the workers one at a time with the loop most cluster scripts copy: disconnect a
// worker, fork its replacement once it has exited, move on once that one listens.
// SIGTERM stops the workers and then the primary. Prints "ready" once every worker listens.
import cluster from 'node:cluster';
import { argsOrUsage, serveApp } from './serve.mjs';

const [file, port, workers, policy] = argsOrUsage('cluster.mjs APP_FILE PORT WORKERS rr|none', 4);

if (cluster.isPrimary) {
  if (policy !== 'rr' && policy !== 'none') {
    console.error(`cluster.mjs: policy must be rr or none, got ${policy}`);
    process.exit(2);
  }
  // Must be set before the first fork.
  cluster.schedulingPolicy = policy === 'none' ? cluster.SCHED_NONE : cluster.SCHED_RR;
  let listening = 0;
  const onListening = () => {
    if (++listening === Number(workers)) process.stderr.write('ready\n');
  };
  for (let i = 0; i < Number(workers); i++) cluster.fork().once('listening', onListening);

  process.on('SIGHUP', () => {
    const current = Object.values(cluster.workers);
    const restart = (i) => {
      if (i >= current.length) return process.stderr.write('restart complete\n');
      const old = current[i];
      old.once('exit', () => cluster.fork().once('listening', () => restart(i + 1)));
      old.disconnect();
    };
    restart(0);
  });
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers)) w.process.kill('SIGTERM');
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers).length === 0) process.exit(0);
    });
  });
} else {
  await serveApp(file, port);
}
