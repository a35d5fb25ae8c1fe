import { createServer } from 'node:http';
import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { captureListens, describeListenArgs } from '../../lib/app/listen-capture.ts';

describe('listen() overloads', () => {
  const cb = () => {};
  it('reads ports, paths, option objects and callbacks', () => {
    expect(describeListenArgs([3000])).toEqual({ target: 'port 3000', port: 3000, callback: null });
    expect(describeListenArgs(['5000', cb])).toEqual({ target: 'port 5000', port: 5000, callback: cb });
    expect(describeListenArgs([8080, '0.0.0.0', 511, cb]).callback).toBe(cb);
    expect(describeListenArgs(['/tmp/app.sock'])).toMatchObject({ target: 'unix:/tmp/app.sock', port: null });
    expect(describeListenArgs([{ port: 4000, host: '::' }])).toMatchObject({
      target: 'port 4000',
      port: 4000,
    });
    expect(describeListenArgs([{ path: '/run/x.sock' }])).toMatchObject({ target: 'unix:/run/x.sock' });
    expect(describeListenArgs([cb])).toEqual({ target: 'a random port', port: 0, callback: cb });
  });
});

describe('captureListens', () => {
  it('binds nothing, still fires the callback, and restores listen()', async () => {
    const capture = captureListens();
    const server = createServer();
    const fired = new Promise<number>((resolve) => {
      server.listen(45679, () => resolve((server.address() as net.AddressInfo).port));
    });
    expect(await fired).toBe(45679);
    expect(server.listening).toBe(false);
    expect(capture.captured.map((c) => c.target)).toEqual(['port 45679']);
    capture.release();
    const real = net.createServer();
    await new Promise<void>((resolve) => real.listen(0, '127.0.0.1', resolve));
    expect(real.listening).toBe(true);
    real.close();
  });
});
