// --metrics-bind values (pure). The endpoint shows the dyno's internals, so a bare port means
// loopback; another interface must be named: 0.0.0.0:9100, [::]:9100, 10.0.0.5:9100.
import { BindError, parseBind } from '../server/bind.ts';

export interface EndpointAddress {
  host: string;
  port: number;
}

/** PORT, HOST:PORT or [IPV6]:PORT; throws BindError with the accepted forms otherwise. */
export function parseMetricsBind(value: string): EndpointAddress {
  const v = value.trim();
  if (/^\d+$/.test(v)) {
    const port = Number(v);
    if (port < 1 || port > 65535) throw new BindError(`metrics port ${v} is not from 1 to 65535`);
    return { host: '127.0.0.1', port };
  }
  const hint = 'use PORT (loopback), HOST:PORT or [IPV6]:PORT, e.g. 9100 or 0.0.0.0:9100';
  let b: ReturnType<typeof parseBind>;
  try {
    b = parseBind(v);
  } catch (e) {
    if (e instanceof BindError) throw new BindError(`${e.message}; ${hint}`);
    throw e;
  }
  if (b.kind !== 'tcp') throw new BindError(`"${value}" is not a TCP address; ${hint}`);
  if (!/:\d+$/.test(v)) throw new BindError(`"${value}" has no port; ${hint}`);
  if (b.port < 1) throw new BindError(`"${value}": the metrics endpoint needs a fixed port (not 0)`);
  return { host: b.host, port: b.port };
}
