// `tsicorn doctor [--json] [OPTIONS]`: what the autotuner sees on this dyno and what it would do,
// with the settings resolved exactly as the server resolves them (command line, TSICORN_CMD_ARGS,
// config file, environment); with a pid file (-p/--pid FILE, here or in the config), also what the
// running master is doing now (its status file, lib/server/status-file.ts).
import { readFacts } from '../concurrency/facts.ts';
import { readCgroupUsage } from '../concurrency/usage.ts';
import { ConfigError } from '../config/errors.ts';
import { resolveConfig } from '../config/resolve.ts';
import type { Launch } from '../server/launch.ts';
import { processAlive, readPidfile } from '../server/pidfile.ts';
import { type LiveStatus, readStatus, statusPath } from '../server/status-file.ts';
import { readHostFacts } from './host.ts';
import { doctorReport, renderDoctor } from './report.ts';

/** How old a status may be before the doctor says the master stopped writing it. */
const STALE_MS = 15_000;

function liveStatus(pidfile: string | null, now: number): { live: LiveStatus | null; why: string } {
  if (!pidfile)
    return {
      live: null,
      why: 'no pid file given (--pid FILE, or -p in TSICORN_CMD_ARGS or the config file)',
    };
  const pid = readPidfile(pidfile);
  if (pid === null)
    return { live: null, why: `${pidfile} holds no pid (is tsicorn running with -p ${pidfile}?)` };
  if (!processAlive(pid)) return { live: null, why: `${pidfile} names pid ${pid}, which is not running` };
  const status = readStatus(pidfile);
  if (status === null) return { live: null, why: `master ${pid} has not written ${statusPath(pidfile)} yet` };
  if (status.pid !== pid)
    return { live: null, why: `${statusPath(pidfile)} belongs to pid ${status.pid}, not ${pid}` };
  if (now - status.at > STALE_MS)
    return { live: null, why: `${statusPath(pidfile)} is ${((now - status.at) / 1000).toFixed(0)} s old` };
  return { live: status, why: '' };
}

export async function runDoctor(launch: Launch, argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  let resolved: Awaited<ReturnType<typeof resolveConfig>>;
  try {
    resolved = await resolveConfig({
      argv: argv.filter((a) => a !== '--json'),
      env: launch.env,
      cwd: launch.cwd,
      appOptional: true,
    });
  } catch (e) {
    process.stderr.write(`Error: ${e instanceof ConfigError ? e.message : ((e as Error).stack ?? e)}\n`);
    return 1;
  }
  const root = launch.env.TSICORN_CGROUP_ROOT || '/';
  const facts = readFacts(root, launch.env);
  const now = Date.now();
  const { live, why } = liveStatus(resolved.config.pidfile, now);
  const report = doctorReport({
    facts,
    usage: readCgroupUsage(root, facts.cgroup),
    settings: resolved.config,
    sources: { workers: resolved.sources.workers, maxWorkerMemory: resolved.sources.maxWorkerMemory },
    nodeOptions: launch.env.NODE_OPTIONS,
    selfRssMb: process.memoryUsage.rss() / 1048576,
    host: await readHostFacts(),
    live,
    liveWhy: why,
  });
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : renderDoctor(report, now));
  return 0;
}
