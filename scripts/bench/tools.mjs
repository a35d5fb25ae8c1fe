// What the bench runs besides Node, and getting it onto a fresh machine: wrk (the load), hyperfine
// (the .profile.d timing), gunicorn (the Python reference), valgrind (instructions per request)
// and strace (syscalls per request) are Debian packages; PM2 and throng
// are devDependencies. On a fresh clone `npm run bench` installs what is missing when it can (root
// with apt-get; npm for node_modules) and says what it did, so the first run measures every row
// instead of quietly leaving peers out. BENCH_NO_INSTALL=1 turns that off.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The commands the bench uses and the Debian package that brings each. */
export const TOOLS = [
  { command: 'wrk', pkg: 'wrk' },
  { command: 'hyperfine', pkg: 'hyperfine' },
  { command: 'gunicorn', pkg: 'gunicorn' },
  { command: 'valgrind', pkg: 'valgrind' },
  { command: 'strace', pkg: 'strace' },
];
/** devDependencies the peers need, checked in node_modules. */
export const NODE_PEERS = ['pm2', 'throng'];

/**
 * What to do about what is missing. Pure: facts in, plan out.
 *   { apt: [pkg...] | null, npm: boolean, advice: [line...] }
 */
export function installPlan({ missingTools, missingModules, root, hasApt, optOut }) {
  const advice = [];
  let apt = null;
  if (missingTools.length > 0) {
    const pkgs = missingTools.map((t) => t.pkg);
    if (!optOut && root && hasApt) apt = pkgs;
    else
      advice.push(
        `not installed: ${missingTools.map((t) => t.command).join(', ')}; ` +
          `Debian/Ubuntu: apt-get update && apt-get install -y ${pkgs.join(' ')}` +
          (optOut ? '' : root ? '' : ' (as root)'),
      );
  }
  const npm = !optOut && missingModules.length > 0;
  if (missingModules.length > 0 && !npm)
    advice.push(`not in node_modules: ${missingModules.join(', ')} (their rows will fail); run npm ci`);
  return { apt, npm, advice };
}

/** Where `command` is on PATH, or null. */
export function commandPath(command) {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}
const onPath = (command) => commandPath(command) !== null;

/** Looks, installs what it may, and reports. Returns true when node_modules changed (the caller
 * starts again so that the pinned Node and the peers are used). */
export function ensureTools(root, log) {
  const missingTools = TOOLS.filter((t) => !onPath(t.command));
  const missingModules = NODE_PEERS.filter((m) => !existsSync(join(root, 'node_modules', m, 'package.json')));
  const plan = installPlan({
    missingTools,
    missingModules,
    root: process.getuid?.() === 0,
    hasApt: onPath('apt-get'),
    optOut: process.env.BENCH_NO_INSTALL === '1',
  });
  for (const line of plan.advice) log(`bench: ${line}`);
  if (plan.apt) {
    log(`bench: installing ${plan.apt.join(', ')} (Debian packages; BENCH_NO_INSTALL=1 skips this)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const ok =
      spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env }).status === 0 &&
      spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...plan.apt], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env,
      }).status === 0;
    if (!ok) log('bench: apt-get failed; the rows that need those tools are skipped');
  }
  if (plan.npm) {
    log(`bench: installing the devDependencies (npm ci) for ${missingModules.join(', ')}`);
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (r.status !== 0) log('bench: npm ci failed; the rows that need those packages are skipped');
    return r.status === 0;
  }
  return false;
}
