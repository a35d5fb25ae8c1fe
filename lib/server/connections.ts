// Tracks a worker's client connections so a graceful stop can close each keep-alive
// connection only once it has been idle for a moment. Closing a connection the instant it goes
// idle races a client whose next request is already on the wire (it sees ECONNRESET), which is
// exactly what a busy keep-alive client looks like.
//
// Nothing here runs per request: http.Server offers no per-connection idle time, so activity is
// inferred while draining, every sweep, from what is already known: which sockets have a request
// in flight (the HTTP layer's own bookkeeping) and whether socket.bytesRead grew. A 'data'
// listener would be simpler but takes the socket off http.Server's fast path, where the parser
// reads the socket directly, and costs throughput on every request.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** A connection idle this long while draining is safe to close: its client is not mid-request. */
export const IDLE_BEFORE_CLOSE_MS = 250;

interface ConnState {
  lastActive: number;
  /** socket.bytesRead at the last sweep: growth means the client sent something since. */
  lastBytes: number;
  /** Had a request in flight at the last sweep. */
  wasBusy: boolean;
}

export class ConnectionTracker {
  private readonly conns = new Map<Socket, ConnState>();

  constructor(server: Server) {
    server.on('connection', (sock: Socket) => {
      this.conns.set(sock, { lastActive: Date.now(), lastBytes: 0, wasBusy: false });
      sock.once('close', () => this.conns.delete(sock));
    });
  }

  get size(): number {
    return this.conns.size;
  }

  /** Draining starts: every open connection gets a full idle period before it may be closed. */
  startDraining(now = Date.now()): void {
    for (const st of this.conns.values()) {
      st.lastActive = now;
      st.lastBytes = -1;
    }
  }

  /**
   * Close connections with no request in flight (`busy` holds the sockets that have one) that
   * saw no traffic for IDLE_BEFORE_CLOSE_MS. Called every few milliseconds while draining.
   */
  closeIdle(busy: ReadonlySet<Socket>, now = Date.now()): void {
    for (const [sock, st] of this.conns) {
      const isBusy = busy.has(sock);
      const changed = isBusy || st.wasBusy || sock.bytesRead !== st.lastBytes;
      st.wasBusy = isBusy;
      st.lastBytes = sock.bytesRead;
      if (changed) st.lastActive = now;
      else if (now - st.lastActive >= IDLE_BEFORE_CLOSE_MS) sock.end();
    }
  }

  destroyAll(): void {
    for (const sock of this.conns.keys()) sock.destroy();
  }
}
