import { createServer } from 'node:http';
import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { captureListens, describeListenArgs, listenUncaptured } from '../../lib/app/listen-capture.ts';

describe('listen() overloads', () => {
  const cb = () => {};
  it('reads ports, hosts, paths, option objects and callbacks', () => {
    expect(describeListenArgs([3000])).toEqual({
      target: 'port 3000',
      port: 3000,
      host: null,
      callback: null,
    });
    expect(describeListenArgs(['5000', cb])).toEqual({
      target: 'port 5000',
      port: 5000,
      host: null,
      callback: cb,
    });
    expect(describeListenArgs([8080, '0.0.0.0', 511, cb])).toMatchObject({ host: '0.0.0.0', callback: cb });
    expect(describeListenArgs(['/tmp/app.sock'])).toMatchObject({ target: 'unix:/tmp/app.sock', port: null });
    expect(describeListenArgs([{ port: 4000, host: '::' }])).toMatchObject({
      target: 'port 4000',
      port: 4000,
      host: '::',
    });
    expect(describeListenArgs([{ path: '/run/x.sock' }])).toMatchObject({ target: 'unix:/run/x.sock' });
    expect(describeListenArgs([{ host: 'localhost' }])).toMatchObject({ target: 'a random port', port: 0 });
    expect(describeListenArgs([{ fd: 3 }])).toMatchObject({ target: 'a handle', port: null });
    expect(describeListenArgs([cb])).toEqual({ target: 'a random port', port: 0, host: null, callback: cb });
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
    expect(capture.captured.map((c) => c.target)).toEqual(['port 45679']);
    expect(capture.captured[0]!.http).toBe(true);
    capture.release();
    const real = net.createServer();
    await new Promise<void>((resolve) => real.listen(0, '127.0.0.1', resolve));
    expect(real.listening).toBe(true);
    real.close();
  });

  it('the served server reports the served address in its callback; close() calls back without an error', async () => {
    const capture = captureListens();
    const served = { address: '0.0.0.0', family: 'IPv4', port: 5123 };
    capture.subscribe((c) => capture.markServed(c, served));
    const server = createServer();
    const seen = await new Promise<unknown>((resolve) =>
      server.listen(3000, () => resolve(server.address())),
    );
    expect(seen).toEqual(served);
    expect(server.listening).toBe(true);
    const closed = await new Promise<unknown[]>((resolve) => server.close((...args) => resolve(args)));
    expect(closed).toEqual([]);
    expect(server.listening).toBe(false);
    expect(server.address()).toBeNull();
    // A second close calls back too, without emitting 'close' again.
    let closes = 0;
    server.on('close', () => closes++);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(closes).toBe(0);
    capture.release();
  });

  it('unmarkServed gives a server back the address it asked for; listenUncaptured binds for real', async () => {
    const capture = captureListens();
    const server = createServer();
    server.listen(4321, '127.0.0.1');
    const c = capture.captured[0]!;
    capture.markServed(c, { address: '0.0.0.0', family: 'IPv4', port: 80 });
    expect((server.address() as net.AddressInfo).port).toBe(80);
    capture.unmarkServed(c);
    expect(server.address()).toEqual({ address: '127.0.0.1', family: 'IPv4', port: 4321 });
    const own = net.createServer();
    await new Promise<void>((resolve) => listenUncaptured(own, 0, '127.0.0.1', resolve));
    expect(own.listening).toBe(true);
    expect(capture.captured).toHaveLength(1);
    own.close();
    capture.release();
  });
});
