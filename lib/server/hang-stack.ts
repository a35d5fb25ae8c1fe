// Captures the JavaScript stack of a worker whose event loop is stuck, before it is killed.
// SIGUSR1 makes Node start its inspector on a thread of its own, which works while the main
// thread spins; Debugger.pause then interrupts the running JS and Debugger.paused carries the
// call frames. Each worker is started with --inspect-port=127.0.0.1:<port> chosen by the
// master, so the inspector only ever opens on loopback, and only when a worker is hung.
// Node 20 has no WebSocket client (global WebSocket arrives in 22), so a minimal one (RFC 6455,
// client side) lives here.
//
// Measured alternative, not taken (issue 10): a worker_thread inside each worker calling
// inspector.Session.connectToMainThread() needs no port and, once it has decided to, pauses a
// spinning main thread and gets its frames in 22-28 ms on Node 20.20 and 24.21. But nothing can
// tell that thread to act while the main thread spins (IPC and signal handlers run on the main
// thread), so it would have to detect the hang itself and ship the stack over a channel of its
// own; and the thread costs every worker 10 MB (Node 20) to 18 MB (Node 24) of RSS at all times.
// SIGUSR1 + this client costs nothing until a worker hangs.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface StackFrame {
  functionName: string;
  url: string;
  line: number;
  column: number;
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

/** The inspector's HTTP JSON endpoint (global fetch: Node 18+). */
async function fetchJson(port: number, path: string): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(500) });
  return res.json();
}

/** Encodes one masked client text frame. */
function encodeFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const mask = randomBytes(4);
  let header: Buffer;
  if (payload.length < 126) {
    header = Buffer.from([0x81, 0x80 | payload.length]);
  } else if (payload.length < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x81;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(payload.length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x81;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  return Buffer.concat([header, mask, payload]);
}

/** Splits complete (unmasked, server-sent) frames off the front of `buf`; handles fragmentation. */
export class FrameReader {
  private buf = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  push(chunk: Buffer): string[] {
    this.buf = Buffer.concat([this.buf, chunk]);
    const messages: string[] = [];
    for (;;) {
      if (this.buf.length < 2) break;
      const b0 = this.buf[0]!;
      const b1 = this.buf[1]!;
      let len = b1 & 0x7f;
      let off = 2;
      if (len === 126) {
        if (this.buf.length < 4) break;
        len = this.buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (this.buf.length < 10) break;
        len = Number(this.buf.readBigUInt64BE(2));
        off = 10;
      }
      const masked = (b1 & 0x80) !== 0;
      const maskOff = off;
      if (masked) off += 4;
      if (this.buf.length < off + len) break;
      const payload = Buffer.from(this.buf.subarray(off, off + len));
      if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= this.buf[maskOff + (i % 4)]!;
      this.buf = this.buf.subarray(off + len);
      const opcode = b0 & 0x0f;
      const fin = (b0 & 0x80) !== 0;
      if (opcode === 0x1 || opcode === 0x0) {
        this.fragments.push(payload);
        if (fin) {
          messages.push(Buffer.concat(this.fragments).toString('utf8'));
          this.fragments = [];
        }
      }
      // ping/pong/close frames carry nothing we need.
    }
    return messages;
  }
}

async function openWebSocket(port: number, path: string, timeoutMs: number): Promise<Socket> {
  const sock = connect({ host: '127.0.0.1', port });
  const key = randomBytes(16).toString('base64');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('websocket handshake timed out'));
    }, timeoutMs);
    let head = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      head = Buffer.concat([head, d]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      sock.off('data', onData);
      clearTimeout(timer);
      const status = head.subarray(0, head.indexOf('\r\n')).toString();
      if (!/ 101 /.test(status)) {
        sock.destroy();
        reject(new Error(`inspector refused the websocket: ${status}`));
        return;
      }
      const rest = head.subarray(end + 4);
      if (rest.length) sock.unshift(rest);
      resolve(sock);
    };
    sock.on('data', onData);
    sock.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}

/**
 * Activate the inspector of process `pid` (listening on `port`), pause it and return its
 * call frames, innermost first. Rejects when any step does not happen within `timeoutMs`.
 */
export async function captureHungStack(pid: number, port: number, timeoutMs = 3000): Promise<StackFrame[]> {
  const deadline = Date.now() + timeoutMs;
  process.kill(pid, 'SIGUSR1');
  let wsPath: string | null = null;
  while (Date.now() < deadline && !wsPath) {
    try {
      const list = (await fetchJson(port, '/json/list')) as Array<{ webSocketDebuggerUrl?: string }>;
      const url = list[0]?.webSocketDebuggerUrl;
      if (url) wsPath = new URL(url).pathname;
    } catch {
      await sleep(50);
    }
  }
  if (!wsPath) throw new Error(`inspector did not open on 127.0.0.1:${port}`);
  const sock = await openWebSocket(port, wsPath, Math.max(100, deadline - Date.now()));
  try {
    return await new Promise<StackFrame[]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('Debugger.pause gave no call frames in time')),
        Math.max(100, deadline - Date.now()),
      );
      const reader = new FrameReader();
      // Call frames name their script by id; Debugger.enable first announces every script's URL.
      const scripts = new Map<string, string>();
      sock.on('data', (d: Buffer) => {
        for (const text of reader.push(d)) {
          let msg: { method?: string; params?: { callFrames?: any[]; scriptId?: string; url?: string } };
          try {
            msg = JSON.parse(text);
          } catch {
            continue;
          }
          if (msg.method === 'Debugger.scriptParsed' && msg.params?.scriptId) {
            scripts.set(msg.params.scriptId, msg.params.url || '');
          } else if (msg.method === 'Debugger.paused') {
            clearTimeout(timer);
            resolve(
              (msg.params?.callFrames ?? []).map((f) => ({
                functionName: f.functionName || '<anonymous>',
                url: f.url || scripts.get(f.location?.scriptId) || '<unknown>',
                line: (f.location?.lineNumber ?? 0) + 1,
                column: (f.location?.columnNumber ?? 0) + 1,
              })),
            );
          }
        }
      });
      sock.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      sock.write(encodeFrame(JSON.stringify({ id: 1, method: 'Debugger.enable' })));
      sock.write(encodeFrame(JSON.stringify({ id: 2, method: 'Debugger.pause' })));
    });
  } finally {
    sock.destroy();
  }
}

export function formatStack(frames: StackFrame[]): string {
  return frames.map((f) => `    at ${f.functionName} (${f.url}:${f.line}:${f.column})`).join('\n');
}
