// Gunicorn's request limits, checked on the parsed request head before the app sees it.
// Pure: the head's facts in, a rejection (status + reason) or null out.
import type { Settings } from '../config/types.ts';

export type Limits = Pick<Settings, 'limitRequestLine' | 'limitRequestFields' | 'limitRequestFieldSize'> &
  Partial<Pick<Settings, 'limitRequestHeadSize'>>;

export interface Rejection {
  status: 400 | 414 | 431 | 501 | 505;
  reason: string;
}

export interface RequestHead {
  method: string;
  url: string;
  httpVersion: string;
  /** Alternating names and values, as Node's req.rawHeaders. */
  rawHeaders: string[];
}

/** Node must buffer a whole head before our checks run: let it buffer enough for our limits to
 * decide, but never more than this (a limit of 0 = unlimited still needs a ceiling in memory). */
export const MAX_HEAD_BYTES = 16 * 1024 * 1024;

/**
 * Node's maxHeaderSize for these limits: enough for the per-field limits to decide (so they answer
 * with their own 414/431 and reason), capped by limit_request_head_size, which Node's parser then
 * enforces itself (431) as the bytes arrive, before a head can pin more memory than that.
 */
export function maxHeaderSize(limits: Limits): number {
  const line = limits.limitRequestLine > 0 ? limits.limitRequestLine : MAX_HEAD_BYTES;
  const field = limits.limitRequestFieldSize > 0 ? limits.limitRequestFieldSize : MAX_HEAD_BYTES;
  const fields = limits.limitRequestFields > 0 ? limits.limitRequestFields : 32768;
  // +2 per line for CRLF, +1 field so that an over-count still parses and gets our 431.
  const perField = Math.min(MAX_HEAD_BYTES, Math.max(16 * 1024, line + 2 + (fields + 1) * (field + 2) + 2));
  const total = limits.limitRequestHeadSize ?? 0;
  return total > 0 ? Math.min(perField, total) : perField;
}

/** The request line and the field count: the limits that need no pass over the fields. */
export function checkLineAndCount(head: RequestHead, limits: Limits): Rejection | null {
  const lineLength = head.method.length + 1 + head.url.length + 1 + 'HTTP/'.length + head.httpVersion.length;
  if (limits.limitRequestLine > 0 && lineLength > limits.limitRequestLine)
    return {
      status: 414,
      reason: `request line is ${lineLength} bytes, over limit_request_line ${limits.limitRequestLine}`,
    };
  const count = head.rawHeaders.length / 2;
  if (limits.limitRequestFields > 0 && count > limits.limitRequestFields)
    return {
      status: 431,
      reason: `${count} header fields, over limit_request_fields ${limits.limitRequestFields}`,
    };
  return null;
}

/**
 * One field line against limit_request_field_size (> 0), as Gunicorn counts it: the whole line
 * with its CRLF. Node keeps no raw line, so "Name: value" with one space is assumed (OWS around
 * the value is not in rawHeaders).
 */
export function fieldTooLarge(name: string, value: string, limit: number): Rejection | null {
  const size = name.length + 2 + value.length + 2;
  if (size <= limit) return null;
  return { status: 431, reason: `header ${name} is ${size} bytes, over limit_request_field_size ${limit}` };
}

/** What to answer when Node's parser refuses a request (server 'clientError'); null = just close. */
export function clientErrorStatus(code: string | undefined): { status: number } | null {
  switch (code) {
    case 'ECONNRESET':
    case 'EPIPE':
      return null;
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431 };
    case 'HPE_URI_TOO_LONG':
      return { status: 414 };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'HPE_HEADERS_TIMEOUT':
      return { status: 408 };
    default:
      // Every other parser refusal (bad method, version, header syntax ...) is the client's fault.
      return { status: 400 };
  }
}
