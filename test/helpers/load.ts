// A small closed-loop load generator for fault tests: N concurrent clients on keep-alive
// connections, each sending GETs back to back until stopped, counting answers and failures.
// Every connection is pinned to the worker that accepted it, so each answer and each failure is
// put down to a worker: the pid in the answers that connection carried before.

import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';

export interface LoadResult {
  ok: number;
  failed: number;
  errors: string[];
  /** Requests sent again after a reused keep-alive connection closed before any answer began: the
   * race every HTTP/1.1 client meets when a server closes an idle connection as a request leaves,
   * which Node's http docs tell clients to retry (req.reusedSocket). Counted, never hidden. */
  retried: number;
  /** Worker pids seen in answers ({"pid": N} bodies). */
  pids: Set<number>;
  /** Answers per worker pid. */
  servedBy: Map<number, number>;
  /** Failures per worker pid of the connection they happened on; 0 when it had not been answered on yet. */
  failedOn: Map<number, number>;
  /** Connections opened, and how many of them have carried an answer (so their worker is known). */
  connections: { opened: number; answered: number };
}

export interface Load {
  stop(): Promise<LoadResult>;
  result: LoadResult;
}

const bump = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);

function getOnce(
  agent: Agent,
  url: URL,
  pinned: WeakMap<Socket, number>,
  opened: WeakSet<Socket>,
  result: LoadResult,
  retry: boolean,
): Promise<void> {
  return new Promise((resolve) => {
    let answerBegan = false;
    let socket: Socket | null = null;
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      result.failed++;
      result.errors.push(why);
      bump(result.failedOn, (socket && pinned.get(socket)) ?? 0);
      resolve();
    };
    const req = request(url, { agent, timeout: 10_000 }, (res) => {
      answerBegan = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => {
        if (res.statusCode !== 200) return fail(`HTTP ${res.statusCode}`);
        if (settled) return;
        settled = true;
        const pid = (JSON.parse(body) as { pid?: number }).pid ?? 0;
        if (socket && !pinned.has(socket)) result.connections.answered++;
        if (socket) pinned.set(socket, pid);
        result.ok++;
        result.pids.add(pid);
        bump(result.servedBy, pid);
        resolve();
      });
      res.on('error', (e) => fail(e.message));
    });
    req.on('socket', (s) => {
      socket = s;
      if (!opened.has(s)) {
        opened.add(s);
        result.connections.opened++;
      }
    });
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', (e) => {
      const code = (e as NodeJS.ErrnoException).code;
      if (
        retry &&
        req.reusedSocket &&
        !answerBegan &&
        (code === 'ECONNRESET' || e.message === 'socket hang up')
      ) {
        if (settled) return;
        settled = true;
        result.retried++;
        void getOnce(agent, url, pinned, opened, result, false).then(resolve);
        return;
      }
      fail(e.message);
    });
    req.end();
  });
}

export function startLoad(
  base: string,
  opts: {
    concurrency?: number;
    path?: string;
    keepAlive?: boolean;
    /** Send again, once, a request whose reused keep-alive connection closed before any answer. */
    retryKeepAliveRace?: boolean;
  } = {},
): Load {
  const url = new URL(opts.path ?? '/', base);
  const agent = new Agent({ keepAlive: opts.keepAlive ?? true, maxSockets: opts.concurrency ?? 4 });
  const result: LoadResult = {
    ok: 0,
    failed: 0,
    errors: [],
    retried: 0,
    pids: new Set(),
    servedBy: new Map(),
    failedOn: new Map(),
    connections: { opened: 0, answered: 0 },
  };
  const pinned = new WeakMap<Socket, number>();
  const opened = new WeakSet<Socket>();
  let running = true;
  const client = async () => {
    while (running) await getOnce(agent, url, pinned, opened, result, opts.retryKeepAliveRace ?? false);
  };
  const clients = Array.from({ length: opts.concurrency ?? 4 }, client);
  return {
    result,
    async stop() {
      running = false;
      await Promise.all(clients);
      agent.destroy();
      return result;
    },
  };
}
