// The baseline: one plain Node process, node:http around the same app module every candidate loads
// (what `node app.js` does when the app listens itself).
//   node scripts/bench/peers/raw.mjs APP_FILE PORT
// Prints "listening <pid>" on stderr once listening; exits on SIGTERM after closing the listener.
import { argsOrUsage, serveApp } from './serve.mjs';

const [file, port] = argsOrUsage('raw.mjs APP_FILE PORT', 2);
const server = await serveApp(file, port);
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 2000).unref();
});
