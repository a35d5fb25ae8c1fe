// One request over a fresh connection (Connection: close), so successive requests can land on
// different workers, as they do behind the platform's router.
import { request } from 'node:http';

export function getOnce(
  port: number,
  path = '/',
  timeoutMs = 5000,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent: false, headers: { connection: 'close' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
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
