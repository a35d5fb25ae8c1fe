import { describe, expect, it } from 'vitest';
import { BindError, formatBind, parseBind } from '../../lib/server/bind.ts';

describe('bind addresses', () => {
  it('parses every accepted form', () => {
    expect(parseBind('0.0.0.0:8000')).toEqual({ kind: 'tcp', host: '0.0.0.0', port: 8000, ipv6: false });
    expect(parseBind('localhost')).toEqual({ kind: 'tcp', host: 'localhost', port: 8000, ipv6: false });
    expect(parseBind(':5000')).toEqual({ kind: 'tcp', host: '0.0.0.0', port: 5000, ipv6: false });
    expect(parseBind('[::]:80')).toEqual({ kind: 'tcp', host: '::', port: 80, ipv6: true });
    expect(parseBind('[::1]')).toEqual({ kind: 'tcp', host: '::1', port: 8000, ipv6: true });
    expect(parseBind('unix:/tmp/x.sock')).toEqual({ kind: 'unix', path: '/tmp/x.sock' });
    expect(parseBind('fd://3')).toEqual({ kind: 'fd', fd: 3 });
  });

  it('explains bad ones', () => {
    expect(() => parseBind(':::80')).toThrow(/brackets/);
    expect(() => parseBind('host:99999')).toThrow(/above 65535/);
    expect(() => parseBind('unix:')).toThrow(/socket path/);
    expect(() => parseBind('8000')).toThrow(/only a port; write 0\.0\.0\.0:8000/);
    expect(() => parseBind('[::1:80')).toThrow(BindError);
    expect(() => parseBind('fd://x')).toThrow(/file descriptor number/);
  });

  it('formats what the log shows', () => {
    expect(formatBind(parseBind('[::]:0'), 4321)).toBe('http://[::]:4321');
    expect(formatBind(parseBind('unix:/run/a.sock'))).toBe('unix:/run/a.sock');
  });
});
