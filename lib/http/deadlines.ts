// Connection deadlines, decided per connection from facts the sweep gathers (pure).
//
// A worker's http.Server gets some sockets with emit('connection') (round-robin, a second bind)
// and keeps Node's own connection list off (lib/server/worker.ts), so Node's periodic check of
// headersTimeout/requestTimeout never runs there, and Node never had a deadline for a connection
// that sends nothing at all. tsicorn enforces its own, from one
// timer per worker (lib/http/connections.ts) rather than a timer per request:
//   - a request head must be complete within header_timeout of its first byte (slowloris);
//   - a new connection that sends nothing is closed after the keep-alive time (capped by the
//     header timeout): it costs a descriptor and memory and serves nobody;
//   - between requests, an idle keep-alive connection is closed after keep_alive seconds;
//   - optionally (body_idle_timeout), a request body that stops arriving while the app reads it.
// (After a response sent before its request body was read, lib/http/server.ts closes the
// connection instead of reading the rest of the body for as long as the client keeps sending.)
import type { Settings } from '../config/types.ts';

export type DeadlineSettings = Pick<Settings, 'headerTimeout' | 'keepalive' | 'bodyIdleTimeout'>;

export interface Deadlines {
  headMs: number;
  /** A connection that never sent a byte. */
  firstByteMs: number;
  /** Between requests on a keep-alive connection. */
  keepAliveMs: number;
  /** 0 = off. */
  bodyIdleMs: number;
  /** How often the sweep looks: a deadline is enforced at most about two sweeps late. */
  sweepMs: number;
}

/** A new connection's wait when keep-alive is off (nothing else bounds it but the header timeout). */
const FIRST_BYTE_WITHOUT_KEEPALIVE_S = 5;

export function deadlines(s: DeadlineSettings): Deadlines {
  const headMs = s.headerTimeout * 1000;
  const idleS = s.keepalive > 0 ? s.keepalive : FIRST_BYTE_WITHOUT_KEEPALIVE_S;
  const firstByteMs = Math.min(headMs, idleS * 1000);
  const keepAliveMs = s.keepalive * 1000;
  const bodyIdleMs = s.bodyIdleTimeout * 1000;
  const shortest = Math.min(headMs, firstByteMs, bodyIdleMs || Number.POSITIVE_INFINITY);
  const sweepMs = Math.min(1000, Math.max(50, Math.floor(shortest / 8)));
  return { headMs, firstByteMs, keepAliveMs, bodyIdleMs, sweepMs };
}

/** What the sweep knows about one connection at one look. */
export interface ConnectionFacts {
  /** A request on it is being answered (its head is complete). */
  busy: boolean;
  /** That request's body is still arriving and the app is reading it (not paused by backpressure). */
  bodyFlowing: boolean;
  /** A request has been answered on it already (so an idle wait is keep-alive, not a new connection). */
  served: boolean;
  /** When the current wait for a head began: the connection opened, or the last request ended. */
  waitingSince: number;
  /** When the first byte of the next head was seen; 0 = none yet. */
  headSince: number;
  /** When the body last grew (meaningful while bodyFlowing). */
  bodySince: number;
}

export type Verdict = 'keep' | 'idle' | 'head-timeout' | 'body-idle';

export function judge(f: ConnectionFacts, d: Deadlines, now: number): Verdict {
  if (f.busy)
    return d.bodyIdleMs > 0 && f.bodyFlowing && now - f.bodySince >= d.bodyIdleMs ? 'body-idle' : 'keep';
  if (f.headSince) return now - f.headSince >= d.headMs ? 'head-timeout' : 'keep';
  const idleLimit = f.served ? d.keepAliveMs || d.firstByteMs : d.firstByteMs;
  return now - f.waitingSince >= idleLimit ? 'idle' : 'keep';
}
