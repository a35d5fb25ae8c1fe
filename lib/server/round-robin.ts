// The round-robin distribution: the master accepts every connection itself and hands each one
// to the next ready worker over IPC (Node cluster's default scheduling). Measured slower than a
// shared socket on short connections (see docs/bench-results.md); offered for comparison and for
// kernels that balance a shared socket badly.
import * as net from 'node:net';
import type { Logger } from '../log/types.ts';
import type { Listener } from './listeners.ts';

export class RoundRobin {
  private readonly servers: net.Server[] = [];
  private next = 0;

  private readonly readyTargets: () => Array<(sock: net.Socket) => boolean>;
  private readonly log: Logger;

  /** Each target hands a socket to one currently ready worker; false when it could not. (No
   * parameter properties: Node's type stripping, which runs the sources, does not support them.) */
  constructor(readyTargets: () => Array<(sock: net.Socket) => boolean>, log: Logger) {
    this.readyTargets = readyTargets;
    this.log = log;
  }

  start(listeners: Listener[], backlog: number): void {
    for (const l of listeners) {
      const srv = net.createServer({ pauseOnConnect: true }, (sock) => this.dispatch(sock));
      srv.on('error', (e) => this.log.error(`round-robin listener: ${e.message}`));
      srv.listen({ fd: l.fd, backlog });
      this.servers.push(srv);
    }
  }

  private dispatch(sock: net.Socket): void {
    const targets = this.readyTargets();
    for (let i = 0; i < targets.length; i++) {
      if (targets[(this.next++ + i) % targets.length]!(sock)) return;
    }
    sock.destroy();
  }

  close(): void {
    for (const srv of this.servers.splice(0)) srv.close();
  }
}
