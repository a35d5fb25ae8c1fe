// Crash backoff: a single crash is replaced at once; quick failures in a row push the next fork
// further out (./backoff.ts has the curve), so a broken app never eats the CPU.
import { nextCrashStreak, respawnDelayMs } from '../backoff.ts';
import type { Action, Facts, PolicyEvent } from './types.ts';

export function crashPolicy(f: Facts, ev: PolicyEvent): Action[] {
  if (ev.type !== 'exit' || ev.worker.expected) return [];
  const streak = nextCrashStreak(f.crash.streak, ev.worker.livedMs, ev.worker.served);
  const delay = respawnDelayMs(streak);
  return [
    {
      do: 'backoff',
      streak,
      notBefore: f.now + delay,
      reason:
        delay > 0
          ? `${streak} worker failures in a row: next worker starts in ${(delay / 1000).toFixed(2)} s`
          : '',
    },
  ];
}
