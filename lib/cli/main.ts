// Entry point of dist/tsicorn.mjs. The same bundle runs the master (CLI) and, when the
// master forks it with TSICORN_WORKER set, a worker: one file to ship, one version on disk.
import { VERSION } from '../version.ts';

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(`tsicorn ${VERSION}\n`);
    return;
  }
  process.stderr.write('tsicorn: the server is not built yet\n');
  process.exitCode = 2;
}

await main(process.argv.slice(2));
