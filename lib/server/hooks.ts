// The one way hooks are called, in the master and in workers alike: sync or async, a hook that
// throws or rejects is logged under its config-file name and changes nothing else. Where each
// hook runs is declared in the hook registry (lib/config/settings.ts, HOOKS[].runsIn).
import { HOOKS } from '../config/settings.ts';
import type { Hooks } from '../config/types.ts';
import type { Logger } from '../log/types.ts';

const NAMES = new Map<string, string>(HOOKS.map((h) => [h.key, h.name]));

/** Calls `fn(...args)` if it is defined. Returns a promise only when the hook returned one (so a
 * synchronous request hook stays synchronous); the promise never rejects. */
export function runHook(
  log: Logger,
  key: keyof Hooks,
  fn: ((...args: never[]) => unknown) | undefined,
  ...args: unknown[]
): Promise<void> | undefined {
  if (!fn) return undefined;
  const failed = (e: unknown) =>
    log.error(`${NAMES.get(key) ?? key} hook failed: ${(e as Error)?.stack ?? e}`);
  try {
    const r = (fn as (...a: unknown[]) => unknown)(...args) as Promise<unknown> | undefined;
    if (r && typeof r.then === 'function') return r.then(() => undefined, failed);
  } catch (e) {
    failed(e);
  }
  return undefined;
}
