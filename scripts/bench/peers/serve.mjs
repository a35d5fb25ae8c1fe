// What every Node peer's serving process does, so they differ only in the process manager around
// it: import the app module, wrap its default export in node:http, listen on 127.0.0.1:PORT, print
// "listening <pid>" on stderr. Under node:cluster (also throng and PM2 cluster mode) the listen
// goes through the cluster primary, which decides how connections are distributed.
import http from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function serveApp(file, port) {
  const mod = await import(pathToFileURL(resolve(file)).href);
  const server = http.createServer(mod.default);
  await new Promise((ok) => server.listen(Number(port), '127.0.0.1', ok));
  process.stderr.write(`listening ${process.pid}\n`);
  return server;
}

/** Reads APP_FILE PORT [more...] from argv, or exits 2 with the usage line. */
export function argsOrUsage(usage, count) {
  const args = process.argv.slice(2);
  if (args.length < count || args.slice(0, count).some((a) => !a)) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  return args;
}
