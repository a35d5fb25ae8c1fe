// The per-worker HTTP layer: one http.Server around the loaded app. It enforces Gunicorn's request
// limits before the app runs, answers malformed requests itself, logs access records with the
// trusted client address, runs pre/post request hooks, turns app exceptions into 500s, and drains
// gracefully. The worker decides where its connections come from (lib/server/worker.ts).
import { subscribe } from 'node:diagnostics_channel';
import { createServer, IncomingMessage, type Server, ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { LoadedApp } from '../app/load.ts';
import { performance } from '../clock.ts';
import type { Settings } from '../config/types.ts';
import type { Logger } from '../log/types.ts';
import type { RequestMeter } from '../metrics/collector.ts';
import { queueTimeMs } from '../metrics/request-start.ts';
import { runHook } from '../server/hooks.ts';
import { accessRecorder } from './access.ts';
import { checkHead, emptyHeadFacts, forbiddenTrailer } from './conformance.ts';
import { ConnectionTracker } from './connections.ts';
import { deadlines } from './deadlines.ts';
import { clientAddress, parseTrustList, peerAddress, registerTrust } from './forwarded.ts';
import { clientErrorStatus, maxHeaderSize, type Rejection, type RequestHead } from './limits.ts';

export interface RequestHooks {
  /** Gunicorn's pre_request, already bound to the worker: (req). */
  preRequest?(req: IncomingMessage): unknown;
  /** Gunicorn's post_request, already bound to the worker: (req, res). Runs once per request. */
  postRequest?(req: IncomingMessage, res: ServerResponse): unknown;
}

export interface HttpEvents {
  /** Once per request that ended (answered or aborted): for --max-requests. */
  onRequestDone?(): void;
  /** Per-request counters for the metrics (lib/metrics/collector.ts). */
  meter?: RequestMeter;
}

export interface ActiveRequest {
  method: string;
  url: string;
  startedAt: number;
}

export interface HttpFront {
  server: Server;
  /** Graceful shutdown: no more keep-alive; idle connections close now, busy ones after their
   * response. With handoffMs > 0 (others serve on), each connection keeps alive until its own random
   * moment in that window, so its load moves to them gradually. */
  drain(handoffMs?: number): void;
  inFlight(): number;
  activeRequests(): ActiveRequest[];
  /** Sockets with a request in flight (for closing only idle keep-alive connections while draining). */
  busySockets(): Set<Socket>;
  /** Every client connection: deadlines enforced by one sweep timer, and the graceful drain. */
  connections: ConnectionTracker;
}

/** What an access-log line can say about a request the parser refused: its request line, if readable. */
export function requestLineOf(raw: Buffer | undefined): {
  method?: string;
  url: string;
  httpVersion: string;
} {
  if (!raw) return { url: '-', httpVersion: '' };
  const text = raw.subarray(0, 8192).toString('latin1');
  const eol = text.indexOf('\n');
  const m = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) (\S+)(?: HTTP\/(\d\.\d))?\r?$/.exec(
    eol < 0 ? text : text.slice(0, eol),
  );
  if (!m) return { url: '-', httpVersion: '' };
  return { method: m[1], url: m[2]!.slice(0, MAX_LOGGED_URL), httpVersion: m[3] ?? '' };
}
const MAX_LOGGED_URL = 4096;

/** On a socket this layer serves: when the request whose response Node is writing on it now
 * started (whole ms of performance.now()), or NOT_SERVING once that request ended. Node's own:
 * the response being written (`_httpMessage`, set before 'request', cleared once it was sent). */
const kStartedAt = Symbol('tsicorn.requestStartedAt');
const NOT_SERVING = -1;
type ServedSocket = Socket & { [kStartedAt]?: number; _httpMessage?: ServerResponse | null };

/** Is the response Node is writing on `sock` one this layer handed to the app (or refused)? */
const servingOn = (sock: ServedSocket) => (sock[kStartedAt] ?? NOT_SERVING) >= 0;

/** What a server made here calls when one of its responses was sent. */
const kOnSent = Symbol('tsicorn.onResponseSent');
type WatchedServer = Server & { [kOnSent]?: (res: ServerResponse, sock: Socket) => void };
let watchingSent = false;

/** Node publishes every server response it finished sending on this channel (Node 20 and 24, in
 * resOnFinish, before it detaches the socket), whatever the response's prototype: Express swaps
 * it for its own, so a subclass or a prototype hook would be lost, and a 'finish' or 'close'
 * listener per response costs an _addListener with its argument checks on every request. One
 * subscriber serves the whole process; a response of any other http.Server in it costs one
 * property read here and is otherwise left alone. */
function onResponseFinish(message: unknown): void {
  const m = message as { response: ServerResponse; socket: Socket; server: WatchedServer };
  const onSent = m.server[kOnSent];
  if (onSent !== undefined) onSent(m.response, m.socket);
}

function watchSentResponses(server: Server, onSent: (res: ServerResponse, sock: Socket) => void): void {
  (server as WatchedServer)[kOnSent] = onSent;
  if (watchingSent) return;
  subscribe('http.server.response.finish', onResponseFinish);
  watchingSent = true;
}

const LINGER_MS = 1000;
const lingering = new WeakSet<Socket>();

/** After a final answer on a connection that closes: the peer may never close its side, so do not
 * keep the socket for it, but do not reset it before the answer can be read either. */
function lingerThenDestroy(socket: Socket): void {
  if (lingering.has(socket)) return;
  lingering.add(socket);
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/** After refusing a head, at most this much more of what the client sends is read and dropped. */
const DISCARD_AFTER_REFUSAL = 64 * 1024;

/**
 * After refusing a head, the client may still be sending (the rest of an oversized head, a body).
 * Reading a little more lets the answer reach a client that reads only once it has sent
 * everything, without the reset that unread bytes cause on close; reading without end would make
 * any client's junk our work. The parser is detached first: an errored parser turns every further
 * chunk into a new clientError with a copy of the chunk and a stack trace (measured: 150 clients
 * pushing 795 KB heads churned about 80 MB of worker memory that way). Past the limit the socket
 * stops reading until lingerThenDestroy ends it.
 */
function discardRest(socket: Socket): void {
  const parser = (socket as Socket & { parser?: { unconsume?(): void } | null }).parser;
  parser?.unconsume?.();
  socket.removeAllListeners('data');
  let left = DISCARD_AFTER_REFUSAL;
  const drop = (chunk: Buffer) => {
    left -= chunk.length;
    if (left > 0) return;
    socket.off('data', drop);
    socket.pause();
  };
  socket.on('data', drop);
  socket.resume();
}

function plainAnswer(res: ServerResponse, status: number, body: string): void {
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  res.shouldKeepAlive = false;
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.setHeader('Connection', 'close');
  // Node closes the socket right after this answer is written. Bytes the client is still sending
  // (the body of a refused request) would then make the kernel reset the connection, and a reset
  // can discard the answer before the client reads it: half-close instead and linger a moment.
  const socket = res.socket;
  if (socket)
    socket.destroySoon = () => {
      socket.end();
      lingerThenDestroy(socket);
    };
  res.end(body);
}

export function createHttpServer(
  app: LoadedApp,
  settings: Settings,
  logger: Logger,
  hooks: RequestHooks = {},
  events: HttpEvents = {},
): HttpFront {
  const trust = parseTrustList(settings.forwardedAllowIps);
  const accessOn = settings.accesslog !== null;
  const keepAlive = settings.keepalive > 0;
  const maxQueueMs = settings.maxQueueTime * 1000;
  const meter = events.meter;
  const server = createServer({
    maxHeaderSize: maxHeaderSize(settings),
    // Long uploads and streams are the app's business; Gunicorn has no overall request deadline.
    requestTimeout: 0,
    // Host is checked in ./conformance.ts instead, in order: Node's own check answers a pipelined
    // request ahead of the one before it.
    requireHostHeader: false,
  });
  registerTrust(server, trust);
  if (keepAlive) server.keepAliveTimeout = settings.keepalive * 1000;
  // Node's own head deadline only covers sockets a server accepted itself, and the worker keeps
  // its connection list off: ./connections.ts enforces header_timeout for every socket instead.
  server.headersTimeout = 0;

  // Requests in flight, with no per-request entry anywhere: a count, and per socket Node's
  // `_httpMessage` and the start kept beside it (kStartedAt). Only a pipelined request whose
  // response waits behind the one being written (rare) has an entry, in `queued`, until it ends.
  // drain(), busySockets() and the graceful timeout's report read them through eachInFlight.
  let inFlight = 0;
  const queued = new Map<ServerResponse, number>();
  // Answered by this layer without running the app (refused or shed): no post_request hook.
  const refused = new WeakSet<ServerResponse>();
  let draining = false;
  // A gradual hand-over (drain(handoffMs > 0)): each connection's next answer after its own moment,
  // drawn in [start, start + span) when it is first looked at, closes it. Only read while draining.
  let handoffStart = 0;
  let handoffSpan = 0;
  const closeFrom = new WeakMap<Socket, number>();
  const closesNow = (sock: Socket, now: number): boolean => {
    if (handoffSpan <= 0) return true;
    let at = closeFrom.get(sock);
    if (at === undefined) {
      at = handoffStart + Math.random() * handoffSpan;
      closeFrom.set(sock, at);
    }
    return now >= at;
  };
  /** Every request in flight, with its start (whole ms of performance.now()). */
  const eachInFlight = (visit: (res: ServerResponse, startedAt: number) => void) => {
    for (const sock of connections.sockets()) {
      const s = sock as ServedSocket;
      const res = s._httpMessage;
      if (res && servingOn(s)) visit(res, s[kStartedAt]!);
    }
    for (const [res, t] of queued) visit(res, t);
  };
  const busySockets = () => {
    const busy = new Set<Socket>();
    // res.req.socket rather than res.socket: a pipelined response waiting its turn has no socket yet.
    eachInFlight((res) => busy.add(res.req.socket));
    return busy;
  };
  // What the one pass over each head found (./conformance.ts); read right after it, never kept.
  const facts = emptyHeadFacts();
  const preRequest = hooks.preRequest;
  const postRequest = hooks.postRequest;
  const onRequestDone = events.onRequestDone;
  const access = accessOn ? accessRecorder(logger) : null;

  const appFailed = (err: unknown, req: IncomingMessage, res: ServerResponse) => {
    if ((err as NodeJS.ErrnoException)?.code === 'ECONNRESET' && (req.destroyed || res.destroyed)) {
      // The client went away (or sent a broken body) while the app was reading: not an app bug.
      logger.debug(`Request ${req.method} ${req.url} aborted: ${(err as Error).message}`);
      return;
    }
    logger.error(`Error handling request ${req.method} ${req.url}\n${(err as Error)?.stack ?? String(err)}`);
    if (!res.headersSent) plainAnswer(res, 500, 'Internal Server Error\n');
    else if (!res.writableEnded) res.destroy();
  };

  /** An answer the server wrote itself on a raw socket: it goes to the access log like any other. */
  const logRawAnswer = (
    socket: Socket,
    head: { method?: string; url?: string; httpVersion: string; headers?: IncomingMessage['headers'] },
    remoteAddr: string,
    status: number,
    bytes: number,
  ) => {
    if (!accessOn) return;
    try {
      const req = new IncomingMessage(socket);
      req.method = head.method as string;
      req.url = head.url ?? '-';
      req.httpVersion = head.httpVersion;
      if (head.headers) req.headers = head.headers;
      const res = new ServerResponse(req);
      res.statusCode = status;
      logger.access({
        req,
        res,
        remoteAddr,
        startTime: new Date(),
        durationUs: 0,
        bytesSent: bytes,
      });
    } catch (e) {
      logger.error(`access log failed: ${(e as Error)?.stack ?? e}`);
    }
  };

  /** Answer `status` with its text on a socket no response owns (the parser refused the head, or
   * it never completed), log it, and close our side: the caller decides how long to linger. */
  const answerRaw = (socket: Socket, head: Parameters<typeof logRawAnswer>[1], status: number) => {
    const text = STATUS_CODES[status];
    const body = `${text}\n`;
    logRawAnswer(socket, head, peerAddress(socket), status, Buffer.byteLength(body));
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  };

  const reject = (req: IncomingMessage, res: ServerResponse, r: Rejection) => {
    logger.debug(`Rejected ${req.method} request from ${req.socket.remoteAddress}: ${r.status} ${r.reason}`);
    plainAnswer(res, r.status, `${STATUS_CODES[r.status]}: ${r.reason}\n`);
  };

  /** The router already gave up on this request (Heroku: 30 s): answer at once, do not run the app. */
  const shed = (req: IncomingMessage, res: ServerResponse, waitedMs: number) => {
    meter?.shed();
    const waited = (waitedMs / 1000).toFixed(1);
    logger.warning(
      `Shed ${req.method} ${req.url}: it waited ${waited} s before a worker took it (X-Request-Start), ` +
        `over --max-queue-time ${settings.maxQueueTime} s; answered 503 without running the app`,
    );
    plainAnswer(
      res,
      503,
      `Service Unavailable: the request waited ${waited} s before a worker could take it\n`,
    );
  };

  /** A request is over: answered (`sent`: its response went out whole) or abandoned (its
   * connection closed first). Called once per request handle() took. */
  const ended = (res: ServerResponse, sent: boolean) => {
    const req = res.req;
    inFlight--;
    if (queued.size === 0 || !queued.delete(res)) (req.socket as ServedSocket)[kStartedAt] = NOT_SERVING;
    if (sent) {
      access?.finished(req, res);
      // Answered before its body was read: Node would now read and discard the rest of the body,
      // for as long as the client keeps sending it. Close the connection instead.
      if (!req.complete) {
        req.socket.end();
        lingerThenDestroy(req.socket);
      }
    } else access?.forget(res);
    if (postRequest && !refused.has(res)) runHook(logger, 'postRequest', postRequest, req, res);
    meter?.done();
    if (onRequestDone)
      try {
        onRequestDone();
      } catch (e) {
        logger.error(`request accounting failed: ${(e as Error)?.stack ?? e}`);
      }
  };
  /** A response was sent (Node's finish channel, or the CONNECT answer below). Responses Node
   * wrote without a 'request' event (417 to an unknown Expect) were never in flight here. */
  const responseSent = (res: ServerResponse, sock: Socket) => {
    if ((queued.size > 0 && queued.has(res)) || servingOn(sock as ServedSocket)) ended(res, true);
  };
  watchSentResponses(server, responseSent);
  /** A connection closed: whatever was in flight on it was abandoned. (Node 20 emits no 'close'
   * for a pipelined response still waiting its turn; it ends here all the same.) */
  const connectionClosed = (sock: Socket) => {
    const s = sock as ServedSocket;
    if (s._httpMessage && servingOn(s)) ended(s._httpMessage, false);
    if (queued.size > 0) for (const res of queued.keys()) if (res.req.socket === sock) ended(res, false);
  };
  // Trailers come after the body, once the app has started: a forbidden one (a second Host, say)
  // closes the connection without an answer rather than let the app act on a smuggled field.
  function chunkedBodyEnded(this: IncomingMessage) {
    const bad = this.rawTrailers.length ? forbiddenTrailer(this.rawTrailers) : null;
    if (!bad) return;
    logger.debug(`Closing connection from ${this.socket.remoteAddress}: forbidden trailer field ${bad}`);
    this.socket.destroy();
  }

  /**
   * Per request, in the common case: one pass over the head, one clock read, a count and the
   * start on the socket, the meter's two counters, the app; its end comes from Node's finish
   * channel or the connection's close, with no listener per request. The client's
   * address is resolved only when something reads it (the access log, a fetch handler's URL:
   * clientInfo()); hooks, the queue-time check and the trailer check only when configured or
   * present in the head.
   */
  const handle = (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean) => {
    const rejection = checkHead(req as IncomingMessage & RequestHead, settings, facts);
    const now = performance.now();
    inFlight++;
    // A pipelined request's response waits for the one before it and has no socket yet.
    if (res.socket !== null) (req.socket as ServedSocket)[kStartedAt] = Math.floor(now);
    else queued.set(res, Math.floor(now));
    let queueMs: number | null = null;
    // The router's timestamp is wall-clock time: read the wall clock only for it.
    if (facts.requestStart !== undefined) queueMs = queueTimeMs(facts.requestStart, Date.now());
    meter?.start(queueMs, now);
    if (access) access.started(req, res, now, queueMs, facts.forwarded ? trust : null);
    if ((draining && closesNow(req.socket, now)) || !keepAlive) res.shouldKeepAlive = false;
    const tooLate = !rejection && maxQueueMs > 0 && queueMs !== null && queueMs > maxQueueMs;
    if (rejection || tooLate) {
      refused.add(res);
      if (rejection) return reject(req, res, rejection);
      return shed(req, res, queueMs!);
    }
    if (facts.chunked) req.on('end', chunkedBodyEnded);
    if (expectsContinue) res.writeContinue();
    if (preRequest) runHook(logger, 'preRequest', preRequest, req);
    try {
      const r = app.listener(req, res) as Promise<unknown> | undefined;
      if (r && typeof r.then === 'function') r.then(undefined, (e) => appFailed(e, req, res));
    } catch (e) {
      appFailed(e, req, res);
    }
  };

  server.on('request', (req, res) => handle(req, res, false));
  // WebSockets and other upgrades, for apps whose own server listens for them (else Node passes
  // upgrade requests to 'request' and the app answers them like any other).
  if (app.upgrade) {
    const upgrade = app.upgrade;
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      const rejection = checkHead(req as IncomingMessage & RequestHead, settings, facts);
      if (rejection) {
        const remoteAddr = clientAddress(req, facts.forwarded ? trust : null);
        socket.end(
          `HTTP/1.1 ${rejection.status} ${STATUS_CODES[rejection.status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
        );
        logRawAnswer(socket, req, remoteAddr, rejection.status, 0);
        return;
      }
      try {
        upgrade(req, socket, head);
      } catch (e) {
        logger.error(`Error handling upgrade ${req.url}\n${(e as Error)?.stack ?? e}`);
        socket.destroy();
      }
    });
  }
  // CONNECT is no tunnel here: the app gets it as an ordinary request (and usually refuses it);
  // without this, Node would drop the connection unanswered. The connection closes after it.
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket);
    res.once('finish', () => {
      // Node publishes no finish for a response it did not make: tell the end here.
      responseSent(res, socket);
      res.detachSocket(socket);
      socket.end();
      lingerThenDestroy(socket);
      // Detached, the socket's close no longer reaches the response: emit it for the app.
      res.emit('close');
    });
    req.push(null);
    handle(req, res, false);
  });
  // Answer 100 Continue only once the head passed our checks (Node would send it unconditionally).
  server.on('checkContinue', (req, res) => handle(req, res, true));

  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    const decision = clientErrorStatus(err.code);
    logger.debug(
      `Invalid request from ${socket.remoteAddress ?? 'unix socket'}: ${err.code ?? ''} ${err.message}`,
    );
    const current = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (current && !current.writableFinished && !current.destroyed) {
      if (!current.req.complete) {
        // The body of the request being served is malformed (bad chunk size, say): the app will
        // never see its end. A whole answer already written (tsicorn's own rejection of the head,
        // which the bad bytes followed) goes out first; else answer 400 on the app's behalf if it
        // has not started, or cut it off.
        if (current.writableEnded) current.once('close', () => socket.destroySoon());
        else if (current.headersSent) socket.destroy();
        else {
          plainAnswer(current, 400, 'Bad Request: malformed request body\n');
          current.once('close', () => socket.destroySoon());
        }
        return;
      }
      // The request being answered is whole and the bad bytes come after it (e.g. after an
      // HTTP/1.0 or Connection: close request): let that answer finish, then close; no 400 mixed in.
      if (!current.headersSent) current.shouldKeepAlive = false;
      current.once('close', () => socket.destroySoon());
      return;
    }
    if (!socket.writable && !socket.destroyed) {
      // Already answered and closing (tsicorn refused this head and the client kept sending):
      // ignore the rest. Destroying now can reset the connection before the client has read the
      // answer; give it a moment, as for the answers below.
      lingerThenDestroy(socket);
      return;
    }
    if (!decision || !socket.writable) {
      socket.destroy();
      return;
    }
    answerRaw(socket, requestLineOf(err.rawPacket), decision.status);
    discardRest(socket);
    lingerThenDestroy(socket);
  });

  const connections = new ConnectionTracker(server, {
    deadlines: deadlines(settings),
    busySockets,
    onClosed: connectionClosed,
    onExpired(sock, why) {
      if (why === 'head-timeout') {
        // A head started and never finished (slowloris): answer 408, as Node's own check would.
        logger.debug(
          `Request head from ${peerAddress(sock) || 'unix socket'} incomplete after ${settings.headerTimeout} s: 408`,
        );
        answerRaw(sock, { url: '-', httpVersion: '' }, 408);
        lingerThenDestroy(sock);
      } else {
        if (why === 'body-idle')
          logger.debug(
            `Closing connection from ${peerAddress(sock) || 'unix socket'}: no request body byte for ${settings.bodyIdleTimeout} s`,
          );
        // 'idle': nothing was asked, nothing to answer.
        sock.destroy();
      }
    },
  });

  return {
    server,
    drain(handoffMs = 0) {
      draining = true;
      handoffStart = performance.now();
      handoffSpan = handoffMs;
      eachInFlight((res) => {
        if (!res.headersSent && closesNow(res.req.socket, handoffStart)) res.shouldKeepAlive = false;
      });
      // Idle keep-alive connections are closed by the worker (connections.closeIdle) once they
      // have been idle for a moment: closing them at once races requests already on the wire.
    },
    inFlight: () => inFlight,
    activeRequests: () => {
      // Back to wall-clock time through the current age, so a clock step since cannot skew it.
      const wall = Date.now();
      const mono = performance.now();
      const list: ActiveRequest[] = [];
      eachInFlight((res, t) =>
        list.push({ method: res.req.method ?? '', url: res.req.url ?? '', startedAt: wall - (mono - t) }),
      );
      return list;
    },
    busySockets,
    connections,
  };
}
