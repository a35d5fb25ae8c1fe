// Recognises what the user exported. Pure: a value in, a classification out.
//
// Rules, in order:
//   - fetch object: an object with a fetch(request) method (Hono, itty-router, `export default { fetch }`).
//   - Fastify instance: an object with ready(), routing() and a .server (its http.Server).
//   - Koa: an object with callback() and use().
//   - a Node http.Server (createServer(handler), not listening): requests go through its own
//     'request' listeners, and WebSocket upgrades through its 'upgrade' listeners.
//   - a function with 2 or more declared parameters: a Node request listener (req, res[, next]);
//     Express 4 and 5 apps are such functions (req, res, next).
//   - a function with exactly 1 declared parameter: a fetch handler (request) => Response.
//   - a function with 0 declared parameters (only ...rest or defaults) is ambiguous and refused,
//     with the two ways to say which it is.

export type Shape =
  | { kind: 'listener'; label: 'node-listener' | 'express' }
  | { kind: 'koa'; label: 'koa' }
  | { kind: 'node-server'; label: 'node-server' }
  | { kind: 'fastify'; label: 'fastify' }
  | { kind: 'fetch-object'; label: string }
  | { kind: 'fetch-function'; label: 'fetch-function' }
  | { kind: 'unknown'; reason: string };

export const ACCEPTED_SHAPES =
  'a Node request listener function (req, res) such as an Express app; a Koa app (has .callback()); ' +
  'a Fastify instance; an http.Server with a request listener; an object with fetch(request) returning a Response (Hono, itty-router, { fetch }); ' +
  'a function (request) => Response; or, with --factory, a function returning one of these (possibly async)';

/** The class an object was made by, read from its prototype (a Proxy cannot fake that); null for plain objects. */
function className(value: object): string | null {
  const name = Object.getPrototypeOf(value)?.constructor?.name;
  return typeof name === 'string' && name && name !== 'Object' ? name : null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') return `a function with ${value.length} declared parameter(s)`;
  if (typeof value === 'object') {
    const ctor = className(value);
    const keys = Object.keys(value as object).slice(0, 8);
    return `an object${ctor ? ` (${ctor})` : ''} with keys [${keys.join(', ')}]`;
  }
  return `a ${typeof value}`;
}

export function classifyApp(value: unknown): Shape {
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    // fetch first: routers built on a Proxy (itty-router) answer every property name with a function.
    if (typeof o.fetch === 'function') {
      const ctor = className(value);
      return { kind: 'fetch-object', label: ctor ? `fetch (${ctor})` : 'fetch' };
    }
    if (
      typeof o.ready === 'function' &&
      typeof o.routing === 'function' &&
      o.server !== null &&
      typeof o.server === 'object' &&
      typeof (o.server as { emit?: unknown }).emit === 'function'
    )
      return { kind: 'fastify', label: 'fastify' };
    if (typeof o.callback === 'function' && typeof o.use === 'function') return { kind: 'koa', label: 'koa' };
    if (
      typeof o.listen === 'function' &&
      typeof o.emit === 'function' &&
      typeof o.listeners === 'function' &&
      (o.listeners as (e: string) => unknown[]).call(o, 'request').length > 0
    )
      return { kind: 'node-server', label: 'node-server' };
    return { kind: 'unknown', reason: `got ${describe(value)}` };
  }
  if (typeof value === 'function') {
    const f = value as ((...a: unknown[]) => unknown) & Record<string, unknown>;
    if (f.length >= 2) {
      const express =
        typeof f.handle === 'function' && typeof f.use === 'function' && typeof f.set === 'function';
      return { kind: 'listener', label: express ? 'express' : 'node-listener' };
    }
    if (f.length === 1) return { kind: 'fetch-function', label: 'fetch-function' };
    return {
      kind: 'unknown',
      reason:
        'got a function with no declared parameters, which could be a request listener or a fetch handler. ' +
        'Declare its parameters ((req, res) for a listener, (request) for a fetch handler), ' +
        'export { fetch } for a fetch handler, or pass --factory if it builds the app',
    };
  }
  return { kind: 'unknown', reason: `got ${describe(value)}` };
}
