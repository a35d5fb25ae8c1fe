// Entry point of dist/tsicorn.mjs. The same bundle runs the master (the CLI) and the
// processes the master starts, told apart by TSICORN_ROLE: one file to ship, one version on disk.
//   (unset)      the CLI: parse settings, then run the arbiter (master)     lib/cli/cli.ts
//   worker       a worker serving the app on the master's sockets           lib/server/worker.ts
//   check-app    load the app once and report, for --check-config           lib/app/check.ts

const role = process.env.TSICORN_ROLE;
if (role === 'worker') {
  const { runWorker } = await import('../server/worker.ts');
  await runWorker();
} else if (role === 'check-app') {
  const { runCheckApp } = await import('../app/check.ts');
  process.exitCode = await runCheckApp();
} else {
  const { runCli } = await import('../cli/cli.ts');
  process.exitCode = await runCli(process.argv.slice(2), process.env, process.cwd());
}
