// A TCP port nobody listens on right now, found by binding port 0 and closing again. Another
// process can take it before the caller binds it, so use it only where a retry or a clear error
// follows (the inspector port of a worker, test and tool servers on loopback).
import { type AddressInfo, createServer } from 'node:net';

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
