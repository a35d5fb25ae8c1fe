// Request-head checks beyond what Node's parser (llhttp) enforces, from RFC 9110/9112 and
// Gunicorn's parser tests: refuse requests that a front proxy and this server could read
// differently (request smuggling) or that no HTTP/1.x server should accept. Pure, and run on every
// request: one pass over the raw headers, then checks that cost little on the common shapes.
import type { Rejection } from './limits.ts';
import { targetProblem, transferEncodingProblem, validHost } from './target.ts';

export interface Head {
  method?: string;
  url?: string;
  httpVersionMajor: number;
  httpVersionMinor: number;
  rawHeaders: string[];
}

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
  const raw = head.rawHeaders;
  let host: string | undefined;
  let contentLength = false;
  let contentType = false;
  let transferEncoding: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const length = raw[i]!.length;
    // Only four names matter here; their lengths spare lowercasing every other name.
    if (length !== 4 && length !== 12 && length !== 14 && length !== 17) continue;
    const name = raw[i]!.toLowerCase();
    let again = false;
    if (name === 'host') {
      again = host !== undefined;
      host = raw[i + 1]!;
    } else if (name === 'content-length') {
      again = contentLength;
      contentLength = true;
    } else if (name === 'content-type') {
      again = contentType;
      contentType = true;
    } else if (name === 'transfer-encoding') {
      const value = raw[i + 1]!;
      transferEncoding = transferEncoding === undefined ? value : `${transferEncoding}, ${value}`;
    }
    // RFC 9110 singleton fields that decide routing or framing: a second one is refused.
    if (again) return { status: 400, reason: `more than one ${raw[i]} header` };
  }
  // RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request without Host, or with an invalid one.
  if (host === undefined) {
    if (head.httpVersionMinor >= 1) return { status: 400, reason: 'HTTP/1.1 request without Host' };
  } else if (!validHost(host)) return { status: 400, reason: 'Host is not a valid host[:port]' };
  if (transferEncoding !== undefined) {
    // RFC 9112 6.1: HTTP/1.0 has no chunked framing; such a body is faulty framing (smuggling risk).
    if (head.httpVersionMinor === 0)
      return { status: 400, reason: 'Transfer-Encoding in an HTTP/1.0 request' };
    const problem = transferEncodingProblem(transferEncoding);
    if (problem) return { status: 400, reason: problem };
  }
  const problem = targetProblem(head.method ?? '', head.url ?? '', host);
  if (problem) return { status: 400, reason: problem };
  return null;
}

/** The first trailer field that must not be a trailer, or null. */
export function forbiddenTrailer(rawTrailers: string[]): string | null {
  for (let i = 0; i < rawTrailers.length; i += 2)
    if (FORBIDDEN_TRAILERS.has(rawTrailers[i]!.toLowerCase())) return rawTrailers[i]!;
  return null;
}
