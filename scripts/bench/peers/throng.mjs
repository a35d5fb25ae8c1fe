// throng as its README shows it: a start function per worker, `count` workers (node:cluster
// underneath, with Node's default round-robin scheduling), SIGTERM forwarded to the workers.
//   node scripts/bench/peers/throng.mjs APP_FILE PORT WORKERS
// Each worker prints "listening <pid>" on stderr. throng has no rolling restart.
import throng from 'throng';
import { argsOrUsage, serveApp } from './serve.mjs';

const [file, port, workers] = argsOrUsage('throng.mjs APP_FILE PORT WORKERS', 3);
throng({ count: Number(workers), worker: () => serveApp(file, port) });
