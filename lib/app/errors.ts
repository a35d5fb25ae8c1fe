// One error type for everything that can go wrong while loading the user's app, so the worker,
// --check-config and the master can print one clear message (and keep the original cause).

export type AppLoadErrorKind =
  | 'bad-spec'
  | 'module-not-found'
  | 'export-not-found'
  | 'unrecognised-shape'
  | 'import-failed'
  | 'factory-failed'
  | 'typescript-unsupported'
  | 'not-ready'
  /** Nothing servable was exported and the app did not call listen() in time. */
  | 'nothing-served'
  /** The app forks its own node:cluster workers (./own-cluster.ts). */
  | 'own-cluster';

export class AppLoadError extends Error {
  override name = 'AppLoadError';
  readonly kind: AppLoadErrorKind;

  constructor(kind: AppLoadErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    // Whoever logs `.stack` should see where the user's code failed, not where tsicorn noticed.
    const cause = options?.cause;
    if (cause instanceof Error && cause.stack)
      this.stack = `${this.name}: ${message}\nCaused by: ${cause.stack}`;
    // Without a cause, the frames would be tsicorn's loader, which tells the user nothing.
    else this.stack = `${this.name}: ${message}`;
  }

  /** The message plus the original error's stack, when there is one (what the log should show). */
  detail(): string {
    const cause = this.cause;
    if (cause instanceof Error && cause.stack) return `${this.message}\n${cause.stack}`;
    if (cause !== undefined) return `${this.message}\n${String(cause)}`;
    return this.message;
  }
}
