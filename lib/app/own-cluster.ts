// Apps written for node:cluster fork their own workers when `cluster.isPrimary` (Node's own
// documentation shows it that way). A tsicorn worker is no cluster worker, so that test holds in
// each of them: every worker would become a primary and fork workers of its own, whose listen()
// goes through a primary whose listens tsicorn captures, and Node crashes inside its cluster code
// (`Cannot set properties of null (setting 'onconnection')`, then EPIPE), worker after worker.
// tsicorn is the primary here, so the app's cluster.fork() is refused with what to do instead:
// the first worker fails to load the app (exit 3) and the master stops, as for any broken app.
import cluster from 'node:cluster';
import { relative } from 'node:path';
import { AppLoadError } from './errors.ts';

export function refuseOwnCluster(file: string, cwd: string): void {
  const name = relative(cwd, file) || file;
  (cluster as unknown as { fork: () => never }).fork = function fork(): never {
    throw new AppLoadError(
      'own-cluster',
      `The app starts its own workers with node:cluster (cluster.fork() in ${name}, run because cluster.isPrimary holds in a tsicorn worker). ` +
        'tsicorn is the primary here: it already runs your app in -w N workers (or WEB_CONCURRENCY), restarts them and reloads them. ' +
        'Serve the app without the cluster code: keep what the cluster workers ran (the server and its listen()) and drop the fork loop, or run the app with plain `node` when you want node:cluster to manage it.',
    );
  };
}
