// Entry of dist/buildpack-compile.mjs, run by bin/compile with the Node it found.
import { compile } from './compile.ts';
import { runPhase } from './output.ts';

process.exitCode = await runPhase(() => compile(process.argv.slice(2)));
