// biome-ignore-all lint/correctness/noUnusedFunctionParameters: parameter names are what these tests read
// Pure decisions behind running apps unchanged: reading parameter names, Fastify plugins versus
// request listeners, which captured listen() is served, the nothing-served message, the served
// address, and Socket.IO's polling signature.
import { createServer as createHttpServer, Server as HttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { chooseServed, unservedNotes } from '../../lib/app/late-listen.ts';
import type { CapturedListen } from '../../lib/app/listen-capture.ts';
import { nothingServedMessage } from '../../lib/app/nothing-served.ts';
import { parameterNames, readParameterNames } from '../../lib/app/params.ts';
import { servedAddressOf } from '../../lib/app/served-address.ts';
import { classifyApp } from '../../lib/app/shape.ts';
import { isEnginePolling, pollingAdvice } from '../../lib/app/socketio-polling.ts';

describe('parameterNames', () => {
  it('reads functions, arrows, async, methods, defaults, destructuring and rest', () => {
    expect(parameterNames(async function plugin(fastify: unknown, opts: unknown) {})).toEqual([
      'fastify',
      'opts',
    ]);
    expect(parameterNames(async (req: unknown, res: unknown) => {})).toEqual(['req', 'res']);
    expect(parameterNames(((x: unknown) => x) as never)).toEqual(['x']);
    expect(
      parameterNames(function (
        this: unknown,
        a = { b: [1, 2] },
        { c, d }: { c: 1; d: 2 },
        ...rest: unknown[]
      ) {}),
    ).toEqual(['a', '', '...rest']);
    expect(parameterNames({ handler(req: unknown, res: unknown) {} }.handler)).toEqual(['req', 'res']);
    expect(parameterNames(Math.max)).toBeNull();
    expect(parameterNames((() => {}).bind(null))).toBeNull();
  });
  it('says what the names read as', () => {
    expect(readParameterNames(['req', 'res', 'next'])).toBe('listener');
    expect(readParameterNames(['_request', 'response'])).toBe('listener');
    expect(readParameterNames(['fastify', 'opts'])).toBe('plugin');
    expect(readParameterNames(['app', '_options', 'done'])).toBe('plugin');
    expect(readParameterNames(['a', 'b'])).toBeNull();
    expect(readParameterNames(['fastify'])).toBeNull();
  });
});

describe('classifyApp with the fastify fact', () => {
  const withFastify = { fastify: true };
  it('a (fastify, opts) async function is a plugin when the app has fastify', () => {
    expect(classifyApp(async (fastify: unknown, opts: unknown) => [fastify, opts], withFastify).kind).toBe(
      'fastify-plugin',
    );
    const noFastify = classifyApp(async (fastify: unknown, opts: unknown) => [fastify, opts]);
    expect(noFastify).toMatchObject({ kind: 'unknown' });
    expect((noFastify as { reason: string }).reason).toMatch(/reads as a Fastify plugin.*no fastify package/);
  });
  it("fastify-plugin's markers decide, whatever the names", () => {
    const fn = Object.assign(async (a: unknown, b: unknown) => [a, b], {
      [Symbol.for('skip-override')]: true,
    });
    expect(classifyApp(fn).kind).toBe('fastify-plugin');
  });
  it('(req, res) stays a listener even in an app that has fastify', () => {
    expect(classifyApp(async (req: unknown, res: unknown) => [req, res], withFastify).kind).toBe('listener');
    expect(
      classifyApp((req: unknown, res: unknown, next: unknown) => [req, res, next], withFastify).kind,
    ).toBe('listener');
  });
  it('an async (a, b) or callback (a, b, c) function in a fastify app is refused naming both readings', () => {
    for (const fn of [
      async (a: unknown, b: unknown) => [a, b],
      (a: unknown, b: unknown, c: unknown) => [a, b, c],
    ]) {
      const s = classifyApp(fn, withFastify);
      expect(s.kind).toBe('unknown');
      expect((s as { reason: string }).reason).toMatch(
        /reads two ways: as a Fastify plugin \(fastify, opts\).*or as a Node request listener \(req, res\)/,
      );
    }
    // Without fastify there is only one reading.
    expect(classifyApp(async (a: unknown, b: unknown) => [a, b]).kind).toBe('listener');
  });
});

function captured(
  server: CapturedListen['server'],
  port: number | null,
  target = `port ${port}`,
): CapturedListen {
  return { server, target, port, http: server instanceof HttpServer };
}

describe('chooseServed', () => {
  const metrics = captured(createHttpServer(), 9091);
  const web = captured(createHttpServer(), 5000);
  const raw = captured(createNetServer(), 4000);
  it('serves the listen on PORT, else the first HTTP server; never a raw TCP server', () => {
    expect(chooseServed([metrics, web], 5000)).toEqual({ served: web, onPort: true });
    expect(chooseServed([metrics, web], null)).toEqual({ served: metrics, onPort: false });
    expect(chooseServed([raw, metrics], 5000)).toEqual({ served: metrics, onPort: false });
    expect(chooseServed([raw], 4000)).toBeNull();
    expect(chooseServed([], 5000)).toBeNull();
  });
  it('names every listen that was not served', () => {
    const notes = unservedNotes([metrics, web, raw], web);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/also called listen\(\) on port 9091: nothing was bound there/);
    expect(notes[1]).toMatch(/port 4000 for a server that is not an HTTP server/);
  });
  it('when the export is served, says so instead of naming a listen rule that did not apply', () => {
    const [note] = unservedNotes([metrics], null);
    expect(note).toMatch(
      /also called listen\(\) on port 9091: nothing was bound there \(tsicorn serves the app the module exports\)/,
    );
  });
});

describe('nothingServedMessage', () => {
  it('says what happened, names the exports and shows both fixes', () => {
    const m = nothingServedMessage({
      file: 'server.js',
      outcome: 'timeout',
      bootTimeout: 60,
      stillLoading: false,
      exports: ['helper', 'config'],
      exportReason: null,
      captured: [],
    });
    expect(m).toMatch(/^server\.js exports nothing tsicorn can serve \(exports: helper, config\)/);
    expect(m).toMatch(
      /did not call listen\(\) on an HTTP server within the boot timeout \(--boot-timeout 60 s\)/,
    );
    expect(m).toMatch(/export the app: `module\.exports = app`.*`export default app`/);
    expect(m).toMatch(/let the app call listen\(\) as it does under `node server\.js`/);
  });
  it('tells an app that ran out of work, and a listen on a raw TCP server, apart', () => {
    const m = nothingServedMessage({
      file: 'main.js',
      outcome: 'idle',
      bootTimeout: 60,
      stillLoading: false,
      exports: [],
      exportReason: null,
      captured: [captured(createNetServer(), 7000)],
    });
    expect(m).toMatch(/exports: none/);
    expect(m).toMatch(/nothing left to do/);
    expect(m).toMatch(/listen\(\) on port 7000, but for a server that is not an HTTP server/);
  });
});

describe('servedAddressOf', () => {
  it('reports the first bind as address() would', () => {
    expect(servedAddressOf(['0.0.0.0:5000'])).toEqual({ address: '0.0.0.0', family: 'IPv4', port: 5000 });
    expect(servedAddressOf(['localhost:8000'])).toEqual({ address: '127.0.0.1', family: 'IPv4', port: 8000 });
    expect(servedAddressOf(['[::]:8000', '0.0.0.0:1'])).toEqual({
      address: '::',
      family: 'IPv6',
      port: 8000,
    });
    expect(servedAddressOf(['unix:/tmp/app.sock'])).toBe('/tmp/app.sock');
    expect(servedAddressOf(['fd://3'])).toBeNull();
    expect(servedAddressOf(['127.0.0.1:0'])).toBeNull();
    expect(servedAddressOf([])).toBeNull();
  });
});

describe('Socket.IO polling', () => {
  it('recognises engine.io polling requests only', () => {
    expect(isEnginePolling('/socket.io/?EIO=4&transport=polling&t=PZ1')).toBe(true);
    expect(isEnginePolling('/custom/?EIO=4&transport=polling&sid=abc')).toBe(true);
    expect(isEnginePolling('/socket.io/?EIO=4&transport=websocket')).toBe(false);
    expect(isEnginePolling('/search?transport=polling')).toBe(false);
    expect(isEnginePolling(undefined)).toBe(false);
  });
  it('advises the websocket transport or one worker', () => {
    const a = pollingAdvice(2, '/socket.io/?EIO=4&transport=polling&t=x&sid=abc');
    expect(a).toMatch(/with 2 workers/);
    expect(a).toMatch(/transports: \['websocket'\]/);
    expect(a).toMatch(/-w 1/);
    expect(a).not.toMatch(/sid=abc/);
  });
});
