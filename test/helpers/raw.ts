// Raw bytes to the server on a fresh TCP connection, for what a well-behaved client cannot send
// (malformed heads, oversized lines, forged line breaks).
import { connect } from 'node:net';

/** Sends `bytes` to 127.0.0.1:port; resolves with everything read (as latin1, byte for byte)
 * until the server closes, or `ms` of silence ends the wait. */
export function rawExchange(port: number, bytes: Buffer | string, ms = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1', () => sock.write(bytes));
    let got = '';
    sock.setEncoding('latin1');
    sock.on('data', (d) => {
      got += d;
    });
    sock.on('close', () => resolve(got));
    sock.on('error', reject);
    sock.setTimeout(ms, () => sock.destroy());
  });
}
