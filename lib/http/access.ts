// The access log's view of the requests in flight, used only when the access log is on: when each
// started, its client and queue time, and the body bytes the app wrote (Gunicorn's `b`/`B`). One
// small record per request, and res.write/res.end replaced by two functions shared by all requests,
// so nothing else is allocated per request.
import { type IncomingMessage, ServerResponse } from 'node:http';
import { performance } from '../clock.ts';
import type { Logger } from '../log/types.ts';
import { clientAddress, type TrustList } from './forwarded.ts';

interface InFlight {
  /** Wall-clock start (the `t` atom). */
  startMs: number;
  /** performance.now() at the start, for the duration. */
  t0: number;
  queueMs: number | null;
  remoteAddr: string;
  bytes: number;
}

export interface AccessRecorder {
  /** `trust`: the request carries X-Forwarded-* headers, resolve its client with this list. */
  started(
    req: IncomingMessage,
    res: ServerResponse,
    /** performance.now() at the start. */
    t0: number,
    queueMs: number | null,
    trust: TrustList | null,
  ): void;
  /** The response was sent: write its line. */
  finished(req: IncomingMessage, res: ServerResponse): void;
  /** The response was abandoned (the client went away): no line. */
  forget(res: ServerResponse): void;
}

function byteLength(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string')
    return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk && typeof (chunk as Uint8Array).byteLength === 'number') return (chunk as Uint8Array).byteLength;
  return 0;
}

const nativeWrite = ServerResponse.prototype.write;
const nativeEnd = ServerResponse.prototype.end;

export function accessRecorder(logger: Logger): AccessRecorder {
  const inFlight = new Map<ServerResponse, InFlight>();
  // Count what the app writes without changing what is sent. The native methods are called
  // directly: the app's framework may swap the response's prototype (Express does) after this.
  function write(this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    const r = inFlight.get(this);
    if (r) r.bytes += byteLength(chunk, rest[0]);
    return (nativeWrite as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  }
  function end(this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    const r = inFlight.get(this);
    if (r && typeof chunk !== 'function') r.bytes += byteLength(chunk, rest[0]);
    return (nativeEnd as (...a: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  }
  return {
    started(req, res, t0, queueMs, trust) {
      inFlight.set(res, {
        startMs: Date.now(),
        t0,
        queueMs,
        remoteAddr: clientAddress(req, trust),
        bytes: 0,
      });
      res.write = write as typeof res.write;
      res.end = end as typeof res.end;
    },
    finished(req, res) {
      const r = inFlight.get(res);
      if (!r) return;
      inFlight.delete(res);
      try {
        logger.access({
          req,
          res,
          remoteAddr: r.remoteAddr,
          startTime: new Date(r.startMs),
          durationUs: Math.round((performance.now() - r.t0) * 1000),
          bytesSent: req.method === 'HEAD' ? 0 : r.bytes,
          queueMs: r.queueMs,
        });
      } catch (e) {
        logger.error(`access log failed: ${(e as Error)?.stack ?? e}`);
      }
    },
    forget(res) {
      inFlight.delete(res);
    },
  };
}
