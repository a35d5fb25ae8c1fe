import { describe, expect, it } from 'vitest';
import { type HostFacts, parseDyno, planBoot } from '../../scripts/dyno/plan.ts';

const ROOT_HOST: HostFacts = { cgroup: 'v1', why: '', cpus: 2, memTotalMb: 24000 };

describe('local dyno plan', () => {
  it('parses named sizes, aliases and custom sizes', () => {
    expect(parseDyno('standard-2x')).toEqual({
      label: 'standard-2x',
      memoryMb: 1024,
      nproc: 8,
      fixture: 'standard-2x-v1',
    });
    expect(parseDyno('Shield-M')?.label).toBe('private-m');
    expect(parseDyno('2560mb-1cpu')).toEqual({
      label: '2560mb-1cpu',
      memoryMb: 2560,
      nproc: 1,
      fixture: null,
    });
    expect(parseDyno('nolimit-2cpus')?.memoryMb).toBeNull();
    expect(parseDyno('huge')).toBeNull();
  });
  it('uses a real cgroup when the machine gives the same result', () => {
    const p = planBoot(parseDyno('standard-2x')!, ROOT_HOST);
    expect(p).toMatchObject({ mode: 'cgroup', memoryMb: 1024, cpuList: '0-1', cpus: 2 });
    expect(p.note).toContain('the dyno reports 8 CPUs; this machine has 2');
    expect(planBoot(parseDyno('performance-m')!, ROOT_HOST)).toMatchObject({
      mode: 'cgroup',
      cpuList: '0-1',
    });
    expect(planBoot(parseDyno('1024mb-1cpu')!, ROOT_HOST)).toMatchObject({ mode: 'cgroup', cpuList: '0' });
  });
  it('falls back to fixture trees and says why', () => {
    const big = planBoot(parseDyno('performance-l')!, ROOT_HOST);
    expect(big).toMatchObject({ mode: 'fixture', fixture: 'performance-l-v1' });
    expect(big.note).toContain('because this machine has 2 CPUs, not 8');
    const user = planBoot(parseDyno('standard-1x')!, {
      ...ROOT_HOST,
      cgroup: null,
      why: 'not running as root',
    });
    expect(user.note).toContain('because not running as root');
    expect(planBoot(parseDyno('private-s')!, ROOT_HOST, { forceFixture: true }).mode).toBe('fixture');
    expect(() => planBoot(parseDyno('4096mb-8cpu')!, ROOT_HOST)).toThrow(/no fixture tree exists/);
  });
});
