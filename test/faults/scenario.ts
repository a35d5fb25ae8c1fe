// Runs one fault scenario and prints what it measured (the numbers the README table quotes).
import type { Context, Result, Scenario } from '../../scripts/faults/index.ts';

export async function runScenario(s: Scenario, ctx: Context): Promise<Result> {
  const r = await s.run(ctx);
  console.log(
    `${s.name}: ${r.requests} requests, ${r.failures} failed, ${r.restarts} restarts, max RSS ${r.maxRssMb} MB; ${r.measured}`,
  );
  return r;
}
