// The baseline: one plain Node process, node:http around the same app module tsicorn loads.
//   node scripts/bench/raw-server.mjs APP_FILE PORT
// Prints "ready" on stderr once listening; exits on SIGTERM after closing the listener.
import http from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [file, port] = process.argv.slice(2);
if (!file || !port) {
  console.error('usage: raw-server.mjs APP_FILE PORT');
  process.exit(2);
}
const mod = await import(pathToFileURL(resolve(file)).href);
const server = http.createServer(mod.default);
server.listen(Number(port), '127.0.0.1', () => process.stderr.write('ready\n'));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 2000).unref();
});
