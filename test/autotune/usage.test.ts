// Reading what the memory cgroup charges (usage minus inactive file cache) from fixture roots.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCgroupUsage } from '../../lib/concurrency/usage.ts';
import { ROOT } from '../helpers/proc.ts';

const fixture = (name: string) => join(ROOT, 'fixtures/cgroups', name);

describe('cgroup usage', () => {
  it('v1 and v2: usage minus inactive file cache', () => {
    expect(readCgroupUsage(fixture('standard-1x-v1'), 'v1')).toEqual({ usageMb: 128, inUseMb: 112 });
    expect(readCgroupUsage(fixture('standard-2x-v2'), 'v2')).toEqual({ usageMb: 256, inUseMb: 240 });
  });
  it('no cgroup, or no usage file: null; no memory.stat: the whole usage', () => {
    expect(readCgroupUsage(fixture('nocgroup'), 'none')).toBeNull();
    const root = mkdtempSync(join(tmpdir(), 'tsicorn-usage-'));
    try {
      expect(readCgroupUsage(root, 'v2')).toBeNull();
      mkdirSync(join(root, 'sys/fs/cgroup'), { recursive: true });
      writeFileSync(join(root, 'sys/fs/cgroup/memory.current'), `${64 * 1048576}\n`);
      expect(readCgroupUsage(root, 'v2')).toEqual({ usageMb: 64, inUseMb: 64 });
      writeFileSync(join(root, 'sys/fs/cgroup/memory.current'), 'garbage\n');
      expect(readCgroupUsage(root, 'v2')).toBeNull();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
