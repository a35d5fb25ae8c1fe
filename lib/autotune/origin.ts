// Who chose the worker count (pure): the user (-w, TSICORN_CMD_ARGS, the config file, their own
// WEB_CONCURRENCY) is obeyed; a platform default (a buildpack named itself in
// WEB_CONCURRENCY_SET_BY, or heroku/nodejs's Fir exec.d computed it) or no choice at all is only
// a starting point the autotuner may lower to what fits and grow back.
import { type DynoFacts, firNodejsDefault } from '../concurrency/decide.ts';
import type { SourceKind } from '../config/settings.ts';

export type CountOrigin =
  | { kind: 'user'; detail: string }
  | { kind: 'platform'; detail: string }
  | { kind: 'none'; detail: string };

export function countOrigin(source: { kind: SourceKind; detail: string }, facts: DynoFacts): CountOrigin {
  if (source.kind === 'default') return { kind: 'none', detail: 'no -w and no WEB_CONCURRENCY' };
  if (source.kind !== 'env') return { kind: 'user', detail: source.detail };
  const setBy = facts.env.WEB_CONCURRENCY_SET_BY ?? '';
  if (setBy !== '') return { kind: 'platform', detail: `${source.detail} from ${setBy}` };
  if (firNodejsDefault(facts) !== null)
    return { kind: 'platform', detail: `${source.detail} from heroku/nodejs's exec.d` };
  return { kind: 'user', detail: `${source.detail} set by the user` };
}
