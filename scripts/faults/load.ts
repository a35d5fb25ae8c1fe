// Closed-loop HTTP load for the fault scenarios: N clients on keep-alive connections send requests
// back to back. Every attempt is recorded with the worker that last answered on its connection, so
// a failure can be attributed to the worker that was killed under it (a connection stays with the
// worker that accepted it).
import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';

export interface Attempt {
  path: string;
  start: number;
  end: number;
  ok: boolean;
  status?: number;
  /** The worker that answered, and the code version it loaded (from the {"pid", "version"} body). */
  pid?: number;
  version?: string;
  /** The worker that last answered on this connection before the attempt (undefined: a new one). */
  connectionPid?: number;
  error?: string;
}

export interface LoadOptions {
  port: number;
  concurrency?: number;
  /** The path of each request (a fault scenario mixes in poison requests). */
  path?: () => string;
  timeoutMs?: number;
  /** Pause between a client's requests, ms (0: back to back). */
  pauseMs?: number;
  /** A new connection for every request (a probe of who accepts new clients), not keep-alive. */
  fresh?: boolean;
}

export interface Load {
  attempts: Attempt[];
  /** Connections (and the requests on them) that may be in flight on `pid` right now: those last
   * answered by it, and new ones not answered yet. */
  exposedTo(pid: number): number;
  stop(): Promise<Attempt[]>;
}

export function startLoad(o: LoadOptions): Load {
  const concurrency = o.concurrency ?? 4;
  const agent = new Agent({ keepAlive: !o.fresh, maxSockets: concurrency });
  const lastPid = new WeakMap<Socket, number>();
  const open = new Set<Socket>();
  const attempts: Attempt[] = [];
  let running = true;

  const once = (path: string): Promise<Attempt> =>
    new Promise((resolve) => {
      const a: Attempt = { path, start: Date.now(), end: 0, ok: false };
      let socket: Socket | undefined;
      const done = (patch: Partial<Attempt>) => {
        if (a.end) return;
        Object.assign(a, patch, { end: Date.now() });
        resolve(a);
      };
      const req = request(
        { host: '127.0.0.1', port: o.port, path, agent, timeout: o.timeoutMs ?? 10_000 },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d) => {
            body += d;
          });
          res.on('end', () => {
            let parsed: { pid?: number; version?: string } = {};
            try {
              parsed = JSON.parse(body);
            } catch {}
            if (socket && parsed.pid) lastPid.set(socket, parsed.pid);
            done({
              ok: res.statusCode === 200,
              status: res.statusCode,
              pid: parsed.pid,
              version: parsed.version,
            });
          });
          res.on('error', (e) => done({ error: e.message }));
        },
      );
      req.on('socket', (s: Socket) => {
        socket = s;
        a.connectionPid = lastPid.get(s);
        if (!open.has(s)) {
          open.add(s);
          s.once('close', () => open.delete(s));
        }
      });
      req.on('timeout', () => req.destroy(new Error('client timeout')));
      req.on('error', (e: NodeJS.ErrnoException) => done({ error: e.code ?? e.message }));
      req.end();
    });

  const client = async () => {
    while (running) {
      attempts.push(await once(o.path?.() ?? '/'));
      if (o.pauseMs) await new Promise((r) => setTimeout(r, o.pauseMs));
    }
  };
  const clients = Array.from({ length: concurrency }, client);
  return {
    attempts,
    exposedTo(pid) {
      let n = 0;
      for (const s of open) {
        const p = lastPid.get(s);
        if (p === undefined || p === pid) n++;
      }
      return n;
    },
    async stop() {
      running = false;
      await Promise.all(clients);
      agent.destroy();
      return attempts;
    },
  };
}
