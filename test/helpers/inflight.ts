// A request known to be in flight: the arbiter fixture's /hold sends its head at once (with the
// worker's pid) and its body later. Once the head is here the request has started, on that worker,
// so a test can signal or kill the master or worker without sleeping and hoping.
import { request } from 'node:http';

export interface Held {
  /** The worker serving it (its x-worker-pid header). */
  pid: number;
  /** How it ended: 'answered' with the whole body, or 'failed: <why>' (connection reset, aborted ...). */
  outcome: Promise<string>;
}

/** GET `${base}/hold?ms=${ms}` on a fresh connection; resolves once its head has arrived. */
export function hold(base: string, ms: number): Promise<Held> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/hold?ms=${ms}`, { agent: false, timeout: ms + 10_000 }, (res) => {
      const pid = Number(res.headers['x-worker-pid']);
      if (!pid) {
        reject(new Error(`no x-worker-pid in the answer to /hold (status ${res.statusCode})`));
        return;
      }
      const outcome = new Promise<string>((done) => {
        res.resume();
        res.on('end', () => done(res.complete ? 'answered' : 'failed: incomplete body'));
        res.on('error', (e) => done(`failed: ${e.message}`));
        res.on('aborted', () => done('failed: aborted'));
      });
      resolve({ pid, outcome });
    });
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    req.end();
  });
}
