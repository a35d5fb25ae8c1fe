// node:perf_hooks' `performance`, held in a plain binding for the request path. The bundle reaches
// node: builtins through a getter per imported name (esbuild's CommonJS interop, scripts/build.mjs):
// a call and a megamorphic lookup on every use, and a request reads the clock on the hot path.
// Modules bundled together import this binding directly, with no getter in between.
import { performance as perfHooks } from 'node:perf_hooks';

export const performance = perfHooks;
