// Serves a fetch-style handler ((Request) => Response) from Node's http server:
// the request body streams in, the response body streams out with backpressure, HEAD sends no body,
// every Set-Cookie survives, and a client that goes away aborts request.signal.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { clientInfo } from '../http/forwarded.ts';

export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** Methods the WHATWG Request constructor refuses; Node still parses them. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

export function requestUrl(req: IncomingMessage): string {
  const { scheme } = clientInfo(req);
  const target = req.url ?? '/';
  if (/^https?:\/\//i.test(target)) return target;
  const host = req.headers.host || 'localhost';
  try {
    return new URL(target.startsWith('/') ? target : '/', `${scheme}://${host}`).href;
  } catch {
    // A Host header that is not a valid authority: keep the path, drop the host.
    return new URL(target.startsWith('/') ? target : '/', `${scheme}://localhost`).href;
  }
}

function hasBody(req: IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const len = req.headers['content-length'];
  return len !== undefined && len !== '0';
}

export function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i]!, raw[i + 1]!);
    } catch {
      // A value Node accepted but the Fetch spec does not (rare): leave it out rather than fail the request.
    }
  }
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers, signal };
  if (hasBody(req)) {
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  return new Request(requestUrl(req), init);
}

function waitDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export async function writeResponse(
  response: Response,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  // Iterating Headers joins repeated names with ", ", which breaks Set-Cookie; take those apart.
  for (const [name, value] of response.headers) if (name !== 'set-cookie') res.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader('set-cookie', cookies);
  const body = response.body;
  if (!body || req.method === 'HEAD' || response.status === 204 || response.status === 304) {
    if (body) await body.cancel().catch(() => {});
    res.end();
    return;
  }
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      if (!res.write(value)) await waitDrain(res);
    }
    finished = true;
    res.end();
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
  }
}

export function fetchListener(
  handler: FetchHandler,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort(new Error('client closed the connection'));
    });
    let request: Request;
    try {
      request = toRequest(req, controller.signal);
    } catch (err) {
      const forbidden = FORBIDDEN_METHODS.has(req.method ?? '');
      res.statusCode = forbidden ? 501 : 400;
      res.setHeader('content-type', 'text/plain');
      res.end(
        forbidden
          ? `${req.method} is not supported by fetch handlers\n`
          : `Bad Request: ${(err as Error).message}\n`,
      );
      return;
    }
    const response = await handler(request);
    if (!(response instanceof Response)) {
      const got = response === null ? 'null' : typeof response;
      throw new TypeError(`the fetch handler returned ${got} where a Response was expected`);
    }
    try {
      await writeResponse(response, req, res);
    } catch (err) {
      // The client went away mid-stream: nothing to answer, nothing to report.
      if (controller.signal.aborted || res.destroyed) return;
      throw err;
    }
  };
}
