// Router queue time from the X-Request-Start header: how long a request waited between the front
// router (or proxy) receiving it and a worker starting on it. Pure: header text and a clock in.
//
// Heroku's router sends milliseconds since the epoch (`1700000000123`); nginx is usually set up to
// send `t=${msec}`, seconds with a fraction (`t=1700000000.123`); Apache's mod_headers `%t` sends
// `t=` and microseconds (`t=1700000000123456`). The unit is told apart by magnitude, as every APM
// agent does: a current time is about 1.7e9 in seconds, 1.7e12 in ms, 1.7e15 in µs, 1.7e18 in ns.

const FORMAT = /^\s*(?:t=)?(\d{1,20}(?:\.\d{1,9})?)\s*$/;
/** A start before 2000-01-01 is no timestamp from a router clock (`t=0`, a counter): ignored. */
const EARLIEST_MS = 946_684_800_000;

/** Milliseconds since the epoch the header stands for, or null when it is absent or not a timestamp. */
export function requestStartMs(header: string | string[] | undefined): number | null {
  if (header === undefined) return null;
  // A repeated header is joined with ', ' (or arrives as an array): the first hop's value counts.
  let raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined) return null;
  const comma = raw.indexOf(',');
  if (comma >= 0) raw = raw.slice(0, comma);
  const m = FORMAT.exec(raw);
  if (!m) return null;
  const v = Number(m[1]);
  let ms: number;
  if (v < 1e11) ms = v * 1000;
  else if (v < 1e14) ms = v;
  else if (v < 1e17) ms = v / 1000;
  else ms = v / 1e6;
  return ms >= EARLIEST_MS ? ms : null;
}

/**
 * Milliseconds the request waited before `nowMs`, or null without a usable header. A start in
 * the future (the router's clock ahead of this dyno's) counts as no wait at all, never negative.
 */
export function queueTimeMs(header: string | string[] | undefined, nowMs: number): number | null {
  const start = requestStartMs(header);
  if (start === null) return null;
  return nowMs > start ? nowMs - start : 0;
}
