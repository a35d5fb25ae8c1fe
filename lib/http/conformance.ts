// Request-head checks beyond what Node's parser enforces, from RFC 9110/9112 (and Gunicorn's
// parser tests): refuse what a front proxy and this server could read differently.
import type { IncomingMessage } from 'node:http';
import type { Rejection } from './limits.ts';

export function checkConformance(
  _req: Pick<IncomingMessage, 'method' | 'url' | 'httpVersion' | 'rawHeaders' | 'headers'>,
): Rejection | null {
  return null;
}
