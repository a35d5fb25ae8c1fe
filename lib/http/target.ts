// The request-target's form against its method (RFC 9112 3.2) and the Host field's grammar
// (RFC 9110 7.2, RFC 3986 3.2.2-3.2.3). Pure. Written for the common case first: an origin-form
// target and a plain `name[:port]` Host cost one character test and one small regex.
import { isIPv6 } from './ip.ts';

/** The Host values nearly every request carries: a DNS name or IPv4 address, maybe a port. */
const PLAIN_HOST = /^[A-Za-z0-9._~-]*(?::[0-9]*)?$/;
/** reg-name = *( unreserved / pct-encoded / sub-delims ). */
const REG_NAME = /^(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})*$/;
const IPV_FUTURE = /^[vV][0-9A-Fa-f]+\.[A-Za-z0-9._~!$&'()*+,;=:-]+$/;
const PORT = /^[0-9]*$/;
const ABSOLUTE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/;

export interface HostPort {
  host: string;
  /** null without a colon; '' for `host:` (RFC 3986 allows an empty port). */
  port: string | null;
}

/** A port must name a TCP port: the grammar allows any digits, but an app that builds a URL from
 * `Host: x:99999` would throw (WHATWG URL refuses it), so such a value is refused here. */
function portInRange(port: string): boolean {
  return port.length < 5 || Number(port) <= 65535;
}

/** uri-host [ ":" port ] with uri-host = IP-literal / IPv4address / reg-name; null when invalid. */
export function parseHostPort(value: string): HostPort | null {
  let host: string;
  let rest: string;
  if (value.charCodeAt(0) === 0x5b /* [ */) {
    const end = value.indexOf(']');
    if (end < 0) return null;
    host = value.slice(0, end + 1);
    rest = value.slice(end + 1);
    const literal = value.slice(1, end);
    // IPv6 zone identifiers (RFC 6874) are not part of RFC 3986's IP-literal: refused.
    if (!IPV_FUTURE.test(literal) && (literal.includes('%') || !isIPv6(literal))) return null;
    if (rest !== '' && rest.charCodeAt(0) !== 0x3a /* : */) return null;
  } else {
    const colon = value.indexOf(':');
    host = colon < 0 ? value : value.slice(0, colon);
    rest = colon < 0 ? '' : value.slice(colon);
    // IPv4address is a subset of reg-name's characters, so one pattern covers both.
    if (!REG_NAME.test(host)) return null;
  }
  if (rest === '') return { host, port: null };
  const port = rest.slice(1);
  if (!PORT.test(port) || !portInRange(port)) return null;
  return { host, port };
}

/**
 * `name[:port]` with name = letters, digits and `._~-` (what nearly every Host is), port of digits
 * up to 65535: true. Anything else: false, for the full grammar to decide. A loop over the
 * characters: no regular expression, no substring, no number parsing.
 */
function plainHost(value: string): boolean {
  let i = 0;
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x3a /* : */) break;
    const letterOrDigit = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
    if (
      !letterOrDigit &&
      c !== 0x2e /* . */ &&
      c !== 0x2d /* - */ &&
      c !== 0x5f /* _ */ &&
      c !== 0x7e /* ~ */
    )
      return false;
  }
  let port = 0;
  for (let j = i + 1; j < value.length; j++) {
    const d = value.charCodeAt(j) - 0x30;
    if (d < 0 || d > 9) return false;
    port = port * 10 + d;
    if (port > 65535) return false;
  }
  return true;
}

/** The last Host value found plain. A client (or the router in front) sends the same Host on
 * every request: comparing with the last one costs less than a pass over its characters. */
let lastPlainHost = '';

/** Is this a valid Host field value (RFC 9110 7.2)? An empty value is valid (no authority). */
export function validHost(value: string): boolean {
  if (value === lastPlainHost) return true;
  if (plainHost(value)) {
    lastPlainHost = value;
    return true;
  }
  // Not the plain shape: the full grammar. A plain shape with a port over 65535 is refused there too.
  if (PLAIN_HOST.test(value)) return false;
  return parseHostPort(value) !== null;
}

/**
 * Why a request-target is not acceptable for its method, or null when it is. `host` is the Host
 * field's value when the request has one.
 *
 * - origin-form (`/path?q`): every method but CONNECT.
 * - authority-form (`host:port`): CONNECT only, and CONNECT only with it (RFC 9112 3.2.3); the
 *   port is required (RFC 9110 9.3.6: no default port).
 * - asterisk-form (`*`): OPTIONS only (RFC 9112 3.2.4).
 * - absolute-form (`http://authority/path`): any method but CONNECT, http or https, a non-empty
 *   host (RFC 9110 4.2.1).
 *
 * With an absolute- or authority-form target, a Host field must be identical (case-insensitively)
 * to the target's authority without userinfo, as RFC 9112 3.2 requires every client to send it.
 * RFC 9112 3.2.2 tells a server to ignore Host in that case; tsicorn refuses a disagreement
 * instead, because the app and its framework read Host (req.headers.host, req.hostname) while a
 * proxy in front may have routed by the target: two readings of one request is what request
 * smuggling and cache poisoning are made of, and no conforming client sends one.
 */
export function targetProblem(method: string, url: string, host: string | undefined): string | null {
  if (url.charCodeAt(0) === 0x2f /* / */)
    return method === 'CONNECT' ? 'CONNECT needs an authority-form target (host:port)' : null;
  if (method === 'CONNECT') {
    const a = parseHostPort(url);
    if (!a || a.host === '' || !a.port) return 'CONNECT needs an authority-form target (host:port)';
    return host === undefined || host.toLowerCase() === url.toLowerCase()
      ? null
      : 'Host differs from the CONNECT target';
  }
  if (url === '*') return method === 'OPTIONS' ? null : `request target * with method ${method}`;
  const m = ABSOLUTE.exec(url);
  if (!m) return 'request target is not in origin, absolute, authority or asterisk form';
  const scheme = m[1]!.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return 'absolute-form target with a scheme other than http(s)';
  const authority = m[2]!;
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const a = parseHostPort(hostPort);
  if (!a || a.host === '') return 'absolute-form target without a valid host';
  if (host !== undefined && host.toLowerCase() !== hostPort.toLowerCase())
    return 'Host differs from the absolute-form target';
  return null;
}

/**
 * Transfer-Encoding as a request may carry it: `chunked` last and only once (RFC 9112 6.1, 6.3),
 * other codings before it passed through to the app as Gunicorn does. `value` is every field line
 * joined by ", " in order.
 */
export function transferEncodingProblem(value: string): string | null {
  if (value === 'chunked') return null;
  const codings = value
    .toLowerCase()
    .split(',')
    // OWS is SP and HTAB only: String.trim() would also eat a vertical tab or a form feed.
    .map((c) => c.replace(/^[ \t]+|[ \t]+$/g, ''))
    .filter((c) => c !== '');
  if (codings.at(-1) !== 'chunked')
    return 'Transfer-Encoding without a final chunked: the body length cannot be determined';
  if (codings.indexOf('chunked') !== codings.length - 1) return 'Transfer-Encoding applies chunked twice';
  return null;
}
