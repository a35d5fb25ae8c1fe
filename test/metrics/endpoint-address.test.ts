// --metrics-bind parsing: loopback unless an interface is named.
import { describe, expect, it } from 'vitest';
import { parseMetricsBind } from '../../lib/metrics/endpoint-address.ts';

describe('parseMetricsBind', () => {
  it('a bare port listens on loopback', () => {
    expect(parseMetricsBind('9100')).toEqual({ host: '127.0.0.1', port: 9100 });
  });
  it('HOST:PORT and [IPV6]:PORT as given', () => {
    expect(parseMetricsBind('0.0.0.0:9100')).toEqual({ host: '0.0.0.0', port: 9100 });
    expect(parseMetricsBind('[::1]:9100')).toEqual({ host: '::1', port: 9100 });
    expect(parseMetricsBind('localhost:9100')).toEqual({ host: 'localhost', port: 9100 });
  });
  it('refuses what cannot be an endpoint, saying what works', () => {
    for (const bad of ['unix:/tmp/m.sock', 'fd://3', 'localhost', '127.0.0.1:0', '0', '70000', 'a:b', ''])
      expect(() => parseMetricsBind(bad), bad).toThrow(/PORT|port/);
  });
});
