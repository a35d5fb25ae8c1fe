// Request-head checks beyond what Node's parser (llhttp) enforces, from RFC 9110/9112 and
// Gunicorn's parser tests: refuse requests that a front proxy and this server could read
// differently (request smuggling) or that no HTTP/1.x server should accept. Pure, and run on every
// request: one pass over the raw headers, then checks that cost little on the common shapes.
import { checkLineAndCount, fieldTooLarge, type Limits, type Rejection, type RequestHead } from './limits.ts';
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

/** What the request head holds that the HTTP layer acts on, found during the same pass. */
export interface HeadFacts {
  /** The first X-Request-Start value (router queue time), if any. */
  requestStart: string | undefined;
  /** X-Forwarded-For or X-Forwarded-Proto is present: the client must be resolved from them. */
  forwarded: boolean;
  /** Transfer-Encoding is present: the body is chunked and may end in trailers. */
  chunked: boolean;
}

export function emptyHeadFacts(): HeadFacts {
  return { requestStart: undefined, forwarded: false, chunked: false };
}

/** Does `name` equal the lowercase `lower`, ignoring case? Header names are tokens (llhttp refuses
 * anything else), and for token characters `| 0x20` lowercases a letter and changes nothing else
 * that could match a lowercase letter or '-'. No string is allocated. */
function nameIs(name: string, lower: string): boolean {
  for (let i = lower.length - 1; i >= 0; i--)
    if ((name.charCodeAt(i) | 0x20) !== lower.charCodeAt(i)) return false;
  return true;
}

/**
 * Every check of a request head in one pass over its fields, the order of precedence unchanged:
 * Gunicorn's limits (414, 431: ./limits.ts), then HTTP version (505), duplicate singleton fields,
 * Host, Transfer-Encoding and the request-target (400). Fills `facts` on the way (it is reset
 * first) so the caller never needs `req.headers`, which Node builds only when first read.
 */
export function checkHead(head: Head & RequestHead, limits: Limits, facts: HeadFacts): Rejection | null {
  facts.requestStart = undefined;
  facts.forwarded = false;
  facts.chunked = false;
  const limited = checkLineAndCount(head, limits);
  if (limited) return limited;
  const maxField = limits.limitRequestFieldSize;
  const raw = head.rawHeaders;
  let host: string | undefined;
  let contentType = false;
  let transferEncoding: string | undefined;
  let duplicate: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (maxField > 0) {
      const big = fieldTooLarge(name, raw[i + 1]!, maxField);
      if (big) return big;
    }
    // Only six names matter here: their length and first letter spare comparing the others.
    // A second Content-Length never gets here: Node's parser refuses any two (HPE_UNEXPECTED_CONTENT_LENGTH,
    // Node 20 and 24: test/http/parser-audit.test.ts), as it refuses Content-Length with Transfer-Encoding.
    const first = name.charCodeAt(0) | 0x20;
    switch (name.length) {
      case 4:
        if (first === 0x68 /* h */ && nameIs(name, 'host')) {
          if (host !== undefined) duplicate ??= name;
          else host = raw[i + 1]!;
        }
        break;
      case 12:
        if (first === 0x63 /* c */ && nameIs(name, 'content-type')) {
          if (contentType) duplicate ??= name;
          contentType = true;
        }
        break;
      case 15:
        if (first !== 0x78 /* x */) break;
        if (nameIs(name, 'x-forwarded-for')) facts.forwarded = true;
        else if (nameIs(name, 'x-request-start')) facts.requestStart ??= raw[i + 1]!;
        break;
      case 17:
        if (first === 0x74 /* t */ && nameIs(name, 'transfer-encoding')) {
          const value = raw[i + 1]!;
          transferEncoding = transferEncoding === undefined ? value : `${transferEncoding}, ${value}`;
        } else if (first === 0x78 /* x */ && nameIs(name, 'x-forwarded-proto')) facts.forwarded = true;
        break;
    }
  }
  if (head.httpVersionMajor !== 1)
    return { status: 505, reason: `HTTP/${head.httpVersionMajor}.${head.httpVersionMinor} is not supported` };
  // RFC 9110 singleton fields that decide routing or content handling: a second one is refused
  // (Content-Length is the parser's: see above).
  if (duplicate !== undefined) return { status: 400, reason: `more than one ${duplicate} header` };
  // RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request without Host, or with an invalid one.
  if (host === undefined) {
    if (head.httpVersionMinor >= 1) return { status: 400, reason: 'HTTP/1.1 request without Host' };
  } else if (!validHost(host)) return { status: 400, reason: 'Host is not a valid host[:port]' };
  if (transferEncoding !== undefined) {
    facts.chunked = true;
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
