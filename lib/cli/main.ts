// Entry point of dist/tsicorn.mjs. The same bundle runs the master (the CLI) and the
// processes the master starts, told apart by TSICORN_ROLE (lib/server/contract/roles.ts):
// one file to ship, one version on disk.
//   (unset)      the CLI: parse settings, then run the arbiter (master)     lib/cli/cli.ts
//   worker       a worker serving the app on the master's sockets           lib/server/worker.ts
//   check-app    load the app once and report, for --check-config           lib/app/check.ts
import { ROLES, roleOf } from '../server/contract/roles.ts';

const role = roleOf(process.env);
if (role === ROLES.worker) {
  const { runWorker } = await import('../server/worker.ts');
  await runWorker();
} else if (role === ROLES.checkApp) {
  const { runCheckApp } = await import('../app/check.ts');
  // The app may hold timers or connections open; the check is over once it has answered.
  process.exit(await runCheckApp());
} else {
  const { runCli } = await import('../cli/cli.ts');
  const { currentLaunch } = await import('../server/launch.ts');
  process.exitCode = await runCli(currentLaunch(import.meta.url));
}
