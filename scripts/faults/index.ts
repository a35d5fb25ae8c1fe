// Every fault scenario, in the order the README table and the soak report list them.
import type { Scenario } from './run.ts';
import { hup, hupTwice, hupWhileBooting, kill9, term, termTwice, ttinTtou, usr1, usr2 } from './signals.ts';
import { blockedLoop, crashy, leak, neverReady } from './workers.ts';

export const SCENARIOS: Scenario[] = [
  kill9,
  term,
  termTwice,
  hup,
  hupTwice,
  hupWhileBooting,
  ttinTtou,
  usr1,
  usr2,
  blockedLoop,
  leak,
  crashy,
  neverReady,
];

export type { Context, Result, Scenario } from './run.ts';
