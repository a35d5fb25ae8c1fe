// IP address syntax, with the same answers as node:net's isIP/isIPv4/isIPv6 for every input
// (test/http/ip.test.ts compares them). Node's isIPv6 is one large regular expression, and V8
// compiles a regular expression on its first use: about 10 ms (measured on Node 20 and 24), paid
// at start by the master and by every worker, since the default forwarded_allow_ips holds ::1.
// Checking the grammar by hand costs microseconds.

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** dec-octet "." dec-octet "." dec-octet "." dec-octet, no leading zeros (0-255). */
function v4(s: string, start: number, end: number): boolean {
  let dots = 0;
  let i = start;
  for (;;) {
    const from = i;
    while (i < end && isDigit(s.charCodeAt(i))) i++;
    const n = i - from;
    if (n === 0 || n > 3 || (n > 1 && s.charCodeAt(from) === 0x30)) return false;
    if (n === 3 && Number(s.slice(from, i)) > 255) return false;
    if (i === end) return dots === 3;
    if (s.charCodeAt(i) !== 0x2e /* . */ || ++dots > 3) return false;
    i++;
  }
}

/** 1 to 4 hex digits between start and end. */
function hexGroup(s: string, start: number, end: number): boolean {
  const n = end - start;
  if (n < 1 || n > 4) return false;
  for (let i = start; i < end; i++) if (!isHex(s.charCodeAt(i))) return false;
  return true;
}

/**
 * Groups of `s` between start and end, separated by single colons: the number of 16-bit pieces
 * they make (an IPv4 address last counts two, when allowed), or -1 when one is not a group.
 */
function pieces(s: string, start: number, end: number, v4Last: boolean): number {
  if (start === end) return 0;
  let count = 0;
  let from = start;
  for (;;) {
    let to = s.indexOf(':', from);
    if (to < 0 || to > end) to = end;
    if (to === end && v4Last && s.lastIndexOf('.', end - 1) >= from) return v4(s, from, end) ? count + 2 : -1;
    if (!hexGroup(s, from, to)) return -1;
    count++;
    if (to === end) return count;
    from = to + 1;
  }
}

const isZoneChar = (c: number) =>
  isDigit(c) ||
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x41 && c <= 0x5a) ||
  c === 0x2d /* - */ ||
  c === 0x2e /* . */ ||
  c === 0x3a; /* : */

export function isIPv4(s: string): boolean {
  return v4(s, 0, s.length);
}

/** RFC 4291 text form, an IPv4 address allowed as the last 32 bits, and a zone (`%eth0`) as Node allows. */
export function isIPv6(s: string): boolean {
  let end = s.indexOf('%');
  if (end < 0) end = s.length;
  else {
    if (end === s.length - 1) return false;
    for (let i = end + 1; i < s.length; i++) if (!isZoneChar(s.charCodeAt(i))) return false;
  }
  const gap = s.indexOf('::');
  if (gap < 0 || gap >= end) return pieces(s, 0, end, true) === 8;
  // One "::" stands for at least one zero group: at most 7 written.
  if (s.indexOf('::', gap + 1) >= 0 && s.indexOf('::', gap + 1) < end) return false;
  const left = pieces(s, 0, gap, false);
  const right = pieces(s, gap + 2, end, true);
  return left >= 0 && right >= 0 && left + right <= 7;
}

/** 4, 6 or 0 (not an address), as net.isIP. */
export function ipFamily(s: string): 0 | 4 | 6 {
  return isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0;
}
