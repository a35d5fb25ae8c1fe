// --check-config's app half: runs in a throwaway process (TSICORN_ROLE=check-app), loads the app
// once the way a worker would (late listen included), then sends it one real request, GET /, over
// loopback. "App OK" therefore means a request was answered: an app that loads but fails every
// request (a plugin misread as a listener, a missing middleware) is caught here, not in production.
// Exit code 0 = the app loaded and answered GET / with a status below 500; 1 otherwise.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { relative } from 'node:path';
import type { Settings } from '../config/types.ts';
import { ENV } from '../server/contract/roles.ts';
import { decodeSettings } from '../server/contract/settings.ts';
import { AppLoadError } from './errors.ts';
import { guardExitWhileLoading } from './exit-while-loading.ts';
import { listenUncaptured } from './listen-capture.ts';
import { type LoadedApp, loadApp } from './load.ts';
import { servedAddressOf } from './served-address.ts';

/** How long the app gets to answer the probe. */
const PROBE_TIMEOUT_MS = 10_000;
/**
 * How long the body may keep coming once the head arrived. An endless body (server-sent events,
 * a long poll) is an answer too: after this the status decides and the check ends, instead of
 * waiting for a body that never ends (each event kept the socket's idle timer alive).
 */
const STREAM_GRACE_MS = 1_000;

interface Probe {
  status: number | null;
  ms: number;
  /** An exception the app threw (sync or async) while answering, or a transport failure. */
  error: unknown;
  /** The body was still arriving STREAM_GRACE_MS after the head. */
  streaming?: boolean;
  /** The head arrived but the body broke off (the app destroyed the response). */
  brokeOff?: boolean;
}

/** One GET / through the app's listener on a loopback port of this process. */
async function probe(app: LoadedApp): Promise<Probe> {
  let thrown: unknown = null;
  const server = createServer((req, res) => {
    const fail = (e: unknown) => {
      thrown ??= e;
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      } else res.destroy();
    };
    try {
      const r = app.listener(req, res) as Promise<unknown> | undefined;
      if (r && typeof r.then === 'function') r.then(undefined, fail);
    } catch (e) {
      fail(e);
    }
  });
  await new Promise<void>((resolve) => listenUncaptured(server, 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const started = Date.now();
  let status: number | null = null;
  let ms = 0;
  let grace: NodeJS.Timeout | undefined;
  try {
    const streaming = await new Promise<boolean>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/', headers: { host: 'localhost', connection: 'close' } },
        (res) => {
          status = res.statusCode ?? 0;
          ms = Date.now() - started;
          grace = setTimeout(() => resolve(true), STREAM_GRACE_MS);
          res.resume();
          res.on('end', () => resolve(false));
          res.on('error', reject);
        },
      );
      req.setTimeout(PROBE_TIMEOUT_MS, () =>
        req.destroy(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`)),
      );
      req.on('error', reject);
      req.end();
    });
    return { status, ms, error: thrown, streaming };
  } catch (e) {
    if (status !== null) return { status, ms, error: thrown ?? e, brokeOff: true };
    return { status: null, ms: Date.now() - started, error: thrown ?? e };
  } finally {
    clearTimeout(grace);
    server.closeAllConnections();
    server.close();
  }
}

function describeError(e: unknown): string {
  return (e as Error)?.stack ?? String(e);
}

export async function runCheckApp(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let settings: Settings;
  try {
    settings = decodeSettings(env[ENV.checkSettings] ?? '');
    if (!settings.app) throw new Error('no "app" in it');
  } catch (err) {
    process.stderr.write(
      `check-app: ${ENV.checkSettings} must hold the settings as JSON (${(err as Error).message})\n`,
    );
    return 1;
  }
  const cwd = settings.chdir || process.cwd();
  const say = (level: string) => (m: string) => process.stderr.write(`check-app: [${level}] ${m}\n`);
  let app: LoadedApp;
  const unguardExit = guardExitWhileLoading((code) => {
    process.stderr.write(
      `App failed to load: the app called process.exit(${code}) while loading (its own output above says why)\n`,
    );
  }, 1);
  try {
    // As a worker does: an app that reads relative paths at import must see the same directory.
    process.chdir(cwd);
    app = await loadApp(settings.app, {
      cwd,
      factory: Boolean(settings.factory),
      captureListens: true,
      keepCapturing: true,
      served: servedAddressOf(settings.bind),
      bootTimeout: settings.bootTimeout,
      asMain: true,
      log: { info: say('INFO'), warning: say('WARNING'), error: say('ERROR') },
    });
  } catch (err) {
    const text = err instanceof AppLoadError ? err.detail() : describeError(err);
    process.stderr.write(`App failed to load: ${text}\n`);
    return 1;
  } finally {
    unguardExit();
  }
  for (const note of app.notes ?? []) say('INFO')(note);
  for (const warning of app.warnings ?? []) say('WARNING')(warning);
  const from = relative(cwd, app.file) || app.file;
  const p = await probe(app);
  await app.close?.().catch(() => {});
  if (p.status === null || p.status >= 500 || p.brokeOff) {
    const answer =
      p.status === null
        ? 'got no answer'
        : `answered ${p.status}${p.brokeOff ? ' and its body broke off' : ''}`;
    process.stderr.write(
      `App failed: it loaded (${app.shape} from ${from}) but GET / ${answer}` +
        (p.error ? `:\n${describeError(p.error)}\n` : '\n'),
    );
    return 1;
  }
  const still = p.streaming
    ? ` (still streaming after ${STREAM_GRACE_MS / 1000} s: not waiting for its end)`
    : '';
  process.stdout.write(
    `App OK: ${app.shape} from ${from}; GET / answered ${p.status} in ${p.ms} ms${still}\n`,
  );
  return 0;
}
