// Every client connection of one worker: its deadlines (lib/http/deadlines.ts), enforced by one
// sweep timer, and the graceful drain that closes each keep-alive connection only once it has
// been idle for a moment (closing one the instant it goes idle races a client whose next request
// is already on the wire, which then sees ECONNRESET). That race is HTTP/1.1's own (RFC 9112
// 9.3.1: clients retry a request sent on a connection the server closed); what this side owes is
// that such a request is never run: see closeIdle().
//
// Nothing here runs per request. http.Server offers no per-connection state, so the sweep infers
// it from what already exists: which sockets have a request in flight (the HTTP layer's own
// bookkeeping), whether socket.bytesRead grew, and the parser's current message (a new one means
// a request came, and maybe went, since the last look). A 'data' listener would be simpler but
// takes the socket off http.Server's fast path, where the parser reads the socket directly, and
// costs throughput on every request; a timer per request costs more than the request.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { type ConnectionFacts, type Deadlines, judge, type Verdict } from './deadlines.ts';

/** A connection idle this long while draining is safe to close: its client is not mid-request. */
export const IDLE_BEFORE_CLOSE_MS = 250;

export type Expiry = Exclude<Verdict, 'keep'>;

interface ConnState extends ConnectionFacts {
  /** socket.bytesRead when the current wait began. */
  waitBytes: number;
  /** socket.bytesRead when the body was last seen growing. */
  bodyBytes: number;
  /** The parser's message at the last look. */
  incoming: unknown;
  /** socket.bytesWritten at the last look: it grows only when an answer went out. */
  written: number;
  /** Had a request in flight at the last sweep. */
  busyBefore: boolean;
  // Drain bookkeeping.
  lastActive: number;
  /** socket.bytesRead at the last drain sweep: growth means the client sent something since. */
  lastBytes: number;
  wasBusy: boolean;
}

/** What node:http keeps on a socket it serves: its parser, gone once the socket is upgraded or closed. */
type ServedSocket = Socket & { parser?: { incoming?: { complete?: boolean } | null } | null };

/** Still HTTP: an upgraded connection (WebSocket, CONNECT) has no parser; it is the app's. */
const speaksHttp = (sock: Socket): boolean => !!(sock as ServedSocket).parser;

export interface TrackerOptions {
  deadlines: Deadlines;
  /** Sockets with a request in flight (the HTTP layer's bookkeeping). */
  busySockets(): ReadonlySet<Socket>;
  /** A deadline passed: answer (or not) and close. */
  onExpired(sock: Socket, why: Expiry): void;
  /** A connection closed (from the one 'close' listener each connection has anyway). */
  onClosed?(sock: Socket): void;
}

/** A connection no sweep has looked at yet: its state is made at the first look. */
const UNSEEN = 0;

/** The state of a connection first seen now: as it was when it opened (nothing read or written
 * yet), with its wait starting now. */
function freshState(now: number): ConnState {
  return {
    busy: false,
    bodyFlowing: false,
    served: false,
    waitingSince: now,
    headSince: 0,
    bodySince: now,
    waitBytes: 0,
    bodyBytes: 0,
    incoming: null,
    written: 0,
    busyBefore: false,
    lastActive: now,
    lastBytes: 0,
    wasBusy: false,
  };
}

export class ConnectionTracker {
  // A connection's state is made by the first sweep that sees it, not when it opens: at
  // Connection: close rates most connections are gone before any sweep, and an object, a clock
  // read and a Map value per connection were a measurable part of each request. Its waits then
  // count from that sweep: a deadline is enforced at most two sweeps late (./deadlines.ts).
  private readonly conns = new Map<Socket, ConnState | typeof UNSEEN>();
  private readonly opts: TrackerOptions;
  private readonly timer: NodeJS.Timeout;

  constructor(server: Server, opts: TrackerOptions) {
    this.opts = opts;
    const conns = this.conns;
    const onClosed = opts.onClosed;
    // One listener shared by every connection (`this` is the socket): no closure and no once()
    // wrapper per connection, which Connection: close traffic pays per request.
    function forget(this: Socket) {
      conns.delete(this);
      if (onClosed) onClosed(this);
    }
    server.on('connection', (sock: Socket) => {
      conns.set(sock, UNSEEN);
      sock.on('close', forget);
    });
    this.timer = setInterval(() => this.sweep(), opts.deadlines.sweepMs).unref();
  }

  get size(): number {
    return this.conns.size;
  }

  /**
   * Open connections still speaking HTTP. An upgraded one (WebSocket) has no parser: it is the
   * app's, lives as long as the app keeps it, and is neither waited for nor closed by the drain
   * (a busy chat socket held every TERM and reload for the whole graceful timeout, and the app's
   * SIGTERM handler, which runs after the drain, could only find it already cut).
   */
  get httpSize(): number {
    let n = 0;
    for (const sock of this.conns.keys()) if (speaksHttp(sock)) n++;
    return n;
  }

  /** Every open connection. */
  sockets(): IterableIterator<Socket> {
    return this.conns.keys();
  }

  /** The state of every connection, made now for those no sweep has seen. */
  private states(now: number): Map<Socket, ConnState> {
    for (const [sock, st] of this.conns) if (st === UNSEEN) this.conns.set(sock, freshState(now));
    return this.conns as Map<Socket, ConnState>;
  }

  /** Look at every connection once and close those past a deadline. */
  sweep(now = Date.now()): void {
    const busy = this.opts.busySockets();
    for (const [sock, st] of this.states(now)) {
      const parser = (sock as ServedSocket).parser;
      // No parser: upgraded (WebSocket, CONNECT), no longer HTTP. Not writable: already answered
      // and closing, and whoever ended it destroys it.
      if (!parser || !sock.writable) continue;
      const bytes = sock.bytesRead;
      const incoming = parser.incoming ?? null;
      const written = sock.bytesWritten;
      st.busy = busy.has(sock);
      if (st.busy) {
        // The app may pause its reads (backpressure): only a body the server is reading can stall.
        const flowing = incoming !== null && incoming.complete === false && !sock.isPaused();
        if (flowing && (!st.bodyFlowing || bytes !== st.bodyBytes)) st.bodySince = now;
        st.bodyFlowing = flowing;
        st.bodyBytes = bytes;
        st.incoming = incoming;
        st.written = written;
        st.busyBefore = true;
      } else if (st.busyBefore || incoming !== st.incoming || written !== st.written) {
        // A request ended since the last look: the wait for the next head starts now. Node clears
        // parser.incoming once a response is done, so between two looks that both fall between
        // requests the message is null both times, however many requests came and went; the
        // answers they got moved bytesWritten. (Without that, a keep-alive connection kept busy
        // back to back, as Heroku's router keeps its pool, took the bytes of many requests for
        // one slow head and got a 408 after --header-timeout.)
        st.busyBefore = false;
        st.incoming = incoming;
        st.written = written;
        st.served = true;
        st.waitingSince = now;
        st.waitBytes = bytes;
        st.headSince = 0;
      } else if (!st.headSince && bytes !== st.waitBytes) st.headSince = now;
      const verdict = judge(st, this.opts.deadlines, now);
      if (verdict !== 'keep') this.opts.onExpired(sock, verdict);
    }
  }

  /** Draining starts: every open connection gets a full idle period before it may be closed. */
  startDraining(now = Date.now()): void {
    for (const st of this.states(now).values()) {
      st.lastActive = now;
      st.lastBytes = -1;
    }
  }

  /**
   * Close connections with no request in flight (`busy` holds the sockets that have one) that
   * saw no traffic for IDLE_BEFORE_CLOSE_MS. Called every few milliseconds while draining.
   */
  closeIdle(busy: ReadonlySet<Socket>, now = Date.now()): void {
    for (const [sock, st] of this.states(now)) {
      if (!speaksHttp(sock)) continue; // upgraded: the app's (see httpSize)
      // An answer still leaving (a slow reader) keeps the connection active until it is out.
      const isBusy = busy.has(sock) || sock.writableLength > 0;
      const changed = isBusy || st.wasBusy || sock.bytesRead !== st.lastBytes;
      st.wasBusy = isBusy;
      st.lastBytes = sock.bytesRead;
      if (changed) st.lastActive = now;
      // A full close, not end(): after a half-close the socket still reads, so a request the
      // client sent before it saw our FIN ran in the app while its answer had nowhere to go (and
      // the connection hung until the drain deadline). Closed, the kernel resets such a request
      // unread: the app never runs it and the client may safely send it again.
      else if (now - st.lastActive >= IDLE_BEFORE_CLOSE_MS) sock.destroy();
    }
  }

  /** Destroy every connection, or with `keepUpgraded` every HTTP one; returns how many were kept. */
  destroyAll(keepUpgraded = false): number {
    clearInterval(this.timer);
    let kept = 0;
    for (const sock of this.conns.keys()) {
      if (keepUpgraded && !speaksHttp(sock)) kept++;
      else sock.destroy();
    }
    return kept;
  }
}
