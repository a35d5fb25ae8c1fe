// Which workers serve: fresh connections until two different worker pids have answered.
import { expect } from 'vitest';
import { childPids, eventually, request } from './proc.ts';

/** GET / on fresh connections until both workers have answered (the app's body names its pid);
 * those pids must be exactly the master's children. Returns them. */
export async function bothWorkersAnswer(base: string, master: number): Promise<number[]> {
  const seen = new Set<number>();
  await eventually(
    async () => {
      const r = await request(`${base}/`);
      expect(r.status).toBe(200);
      seen.add((JSON.parse(r.body) as { pid: number }).pid);
      return seen.size === 2;
    },
    15_000,
    5,
  );
  expect([...seen].sort()).toEqual(childPids(master).sort());
  return [...seen];
}
