// Entry of dist/buildpack-build.mjs, run by bin/build (CNB).
import { build } from './build.ts';
import { runPhase } from './output.ts';

process.exitCode = await runPhase(() => build(process.env, process.cwd()));
