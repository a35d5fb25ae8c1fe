// One request over a fresh connection (no pooling), so successive requests can land on different
// workers, as they do behind the platform's router. Used by the local dyno and the test helpers.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function request(
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    timeoutMs?: number;
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: init.method ?? 'GET', headers: init.headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    const timeoutMs = init.timeoutMs ?? 10_000;
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

/** GET `path` from the dyno on loopback `port`, closing the connection afterwards. */
export function getOnce(port: number, path = '/', timeoutMs = 5000): Promise<Answer> {
  return request(`http://127.0.0.1:${port}${path}`, { headers: { connection: 'close' }, timeoutMs });
}

export async function waitServing(port: number, ms: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const r = await getOnce(port, '/', 2000);
      if (r.status > 0) return;
    } catch (e) {
      if (!alive()) throw new Error('the dyno exited before it served');
      if (Date.now() > deadline) throw new Error(`nothing answered on port ${port} within ${ms} ms: ${e}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
