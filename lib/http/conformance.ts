// Request-head checks beyond what Node's parser (llhttp) enforces, from RFC 9110/9112 and
// Gunicorn's parser tests: refuse requests that a front proxy and this server could read
// differently (request smuggling) or that no HTTP/1.x server should accept. Pure.
import type { Rejection } from './limits.ts';

export interface Head {
  method?: string;
  url?: string;
  httpVersionMajor: number;
  httpVersionMinor: number;
  rawHeaders: string[];
}

/** Fields a request may carry once only (RFC 9110 singleton fields that decide routing or framing). */
const SINGLETON_FIELDS = new Set(['host', 'content-length', 'content-type']);

/** Fields that must not arrive as trailers (RFC 9110 6.5.1: framing, routing, authentication). */
const FORBIDDEN_TRAILERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'content-type',
  'content-encoding',
  'authorization',
  'cookie',
  'expect',
  'te',
  'trailer',
]);

export function checkConformance(head: Head): Rejection | null {
  if (head.httpVersionMajor !== 1)
    return { status: 505, reason: `HTTP/${head.httpVersionMajor}.${head.httpVersionMinor} is not supported` };
  const seen = new Set<string>();
  let hasTransferEncoding = false;
  for (let i = 0; i < head.rawHeaders.length; i += 2) {
    const name = head.rawHeaders[i]!.toLowerCase();
    if (SINGLETON_FIELDS.has(name)) {
      if (seen.has(name)) return { status: 400, reason: `more than one ${head.rawHeaders[i]} header` };
      seen.add(name);
    }
    if (name === 'transfer-encoding') hasTransferEncoding = true;
  }
  // RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request without Host.
  if (head.httpVersionMinor >= 1 && !seen.has('host'))
    return { status: 400, reason: 'HTTP/1.1 request without Host' };
  // RFC 9112 6.1: HTTP/1.0 has no chunked framing; such a body is faulty framing (smuggling risk).
  if (head.httpVersionMinor === 0 && hasTransferEncoding)
    return { status: 400, reason: 'Transfer-Encoding in an HTTP/1.0 request' };
  // RFC 9112 3.2.4: asterisk-form is only for OPTIONS.
  if (head.url === '*' && head.method !== 'OPTIONS')
    return { status: 400, reason: `request target * with method ${head.method}` };
  return null;
}

/** The first trailer field that must not be a trailer, or null. */
export function forbiddenTrailer(rawTrailers: string[]): string | null {
  for (let i = 0; i < rawTrailers.length; i += 2)
    if (FORBIDDEN_TRAILERS.has(rawTrailers[i]!.toLowerCase())) return rawTrailers[i]!;
  return null;
}
