// wrk: finding it, running it, and reading its text output into numbers.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { trackChild } from './servers.mjs';
import { commandPath } from './tools.mjs';

const TIMELINE_LUA = fileURLToPath(new URL('./timeline.lua', import.meta.url));
const WARMUP_LUA = fileURLToPath(new URL('./warmup.lua', import.meta.url));
const TO_MS = { us: 0.001, ms: 1, s: 1000, m: 60000 };

/** Path of wrk on PATH, or null. */
export const findWrk = () => commandPath('wrk');

export const WRK_MISSING = [
  'npm run bench needs the HTTP load generator `wrk`, and it is not on PATH.',
  'Install it, then run the bench again:',
  '  Debian/Ubuntu: apt-get update && apt-get install -y wrk',
  '  macOS:         brew install wrk',
].join('\n');

/** Reads wrk's report. Pure: text in, numbers out; throws when the text is not a wrk report. */
export function parseWrk(text) {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(text);
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m)/.exec(text);
  if (!rps || !total) throw new Error(`wrk printed no result:\n${text.trim()}`);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  const lat = /Latency\s+([\d.]+)(us|ms|s)/.exec(text);
  // --latency adds "Latency Distribution" with 50/75/90/99 % lines.
  const pct = (p) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(text);
    return m ? Number(m[1]) * TO_MS[m[2]] : null;
  };
  return {
    rps: Number(rps[1]),
    requests: Number(total[1]),
    socketErrors: sock
      ? { connect: +sock[1], read: +sock[2], write: +sock[3], timeout: +sock[4] }
      : { connect: 0, read: 0, write: 0, timeout: 0 },
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    latencyAvgMs: lat ? Number(lat[1]) * TO_MS[lat[2]] : null,
    p50Ms: pct(50),
    p99Ms: pct(99),
    timeline: parseTimeline(text),
  };
}

/**
 * The TIMELINE lines timeline.lua prints (one per wrk thread), summed into one series:
 * { startMs (CLOCK_MONOTONIC), bucketMs, good: [per bucket], bad: [per bucket] }, or null.
 */
export function parseTimeline(text) {
  const re = /^TIMELINE start=([\d.]+) bucket=(\d+) good=([\d,]*) bad=([\d,]*)$/gm;
  let out = null;
  for (const m of text.matchAll(re)) {
    const nums = (s) => (s ? s.split(',').map(Number) : []);
    const t = { startMs: Number(m[1]), bucketMs: Number(m[2]), good: nums(m[3]), bad: nums(m[4]) };
    if (!out) out = t;
    else {
      // Threads start within microseconds of each other: add their buckets index by index.
      for (const k of ['good', 'bad'])
        t[k].forEach((v, i) => {
          out[k][i] = (out[k][i] ?? 0) + v;
        });
    }
  }
  return out;
}

/** Total socket errors of a parsed run. */
export const socketErrorCount = (r) =>
  r.socketErrors.connect + r.socketErrors.read + r.socketErrors.write + r.socketErrors.timeout;

/**
 * Runs wrk against url for `seconds` (whole seconds: wrk takes no fractions) with `connections`
 * on one thread, under `taskset -c cpus` when cpus is given, with its latency percentiles.
 * `close` adds `Connection: close`; `timeline` adds the per-100 ms response counts (timeline.lua);
 * `mix` (a list of paths) sends each request to the next of them (warmup.lua).
 */
export function runWrk({ wrk, url, seconds, connections, close, cpus, timeline = false, mix = null }) {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '5s', '--latency'];
  if (close) args.push('-H', 'Connection: close');
  if (timeline) args.push('-s', TIMELINE_LUA);
  if (mix) args.push('-s', WARMUP_LUA);
  args.push(url);
  if (mix) args.push('--', ...mix);
  const [cmd, argv] = cpus ? ['taskset', ['-c', cpus, wrk, ...args]] : [wrk, args];
  return new Promise((resolve, reject) => {
    const child = execFile(
      cmd,
      argv,
      { encoding: 'utf8', timeout: (seconds + 20) * 1000 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`wrk failed (${err.message}):\n${stdout}${stderr}`));
        try {
          resolve(parseWrk(stdout));
        } catch (e) {
          reject(e);
        }
      },
    );
    trackChild(child);
  });
}
