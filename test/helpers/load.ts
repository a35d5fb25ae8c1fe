// A small closed-loop load generator for fault tests: N concurrent clients on keep-alive
// connections, each sending GETs back to back until stopped, counting answers and failures.
import { Agent, request } from 'node:http';

export interface LoadResult {
  ok: number;
  failed: number;
  errors: string[];
  /** Worker pids seen in answers ({"pid": N} bodies). */
  pids: Set<number>;
}

export interface Load {
  stop(): Promise<LoadResult>;
  result: LoadResult;
}

function getOnce(agent: Agent, url: URL): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    req.end();
  });
}

export function startLoad(
  base: string,
  opts: { concurrency?: number; path?: string; keepAlive?: boolean } = {},
): Load {
  const url = new URL(opts.path ?? '/', base);
  const agent = new Agent({ keepAlive: opts.keepAlive ?? true, maxSockets: opts.concurrency ?? 4 });
  const result: LoadResult = { ok: 0, failed: 0, errors: [], pids: new Set() };
  let running = true;
  const client = async () => {
    while (running) {
      try {
        const r = await getOnce(agent, url);
        if (r.status === 200) {
          result.ok++;
          const pid = (JSON.parse(r.body) as { pid?: number }).pid;
          if (pid) result.pids.add(pid);
        } else {
          result.failed++;
          result.errors.push(`HTTP ${r.status}`);
        }
      } catch (e) {
        result.failed++;
        result.errors.push((e as Error).message);
      }
    }
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
