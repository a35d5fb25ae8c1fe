// Boot-time fit (pure): once the first worker is ready, the master knows what one worker of this
// app really costs. A count the platform defaulted (or nobody chose) becomes as many workers as
// fit in HEADROOM of the memory limit, at least 1 and never more than the dyno table's number.
// A count the user chose is kept; when it cannot fit, one warning says so with the numbers.
import { cpusFrom, type DynoFacts, parseMemory, tableDecision } from '../concurrency/decide.ts';
import type { CountOrigin } from './origin.ts';
import { HEADROOM } from './share.ts';

export interface DynoMemory {
  /** The limit in MB, or null when unknown. */
  limitMb: number | null;
  /** `512 MB limit (cgroup v1)` or `memory limit unknown (no limit)`. */
  text: string;
  /** The dyno table's worker count for these facts (memory and CPUs, quotas included). */
  tableWorkers: number;
  cpus: number;
}

export function dynoMemory(facts: DynoFacts): DynoMemory {
  const mem = parseMemory(facts.cgroup, facts.memoryRaw, facts.memTotalKb);
  const tableWorkers = tableDecision(facts).workers;
  const cpus = cpusFrom(facts).count;
  return mem.known
    ? { limitMb: mem.mb, text: `${mem.mb} MB limit (cgroup ${facts.cgroup})`, tableWorkers, cpus }
    : { limitMb: null, text: `memory limit unknown (${mem.why})`, tableWorkers, cpus };
}

export interface BootFitFacts {
  origin: CountOrigin;
  /** The configured count (-w, WEB_CONCURRENCY, or the default 1). */
  requested: number;
  dyno: DynoMemory;
  masterRssMb: number;
  /** RSS of the first worker once it has loaded the app. */
  workerRssMb: number;
}

export interface BootFit {
  workers: number;
  /** One info line: the decision, its numbers and the rule. */
  log: string;
  /** The user's count cannot fit: one warning with what to do. */
  warning: string | null;
}

const mb = (n: number) => Math.round(n);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function bootFit(f: BootFitFacts): BootFit {
  const { dyno, requested, origin } = f;
  if (dyno.limitMb === null) {
    return {
      workers: requested,
      log: `Boot-time fit: keeping ${plural(requested, 'worker')} (${origin.detail}): ${dyno.text}, nothing to fit`,
      warning: null,
    };
  }
  const budget = HEADROOM * dyno.limitMb;
  const room = budget - f.masterRssMb;
  const fits = Math.max(0, Math.floor(room / Math.max(1, f.workerRssMb)));
  const cost = `the first worker uses ${mb(f.workerRssMb)} MB RSS and the master ${mb(f.masterRssMb)} MB`;
  const rule = `${HEADROOM * 100} % of the ${dyno.text} = ${mb(budget)} MB holds floor((${mb(budget)} - ${mb(f.masterRssMb)}) / ${mb(f.workerRssMb)}) = ${fits}`;
  if (origin.kind === 'user') {
    const log = `Boot-time fit: ${plural(requested, 'worker')} as asked (${origin.detail}); ${cost}; ${rule}`;
    if (requested <= fits) return { workers: requested, log, warning: null };
    const need = f.masterRssMb + requested * f.workerRssMb;
    return {
      workers: requested,
      log,
      warning:
        `Memory: ${plural(requested, 'worker')} (${origin.detail}) of about ${mb(f.workerRssMb)} MB each plus the master ` +
        `need about ${mb(need)} MB, more than ${HEADROOM * 100} % of the ${dyno.text} (${mb(budget)} MB): ` +
        `expect swapping (R14) or an out-of-memory kill (R15). ${plural(Math.max(1, fits), 'worker')} fit. ` +
        `Lower the count, or drop it and let tsicorn size the dyno.`,
    };
  }
  const workers = Math.min(Math.max(1, fits), dyno.tableWorkers);
  const bound =
    fits < 1
      ? ', at least 1'
      : fits > dyno.tableWorkers
        ? `, capped at the dyno table's ${dyno.tableWorkers}`
        : '';
  return {
    workers,
    log:
      `Boot-time fit: ${plural(workers, 'worker')} (${origin.detail}${requested !== workers ? `, was ${requested}` : ''}): ` +
      `${cost}; ${rule}${bound}`,
    warning: null,
  };
}
