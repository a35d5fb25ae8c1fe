// Recognises what the user exported. Pure: a value (and facts about the app) in, a classification out.
//
// Rules, in order:
//   - fetch object: an object with a fetch(request) method (Hono, itty-router, `export default { fetch }`).
//   - Fastify instance: an object with ready(), routing() and a .server (its http.Server).
//   - Koa: an object with callback() and use().
//   - a Node http.Server (createServer(handler), not listening): requests go through its own
//     'request' listeners, and WebSocket upgrades through its 'upgrade' listeners.
//   - a Fastify plugin, the fastify-cli layout `export default async function (fastify, opts)`:
//     a function carrying fastify-plugin's markers, or one whose parameter names say
//     (fastify, opts) in an app that has the fastify package. A two-parameter async function (or
//     a three-parameter callback one) whose names say neither, in an app that has fastify, is
//     refused naming both readings rather than guessed.
//   - a function with 2 or more declared parameters: a Node request listener (req, res[, next]);
//     Express 4 and 5 apps are such functions (req, res, next).
//   - a function with exactly 1 declared parameter: a fetch handler (request) => Response.
//   - a function with 0 declared parameters (only ...rest or defaults) is ambiguous and refused,
//     with the two ways to say which it is.
import { parameterNames, readParameterNames } from './params.ts';

export type Shape =
  | { kind: 'listener'; label: 'node-listener' | 'express' }
  | { kind: 'koa'; label: 'koa' }
  | { kind: 'node-server'; label: 'node-server' }
  | { kind: 'fastify'; label: 'fastify' }
  | { kind: 'fastify-plugin'; label: 'fastify-plugin' }
  | { kind: 'fetch-object'; label: string }
  | { kind: 'fetch-function'; label: 'fetch-function' }
  | { kind: 'unknown'; reason: string };

export const ACCEPTED_SHAPES =
  'a Node request listener function (req, res) such as an Express app; a Koa app (has .callback()); ' +
  'a Fastify instance; a Fastify plugin (fastify, opts) as fastify-cli loads it; an http.Server with a request listener; an object with fetch(request) returning a Response (Hono, itty-router, { fetch }); ' +
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

/** Facts about the app's surroundings that a shape can depend on (read by the caller, at the edge). */
export interface ShapeFacts {
  /** The app can import its own `fastify` package. */
  fastify: boolean;
}

/** fastify-plugin marks the functions it wraps with these symbols. */
const FASTIFY_PLUGIN_MARKERS = [
  Symbol.for('skip-override'),
  Symbol.for('fastify.display-name'),
  Symbol.for('plugin-meta'),
];

function isAsync(f: unknown): boolean {
  return (f as { constructor?: { name?: string } })?.constructor?.name === 'AsyncFunction';
}

function classifyFunction(
  f: ((...a: unknown[]) => unknown) & Record<string | symbol, unknown>,
  facts: ShapeFacts,
): Shape {
  if (FASTIFY_PLUGIN_MARKERS.some((m) => f[m] !== undefined))
    return { kind: 'fastify-plugin', label: 'fastify-plugin' };
  const express =
    typeof f.handle === 'function' && typeof f.use === 'function' && typeof f.set === 'function';
  if (express) return { kind: 'listener', label: 'express' };
  if (f.length >= 2) {
    const names = parameterNames(f);
    const says = readParameterNames(names);
    const pluginShaped = (isAsync(f) && f.length === 2) || (!isAsync(f) && f.length === 3);
    if (says === 'listener') return { kind: 'listener', label: 'node-listener' };
    if (says === 'plugin') {
      if (facts.fastify) return { kind: 'fastify-plugin', label: 'fastify-plugin' };
      return {
        kind: 'unknown',
        reason:
          `got a function (${names?.join(', ')}), which reads as a Fastify plugin, but the app has no fastify package to run it with. ` +
          'Add fastify to "dependencies" and install it, or export a request listener (req, res)',
      };
    }
    if (pluginShaped && facts.fastify)
      return {
        kind: 'unknown',
        reason:
          `got ${isAsync(f) ? 'an async function' : 'a function'} (${names?.join(', ') || `${f.length} parameters`}) that reads two ways: ` +
          'as a Fastify plugin (fastify, opts), since the app has the fastify package, or as a Node request listener (req, res). ' +
          'Say which: name its parameters (fastify, opts) or (req, res), wrap a plugin with fastify-plugin, ' +
          'or export the Fastify instance or http.Server itself',
      };
    return { kind: 'listener', label: 'node-listener' };
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

export function classifyApp(value: unknown, facts: ShapeFacts = { fastify: false }): Shape {
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
  if (typeof value === 'function')
    return classifyFunction(
      value as ((...a: unknown[]) => unknown) & Record<string | symbol, unknown>,
      facts,
    );
  return { kind: 'unknown', reason: `got ${describe(value)}` };
}
