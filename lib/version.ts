// Injected by scripts/build.mjs from package.json; falls back for vitest runs on sources.
declare const __TSICORN_VERSION__: string | undefined;
export const VERSION: string = typeof __TSICORN_VERSION__ === 'string' ? __TSICORN_VERSION__ : '0.0.0-dev';
