// Parsing of --bind values (pure). Accepted forms, as Gunicorn users write them:
//   HOST:PORT   127.0.0.1:8000, 0.0.0.0:5000, localhost:3000
//   [V6]:PORT   [::]:8000, [::1]:8000
//   HOST        port 8000
//   unix:PATH   a Unix domain socket
//   fd://N      a listening socket inherited at file descriptor N (systemd, supervisors)

export type BindAddress =
  | { kind: 'tcp'; host: string; port: number; ipv6: boolean }
  | { kind: 'unix'; path: string }
  | { kind: 'fd'; fd: number };

export class BindError extends Error {}

const DEFAULT_PORT = 8000;

function parsePort(text: string, whole: string): number {
  if (!/^\d+$/.test(text))
    throw new BindError(`invalid port in bind address "${whole}": "${text}" is not a number`);
  const port = Number(text);
  if (port > 65535) throw new BindError(`invalid port in bind address "${whole}": ${port} is above 65535`);
  return port;
}

export function parseBind(value: string): BindAddress {
  const v = value.trim();
  if (v === '') throw new BindError('empty bind address; use HOST:PORT, [::]:PORT, unix:/path or fd://N');
  if (v.startsWith('unix:')) {
    const path = v.slice('unix:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new BindError(`bind address "${value}" has no socket path (write unix:/tmp/app.sock)`);
    return { kind: 'unix', path };
  }
  if (v.startsWith('fd://')) {
    const n = v.slice('fd://'.length);
    if (!/^\d+$/.test(n))
      throw new BindError(`bind address "${value}": fd:// needs a file descriptor number`);
    return { kind: 'fd', fd: Number(n) };
  }
  if (v.startsWith('[')) {
    const end = v.indexOf(']');
    if (end < 0) throw new BindError(`bind address "${value}" opens "[" without closing "]"`);
    const host = v.slice(1, end);
    const rest = v.slice(end + 1);
    if (rest !== '' && !rest.startsWith(':'))
      throw new BindError(`bind address "${value}": expected ":PORT" after "]"`);
    return { kind: 'tcp', host, port: rest ? parsePort(rest.slice(1), value) : DEFAULT_PORT, ipv6: true };
  }
  const colons = v.split(':').length - 1;
  if (colons > 1) {
    throw new BindError(
      `bind address "${value}" looks like a bare IPv6 address; write it in brackets: [${v}]:PORT`,
    );
  }
  if (colons === 1) {
    const [host, port] = v.split(':') as [string, string];
    return { kind: 'tcp', host: host || '0.0.0.0', port: parsePort(port, value), ipv6: false };
  }
  if (/^\d+$/.test(v))
    throw new BindError(`bind address "${value}" is only a port; write 0.0.0.0:${v} or 127.0.0.1:${v}`);
  return { kind: 'tcp', host: v, port: DEFAULT_PORT, ipv6: false };
}

export function formatBind(b: BindAddress, actualPort?: number): string {
  if (b.kind === 'unix') return `unix:${b.path}`;
  if (b.kind === 'fd') return `fd://${b.fd}`;
  const port = actualPort ?? b.port;
  return b.ipv6 ? `http://[${b.host}]:${port}` : `http://${b.host}:${port}`;
}
