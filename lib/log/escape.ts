// What must never reach a log line raw: every character some common reader treats as a line
// break or a terminal control. C0 controls and DEL, the C1 controls (U+0085 NEL splits lines in
// Python's str.splitlines and in many log shippers), and U+2028/U+2029 (line and paragraph
// separators for JavaScript and Unicode-aware readers). Escaping them keeps one entry on one
// line, whoever reads it.

/** Characters no log format writes raw (plus, per format, its own quote and backslash). */
export const UNSAFE_IN_LOGS = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');

/** `\u0085`-style escape, as JSON and logfmt readers decode it. */
export function unicodeEscape(c: string): string {
  return `\\u${hex(c, 4)}`;
}

/** `\x85`-style escape for the text formats (Gunicorn writes `\xNN` for bytes it escapes). */
export function textEscape(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return c.charCodeAt(0) > 0xff ? unicodeEscape(c) : `\\x${hex(c, 2)}`;
}

// JSON.stringify already escapes C0 controls, quotes and backslashes, and lone surrogates; these
// it leaves raw. They can only occur inside JSON strings, so replacing them is always safe.
const JSON_LEFTOVERS = /[\x7f-\x9f\u2028\u2029]/g;

/** One JSON object on one line, whatever its strings hold. */
export function jsonLine(value: unknown): string {
  // replace() on a global pattern starts from 0 every time (test() would carry lastIndex over).
  return JSON.stringify(value).replace(JSON_LEFTOVERS, unicodeEscape);
}

const TEXT_UNSAFE_KEEP_NEWLINES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]/g;

/**
 * For free-text error-log messages in the text format: multi-line entries (stack traces) keep
 * their newlines and tabs, as Gunicorn's do; every other control or separator is escaped.
 */
export function escapeMessage(s: string): string {
  return s.replace(TEXT_UNSAFE_KEEP_NEWLINES, textEscape);
}
