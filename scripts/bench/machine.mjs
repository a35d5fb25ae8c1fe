// Facts about the machine for the report header, read with systeminformation (CPU model,
// core counts, memory, OS) plus the versions of everything under test and of the tools.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import si from 'systeminformation';

export async function machineFacts({ node, wrk, root }) {
  const [cpu, mem, os, sys] = await Promise.all([si.cpu(), si.mem(), si.osInfo(), si.system()]);
  const version = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    } catch (e) {
      // wrk -v prints its version and exits 1.
      return String(e.stdout ?? '').trim() || 'unknown';
    }
  };
  const virtual = sys.virtual || / hypervisor( |$)/.test(cpu.flags ?? '');
  return {
    cpu: `${cpu.manufacturer} ${cpu.brand} (family ${cpu.family} model ${cpu.model})`.replace(/\s+/g, ' '),
    cores: cpu.cores,
    physicalCores: cpu.physicalCores,
    speed: cpu.speed ? `${cpu.speed} GHz` : 'not reported',
    memGiB: (mem.total / 2 ** 30).toFixed(1),
    os: `${os.distro} ${os.release}, kernel ${os.kernel}, ${os.arch}`,
    virtual: virtual ? 'yes (hypervisor)' : 'no',
    node: version(node, ['--version']),
    wrk: version(wrk, ['-v']).split('\n')[0],
    gunicorn: version('gunicorn', ['--version']).split('\n')[0],
    python: version('python3', ['--version']),
    hyperfine: version('hyperfine', ['--version']),
    pm2: `pm2 ${pkgVersion(root, 'pm2')}`,
    throng: `throng ${pkgVersion(root, 'throng')}`,
  };
}

function pkgVersion(root, name) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}
