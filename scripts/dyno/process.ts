// Watching a spawned process from the outside: its output as it arrives, waits for a line, its
// exit, and its direct children. Shared by the local dyno and the test helpers.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Watched {
  /** stdout + stderr as they arrived. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `re` in the output; rejects on exit or after `ms`. */
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or signal name); rejects when still running after `ms`. */
  exited(ms?: number): Promise<number | string>;
  /** The exit code or signal name, undefined while running. */
  exitResult(): number | string | undefined;
}

/** Watch a child spawned with piped stdout and stderr; `what` names it in error messages. */
export function watch(child: ChildProcess, what: string, defaultWaitMs: number): Watched {
  let out = '';
  let err = '';
  let all = '';
  let result: number | string | undefined;
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  child.stdout!.on('data', (d) => {
    out += d;
    all += d;
    notify();
  });
  child.stderr!.on('data', (d) => {
    err += d;
    all += d;
    notify();
  });
  const done = new Promise<number | string>((resolve) => {
    child.on('exit', (code, sig) => {
      result = code ?? sig ?? -1;
      resolve(result);
      notify();
    });
  });
  return {
    output: () => all,
    stdout: () => out,
    stderr: () => err,
    exitResult: () => result,
    waitFor(re, ms = defaultWaitMs) {
      return new Promise((resolve, reject) => {
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        const check = () => {
          const m = all.match(re);
          if (m) {
            finish();
            resolve(m);
          } else if (result !== undefined) {
            finish();
            reject(new Error(`${what} exited (${result}) before ${re} appeared; output:\n${all}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`timed out after ${ms} ms waiting for ${re} in the ${what}'s output:\n${all}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    exited(ms = 40_000) {
      let timer: NodeJS.Timeout | undefined;
      return Promise.race([
        done,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`${what} still running after ${ms} ms; output:\n${all}`)),
            ms,
          );
        }),
      ]).finally(() => clearTimeout(timer));
    },
  };
}

/** Direct children of `pid` (what `pgrep -P` counts); [] once it is gone. */
export function childPids(pid: number): number[] {
  try {
    const raw = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return raw ? raw.split(/\s+/).map(Number) : [];
  } catch {
    return [];
  }
}
