// Socket.IO's long-polling transport (engine.io) sends every request of a session to the same
// server: the handshake answers with a session id that only that process knows. With several
// workers sharing one socket, the next poll usually lands on another worker and fails with
// "Session ID unknown" (HTTP 400). The WebSocket transport is one connection, so it works on any
// worker. This watches the requests for engine.io's polling signature and, the first time it is
// seen, logs what goes wrong and the two fixes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoadLog } from './load.ts';

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

/** engine.io's query marks a polling request: EIO=<protocol> and transport=polling. Pure. */
export function isEnginePolling(url: string | undefined): boolean {
  return typeof url === 'string' && url.includes('transport=polling') && url.includes('EIO=');
}

export function pollingAdvice(workers: number, url: string): string {
  return (
    `Socket.IO long-polling request seen (${url.split('&sid=')[0]}): with ${workers} workers, the requests of one ` +
    'polling session reach different workers, which answer "Session ID unknown". Fix either way: let clients ' +
    "use the WebSocket transport only (client: io(url, { transports: ['websocket'] }); server: " +
    "new Server(server, { transports: ['websocket'] })), which works on every worker, or run one worker (-w 1)."
  );
}

export function watchSocketIoPolling(listener: Listener, workers: number, log: LoadLog): Listener {
  let warned = false;
  return (req, res) => {
    if (!warned && isEnginePolling(req.url)) {
      warned = true;
      log.warning(pollingAdvice(workers, req.url ?? ''));
    }
    return listener(req, res);
  };
}
