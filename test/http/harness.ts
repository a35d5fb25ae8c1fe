// Test program (bundled by esbuild into a temp dir, like dist/, then run by a real Node):
// loads an app with loadApp, serves it with createHttpServer on 127.0.0.1:0, prints
// `READY <port> <shape>` and one `ACCESS {...}` line per access record on stdout.
// argv[2]: JSON { cwd, spec, factory?, settings? }. Exit 3 with the error when the app does not load.
import { createServer } from 'node:http';
import { AppLoadError } from '../../lib/app/errors.ts';
import { loadApp } from '../../lib/app/load.ts';
import { staticDefaults } from '../../lib/config/settings.ts';
import type { Settings } from '../../lib/config/types.ts';
import { clientInfo } from '../../lib/http/forwarded.ts';
import { createHttpServer } from '../../lib/http/server.ts';
import type { Logger } from '../../lib/log/types.ts';

const opts = JSON.parse(process.argv[2] ?? '{}') as {
  cwd: string;
  spec: string;
  factory?: boolean;
  settings?: Partial<Settings>;
  /** Serve plain Node http with this app instead of createHttpServer (the conformance baseline). */
  plainNode?: boolean;
  /** No hooks (they print a line per request): for load measurements. */
  noHooks?: boolean;
  /** Also serve a plain node:http server in this process (prints `PROBE <port>`) whose answer is
   * the front's in-flight view: another server beside tsicorn's, and a window into it. */
  probe?: boolean;
};

const settings = {
  ...staticDefaults(),
  keepalive: 5,
  limitRequestLine: 4094,
  limitRequestFields: 100,
  limitRequestFieldSize: 8190,
  forwardedAllowIps: ['127.0.0.1', '::1'],
  accesslog: '-',
  ...opts.settings,
} as Settings;

const line = (level: string) => (msg: string) => process.stderr.write(`[${level}] ${msg}\n`);
const logger: Logger = {
  debug: line('DEBUG'),
  info: line('INFO'),
  warning: line('WARNING'),
  error: line('ERROR'),
  critical: line('CRITICAL'),
  isEnabled: () => true,
  access(r) {
    const { scheme } = clientInfo(r.req);
    const rec = {
      remoteAddr: r.remoteAddr,
      scheme,
      method: r.req.method,
      url: r.req.url,
      status: r.res.statusCode,
      bytes: r.bytesSent,
    };
    process.stdout.write(`ACCESS ${JSON.stringify(rec)}\n`);
  },
  reopen() {},
  close() {},
};

try {
  const app = await loadApp(opts.spec, { cwd: opts.cwd, factory: Boolean(opts.factory) });
  const front = opts.plainNode
    ? null
    : createHttpServer(
        app,
        settings,
        logger,
        opts.noHooks
          ? {}
          : {
              preRequest: (req) => {
                if (req.headers['x-hook'] === 'throw') throw new Error('pre_request hook failed on purpose');
                process.stdout.write(`PRE ${req.method} ${req.url}\n`);
              },
              postRequest: (req, res) =>
                process.stdout.write(`POST ${req.method} ${req.url} ${res.statusCode}\n`),
            },
      );
  const server =
    front?.server ??
    createServer((req, res) => {
      // The baseline app of the corpus README: a rejected read must not crash the process.
      Promise.resolve(app.listener(req, res)).catch(() => res.destroy());
    });
  // The drain test: SIGUSR2 starts a graceful drain, as the worker does on stop.
  process.on('SIGUSR2', () => {
    front?.drain();
    process.stdout.write(`DRAINED inFlight=${front?.inFlight()}\n`);
  });
  if (opts.probe && front) {
    const probe = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          inFlight: front.inFlight(),
          active: front.activeRequests(),
          busy: front.busySockets().size,
        }),
      );
    });
    probe.listen(0, '127.0.0.1', () => {
      process.stdout.write(`PROBE ${(probe.address() as { port: number }).port}\n`);
    });
  }
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    process.stdout.write(`READY ${port} ${app.shape}\n`);
  });
} catch (err) {
  process.stderr.write(
    `LOAD FAILED ${err instanceof AppLoadError ? `[${err.kind}] ${err.detail()}` : (err as Error).stack}\n`,
  );
  process.exit(3);
}
