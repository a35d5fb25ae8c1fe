// Host facts for `tsicorn doctor`: CPU model and physical cores, through systeminformation's CPU
// module alone (its index pulls in every module it has; this one is all the doctor needs). These
// are the host's: a dyno sizes from its cgroup and affinity mask, which the report shows apart.
// @ts-expect-error systeminformation types only its index; lib/cpu.js exports the same cpu().
import { cpu } from 'systeminformation/lib/cpu.js';
import type { HostFacts } from './report.ts';

interface SiCpu {
  manufacturer?: string;
  brand?: string;
  physicalCores?: number;
  cores?: number;
}

export async function readHostFacts(timeoutMs = 3000): Promise<HostFacts | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const c = (await Promise.race([
      (cpu as () => Promise<SiCpu>)(),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), timeoutMs);
      }),
    ])) as SiCpu | null;
    if (c === null) return null;
    const model = [c.manufacturer, c.brand].filter(Boolean).join(' ').trim();
    return {
      cpuModel: model === '' ? null : model,
      physicalCores: c.physicalCores || null,
      logicalCpus: c.cores || null,
    };
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
