// The message for an app that exported nothing servable and never called listen() on an HTTP
// server: what happened, what the module exports, and the two ways to fix it. Pure.
import type { CapturedListen } from './listen-capture.ts';

export interface NothingServed {
  /** The module, relative to the working directory. */
  file: string;
  /** 'timeout': the boot timeout passed; 'idle': the app had nothing left to do. */
  outcome: 'timeout' | 'idle';
  bootTimeout: number;
  /** The module's top-level code had not finished (a top-level await still pending). */
  stillLoading: boolean;
  exports: readonly string[];
  /** Why the default/app export is not servable, when there is one. */
  exportReason: string | null;
  captured: readonly CapturedListen[];
}

export function nothingServedMessage(f: NothingServed): string {
  const what = f.stillLoading
    ? `${f.file} was still running its top-level code`
    : `${f.file} exports nothing tsicorn can serve (${f.exportReason ?? `exports: ${f.exports.length ? f.exports.join(', ') : 'none'}`})`;
  const when =
    f.outcome === 'idle'
      ? ': the app has nothing left to do (no timer, socket or pending work that could still call listen())'
      : ` within the boot timeout (--boot-timeout ${f.bootTimeout} s)`;
  const notHttp = f.captured.filter((c) => !c.http).map((c) => c.target);
  const lines = [
    `${what}, and it did not call listen() on an HTTP server${when}.`,
    ...(notHttp.length
      ? [`It called listen() on ${notHttp.join(', ')}, but for a server that is not an HTTP server.`]
      : []),
    ...(f.exportReason && f.exports.length ? [`Exports: ${f.exports.join(', ')}.`] : []),
    'Fix it either way:',
    `  - export the app: \`module.exports = app\` (CommonJS) or \`export default app\` (ESM), or name it: tsicorn ${f.file.replace(/\.[cm]?[jt]s$/, '')}:EXPORT;`,
    `  - or let the app call listen() as it does under \`node ${f.file}\`, e.g. \`app.listen(process.env.PORT)\`: tsicorn serves that server on its own sockets.`,
  ];
  return lines.join('\n');
}
