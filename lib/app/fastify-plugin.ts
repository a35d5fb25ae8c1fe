// Serves a Fastify plugin module, the fastify-cli layout (`export default async function (fastify,
// opts)`, what `fastify start app.js` runs), the way fastify-cli does: a Fastify instance is
// created from the app's own fastify package (resolved from the app's directory, never tsicorn's),
// with the `options` the module exports as server options, and the plugin is registered
// unencapsulated (like fastify-plugin), so what it decorates and hooks applies to the whole app.
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface FastifyInstanceLike {
  register(plugin: unknown, opts?: unknown): unknown;
  ready(): Promise<unknown>;
  close(): Promise<unknown>;
  server: { emit(event: string, ...args: unknown[]): boolean; listenerCount?(event: string): number };
}

/** Path of the fastify package the app at `file` would import, or null when it has none. */
export function appFastifyPath(file: string): string | null {
  try {
    return createRequire(file).resolve('fastify');
  } catch {
    return null;
  }
}

type PluginFn = (this: unknown, ...args: unknown[]) => unknown;

/** Registers `plugin` on a fresh instance of the app's fastify and waits until it is ready. */
export async function fastifyFromPlugin(
  plugin: PluginFn & Record<symbol, unknown>,
  moduleExports: Record<string, unknown>,
  file: string,
): Promise<{ instance: FastifyInstanceLike; usedOptions: boolean }> {
  const path = appFastifyPath(file);
  if (!path) throw new Error(`no fastify package can be imported from ${file}`);
  const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const factory = (typeof mod.default === 'function' ? mod.default : mod.fastify) as (
    opts?: object,
  ) => FastifyInstanceLike;
  // fastify-cli passes the module's `options` export as the server options (with --options).
  const exported = moduleExports.options;
  const usedOptions = exported !== null && typeof exported === 'object';
  const instance = factory(usedOptions ? { ...(exported as object) } : {});
  let registered: PluginFn & Record<symbol, unknown> = plugin;
  if (plugin[Symbol.for('skip-override')] !== true) {
    // What fastify-plugin does, on a wrapper with the same arity (avvio tells a callback plugin
    // (instance, opts, done) from a promise one by what it returns), so the user's function is not changed.
    registered = (
      plugin.length >= 3
        ? function (this: unknown, instance: unknown, opts: unknown, done: unknown) {
            return plugin.call(this, instance, opts, done);
          }
        : function (this: unknown, instance: unknown, opts: unknown) {
            return plugin.call(this, instance, opts);
          }
    ) as PluginFn & Record<symbol, unknown>;
    registered[Symbol.for('skip-override')] = true;
    registered[Symbol.for('fastify.display-name')] = plugin.name || basename(file);
  }
  instance.register(registered, {});
  await instance.ready();
  return { instance, usedOptions };
}
