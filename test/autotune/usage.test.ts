// Reading what the memory cgroup charges (usage minus inactive file cache) from fixture roots.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCgroupUsage, readOomKills } from '../../lib/concurrency/usage.ts';
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

describe('OOM kills the cgroup counted', () => {
  it('v1 memory.oom_control and v2 memory.events: the oom_kill line; null without a cgroup, file or line', () => {
    const root = mkdtempSync(join(tmpdir(), 'tsicorn-oom-'));
    try {
      expect(readOomKills(root, 'none')).toBeNull();
      expect(readOomKills(root, 'v1')).toBeNull();
      mkdirSync(join(root, 'sys/fs/cgroup/memory'), { recursive: true });
      writeFileSync(
        join(root, 'sys/fs/cgroup/memory/memory.oom_control'),
        'oom_kill_disable 0\nunder_oom 0\noom_kill 3\n',
      );
      expect(readOomKills(root, 'v1')).toBe(3);
      // Kernels before 4.13 have no oom_kill line.
      writeFileSync(
        join(root, 'sys/fs/cgroup/memory/memory.oom_control'),
        'oom_kill_disable 0\nunder_oom 0\n',
      );
      expect(readOomKills(root, 'v1')).toBeNull();
      writeFileSync(
        join(root, 'sys/fs/cgroup/memory.events'),
        'low 0\nhigh 0\nmax 12\noom 2\noom_kill 2\noom_group_kill 0\n',
      );
      expect(readOomKills(root, 'v2')).toBe(2);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
