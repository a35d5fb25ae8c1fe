// wrk: finding it, running it, and reading its text output into numbers.
import { execFile, execFileSync } from 'node:child_process';

/** Path of wrk on PATH, or null. */
export function findWrk() {
  try {
    return execFileSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

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
  const toMs = { us: 0.001, ms: 1, s: 1000, m: 60000 };
  return {
    rps: Number(rps[1]),
    requests: Number(total[1]),
    socketErrors: sock
      ? { connect: +sock[1], read: +sock[2], write: +sock[3], timeout: +sock[4] }
      : { connect: 0, read: 0, write: 0, timeout: 0 },
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    latencyAvgMs: lat ? Number(lat[1]) * toMs[lat[2]] : null,
  };
}

/** Total socket errors of a parsed run. */
export const socketErrorCount = (r) =>
  r.socketErrors.connect + r.socketErrors.read + r.socketErrors.write + r.socketErrors.timeout;

/**
 * Runs wrk against url for `seconds` (whole seconds: wrk takes no fractions) with `connections`
 * on one thread, under `taskset -c cpus` when cpus is given. `close` adds `Connection: close`.
 */
export function runWrk({ wrk, url, seconds, connections, close, cpus }) {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '5s'];
  if (close) args.push('-H', 'Connection: close');
  args.push(url);
  const [cmd, argv] = cpus ? ['taskset', ['-c', cpus, wrk, ...args]] : [wrk, args];
  return new Promise((resolve, reject) => {
    execFile(cmd, argv, { encoding: 'utf8', timeout: (seconds + 20) * 1000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`wrk failed (${err.message}):\n${stdout}${stderr}`));
      try {
        resolve(parseWrk(stdout));
      } catch (e) {
        reject(e);
      }
    });
  });
}
