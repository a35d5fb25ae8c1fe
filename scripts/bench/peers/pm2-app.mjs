// The script PM2 runs in each cluster-mode instance: the app behind node:http on the port. PM2
// rewrites the argv of cluster instances, so the app file and port come from the ecosystem
// file's env: BENCH_APP_FILE, BENCH_PORT.
import { serveApp } from './serve.mjs';

const { BENCH_APP_FILE: file, BENCH_PORT: port } = process.env;
if (!file || !port) {
  console.error(
    'pm2-app.mjs: set BENCH_APP_FILE and BENCH_PORT (the bench writes them into the ecosystem file)',
  );
  process.exit(2);
}
await serveApp(file, port);
