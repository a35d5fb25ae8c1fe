// Entry of dist/buildpack-release.mjs, run by bin/release.
import { runPhase } from './output.ts';
import { release } from './release.ts';

process.exitCode = await runPhase(() => release(process.argv.slice(2)));
